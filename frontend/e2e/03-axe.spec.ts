import { expect, test, type Page } from "@playwright/test";
import { seriousViolations, shot, signIn } from "./helpers";

const screens: { path: string; name: string; heading: RegExp }[] = [
  { path: "/", name: "schedule", heading: /予定/ },
  { path: "/requests/new", name: "request", heading: /在宅勤務の申請/ },
  { path: "/requests", name: "requests", heading: /申請一覧/ },
  { path: "/book", name: "book", heading: /座席の予約/ },
  { path: "/family", name: "family", heading: /家族の情報/ },
  { path: "/notifications", name: "notifications", heading: /お知らせ/ },
  { path: "/account", name: "account", heading: /アカウント/ },
  { path: "/approvals", name: "approvals", heading: /承認/ },
  { path: "/delegations", name: "delegations", heading: /代理承認者の設定/ },
];

async function visit(page: Page, path: string, heading: RegExp) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  await page.waitForLoadState("networkidle");
}

test("the sign-in page has no serious or critical accessibility violation", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("サインイン");
  await shot(page, "sign-in");
  expect(await seriousViolations(page)).toEqual([]);
});

test("every screen has no serious or critical accessibility violation", async ({ page }) => {
  // Every screen is visited and analysed in one test: a minute is not enough on a busy machine.
  test.setTimeout(240_000);
  await signIn(page, "supervisor");
  const found: Record<string, unknown> = {};
  for (const s of screens) {
    await visit(page, s.path, s.heading);
    const v = await seriousViolations(page);
    if (v.length) found[s.name] = v;
    await shot(page, `screen-${s.name}`);
  }
  // The month view, the request preview with dates, and a dialog.
  await visit(page, "/", /予定/);
  await page.locator("label").filter({ hasText: /^月$/ }).click();
  await expect(page.getByRole("table")).toBeVisible();
  await page.getByRole("button", { name: "次の月" }).click();
  await expect(page.getByRole("cell", { name: "2027年1月11日(月)" })).toContainText("閉庁日（成人の日）");
  found["schedule-month"] = await seriousViolations(page);
  await shot(page, "schedule-month");
  await visit(page, "/requests/new", /在宅勤務の申請/);
  await page.getByRole("button", { name: "2026年12月7日(月)" }).click();
  await expect(page.getByTestId("preview-verdict")).toBeVisible();
  found["request-preview"] = await seriousViolations(page);
  await visit(page, "/family", /家族の情報/);
  await page.getByRole("button", { name: "家族を追加" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  found["family-dialog"] = await seriousViolations(page);
  await shot(page, "family-dialog");
  for (const k of Object.keys(found)) if (Array.isArray(found[k]) && (found[k] as unknown[]).length === 0) delete found[k];
  expect(found).toEqual({});
});
