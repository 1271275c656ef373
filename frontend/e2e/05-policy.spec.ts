import { expect, test, type Browser, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { PASSWORD, seriousViolations, shot, signIn } from "./helpers";

// HR writes a new version of the telework rules: from a copy of the one in
// force, with an error shown at its path, fixed in the form, simulated for
// the demo employee, published effective tomorrow. Then a second server on
// the same data, its clock one day later, decides a request under it.
test.describe.configure({ mode: "serial", timeout: 180_000 }); // the rules form is long; a loaded machine needs the time

// The demo employee's name, as HR finds them in the staff search.
async function employeeName(browser: Browser, baseURL: string): Promise<string> {
  const ctx = await browser.newContext({ baseURL, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
  const r = await ctx.request.post("/api/v1/auth/login", { data: { email: "employee@demo.example", password: PASSWORD } });
  expect(r.ok()).toBeTruthy();
  const token = ((await r.json()) as { access_token: string }).access_token;
  const me = (await (await ctx.request.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } })).json()) as { family_name: string; given_name: string };
  await ctx.close();
  return `${me.family_name} ${me.given_name}`;
}

async function pickOption(page: Page, label: RegExp, option: string | RegExp) {
  await page.getByRole("textbox", { name: label }).click();
  await page.getByRole("option", { name: option }).click();
}

test("HR writes, checks, simulates and publishes a new version of the rules", async ({ page, browser, baseURL }) => {
  const name = await employeeName(browser, baseURL!);
  await signIn(page, "hr");
  await page.getByRole("link", { name: "在宅勤務規程" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("在宅勤務規程");
  await expect(page.getByTestId("in-force-version")).toContainText("初版");
  await expect(page.getByTestId("version-row").first()).toContainText("効力あり");
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, "policy-versions");

  // A new version starts as a copy of the one in force.
  await page.getByRole("button", { name: "効力のある版を写して新しい版を作成する" }).click();
  await expect(page.getByRole("heading", { name: "新しい版の下書き" })).toBeVisible();
  await expect(page.getByLabel("版の名前")).toHaveValue("2026-12-02改正");
  await expect(page.getByTestId("validation")).toContainText("誤りは見つかりませんでした。");

  // An error: 99 days a week. The API's validate reports limits.per_week, shown at that field.
  const perWeek = page.getByLabel("週の上限（日）", { exact: true });
  await perWeek.fill("99");
  await expect(perWeek).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("validation")).toContainText("入力欄に1件の誤りがあります");
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, "policy-draft-error");

  // The same draft in the text editor: the value written by the form is there.
  await page.getByRole("tab", { name: "全文（YAML）で編集" }).click();
  await expect(page.getByLabel("規程の全文（YAML）")).toHaveValue(/per_week: 99/);
  // An error at a path the form does not show is listed above the text.
  const text = page.getByLabel("規程の全文（YAML）");
  const original = await text.inputValue();
  await text.fill(original.replace("max_consecutive: 5", "max_consecutive: -1"));
  await expect(page.getByTestId("text-errors")).toContainText("limits.max_consecutive");
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, "policy-draft-text");
  await text.fill(original);
  await page.getByRole("tab", { name: "入力欄で編集" }).click();

  // Fixed in the form: one day a week.
  await perWeek.fill("1");
  await expect(perWeek).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("validation")).toContainText("誤りは見つかりませんでした。");
  await expect(page.getByTestId("diff")).toContainText("+   per_week: 1");
  await expect(page.getByTestId("diff")).toContainText("-   per_week: 2");

  // The settings real 要綱 write (issue 22): a trial version ending on 25 December, a month per application at
  // most; the demo city's loan PCs, shared across the organisation, past whose daily cap HR allocates.
  await page.getByLabel("効力の終了日").fill("2026-12-25");
  await page.getByLabel("1回の申請の期間の上限（暦日）").fill("31");
  await expect(page.getByLabel("資源のID")).toHaveValue("loan_pc");
  await expect(page.getByLabel("1日に使える人数")).toHaveValue("10");
  await expect(page.getByTestId("validation")).toContainText("誤りは見つかりませんでした。");
  await expect(page.getByTestId("diff")).toContainText(/\+ effective_to: "?2026-12-25/);
  await expect(page.getByTestId("diff")).toContainText("max_days: 31");
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, "policy-draft-issue22");

  // Simulation: the demo employee asks for two days in the week of 14 December.
  await page.getByRole("textbox", { name: /^職員/ }).fill(name.split(" ")[0]);
  await page.getByRole("option", { name: new RegExp(name) }).click();
  await pickOption(page, /^日付/, "2026年12月15日(火)");
  await page.getByRole("option", { name: "2026年12月16日(水)" }).click();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "この申請を追加する" }).click();
  await expect(page.getByTestId("sim-cases")).toContainText(name);
  await page.getByRole("button", { name: "シミュレーションを実行する" }).click();
  const result = page.getByTestId("sim-case");
  await expect(result).toContainText("判定が変わります");
  await expect(result.getByTestId("verdict-in-force")).toHaveText("申請できます");
  await expect(result.getByTestId("verdict-draft")).toHaveText("不可");
  await expect(result.locator("tr[data-changed]").first()).toContainText("2026年12月");
  await expect(page.getByTestId("sim-stored")).toContainText("件を確認しました");
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, "policy-simulation");

  // Published effective tomorrow (the default) with a note.
  await expect(page.getByLabel("効力発生日")).toContainText("2026年12月2日");
  await page.getByLabel("メモ（改正の理由など）").fill("在宅勤務を週1日までとします。");
  await page.getByRole("button", { name: "この版を公開する" }).click();
  await expect(page.getByText("新しい版を公開しました。")).toBeVisible();
  const row = page.getByTestId("version-row").filter({ hasText: "2026-12-02改正" });
  await expect(row).toContainText("在宅勤務を週1日までとします。");
  await expect(row).toContainText("2026年12月2日");
  await expect(row).toContainText("効力発生前");
  await shot(page, "policy-published");
});

test("tomorrow, a request is decided under the new version", async ({ browser, baseURL }) => {
  // A second server on the same data directory with the clock one day on.
  const port = Number(new URL(baseURL!).port) + 1;
  const bin = process.env.KINMUCHI_BIN ?? "../bin/kinmuchi-e2e";
  const server: ChildProcess = spawn(bin, ["serve", "--demo", "--addr", `127.0.0.1:${port}`], {
    env: {
      ...process.env,
      KINMUCHI_DATA_DIR: "e2e/.data",
      KINMUCHI_CLOCK: "2026-12-02T09:00:00+09:00",
      KINMUCHI_DEMO_PASSWORD: PASSWORD,
      KINMUCHI_LOG_LEVEL: "warn",
      KINMUCHI_WORKERS: "off",
    },
    stdio: "inherit",
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    await expect(async () => {
      const r = await fetch(`${url}/readyz`);
      expect(r.ok).toBeTruthy();
    }).toPass({ timeout: 30_000 });
    const ctx = await browser.newContext({ baseURL: url, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
    const page = await ctx.newPage();
    await signIn(page, "employee");
    await page.getByRole("link", { name: "在宅勤務の申請" }).click();
    await page.getByRole("button", { name: "2026年12月15日(火)" }).click();
    await page.getByRole("button", { name: "2026年12月16日(水)" }).click();
    await expect(page.getByTestId("preview-verdict")).toHaveText("この内容では申請できません。理由を確認してください。");
    await expect(page.getByTestId("preview")).toContainText("週の在宅勤務日数の上限（1日）を超えます");
    await shot(page, "policy-tomorrow-preview");
    await ctx.close();
    // HR is warned that the version in force ends on 25 December with nothing after it.
    const hrCtx = await browser.newContext({ baseURL: url, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
    const hr = await hrCtx.newPage();
    await signIn(hr, "hr");
    await hr.getByRole("link", { name: "在宅勤務規程" }).click();
    await expect(hr.getByTestId("version-ends")).toContainText("2026年12月25日");
    expect(await seriousViolations(hr)).toEqual([]);
    await shot(hr, "policy-version-ends");
    await hrCtx.close();
  } finally {
    server.kill("SIGTERM");
  }
});

test("the rules screen fits a phone", async ({ browser, baseURL }) => {
  const ctx = await browser.newContext({ baseURL, locale: "ja-JP", timezoneId: "Asia/Tokyo", viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await signIn(page, "hr");
  await page.getByRole("button", { name: "メニュー" }).click();
  await page.getByRole("link", { name: "在宅勤務規程" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("在宅勤務規程");
  await page.getByRole("button", { name: "効力のある版を写して新しい版を作成する" }).click();
  await expect(page.getByTestId("validation")).toContainText("誤りは見つかりませんでした。");
  // Nothing is wider than the screen: the history table and the text scroll in their own boxes.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByRole("tab", { name: "全文（YAML）で編集" }).click();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await shot(page, "phone-policy");
  await ctx.close();
});

test("the rules screen in English", async ({ page }) => {
  await signIn(page, "hr");
  await page.getByRole("banner").locator("label").filter({ hasText: /^English$/ }).click();
  await page.getByRole("link", { name: "Telework rules" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Telework rules");
  await expect(page.getByTestId("version-row").filter({ hasText: "2026-12-02改正" })).toContainText("Scheduled");
  await expect(page.getByTestId("scheduled-note")).toContainText("2026-12-02改正");
  await page.getByRole("button", { name: "Start a new version from the one in force" }).click();
  await expect(page.getByTestId("validation")).toContainText("No errors found.");
  // Today the version published above is not yet in force: the copy is of the one that is.
  await expect(page.getByLabel("Days per week", { exact: true })).toHaveValue("2");
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, "policy-en");
  // Back to Japanese for whoever signs in as HR next.
  await page.getByRole("banner").locator("label").filter({ hasText: /^日本語$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("在宅勤務規程");
});
