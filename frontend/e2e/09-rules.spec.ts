import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { parse, stringify } from "yaml";
import { PASSWORD, seriousViolations, shot, signIn } from "./helpers";

// The facts the rules read on each date (issue 22), driven through HR's and
// the employee's screens: a dated staff record, an emergency period, and a
// late request with its prior notice. The spec runs after the others and
// sets what it needs itself: a version of the rules from 14 December with
// schemes, the probation rule and the emergency key, stored through the API.
test.describe.configure({ mode: "serial", timeout: 180_000 });

async function token(request: APIRequestContext, email: string) {
  const r = await request.post("/api/v1/auth/login", { data: { email, password: PASSWORD } });
  expect(r.ok()).toBeTruthy();
  return ((await r.json()) as { access_token: string }).access_token;
}

async function signInAs(page: Page, email: string) {
  await page.goto("/");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(PASSWORD);
  await page.getByRole("button", { name: "サインイン" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/予定|Schedule/);
}

async function openHr(page: Page, entry: string) {
  await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: entry, exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(entry);
}

async function openForm(page: Page) {
  await page.getByRole("link", { name: "在宅勤務の申請" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("在宅勤務の申請");
}

async function employeePage(browser: Browser, baseURL: string, email = "employee@demo.example") {
  const ctx = await browser.newContext({ baseURL, locale: "ja-JP", timezoneId: "Asia/Tokyo", viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await signInAs(page, email);
  return page;
}

test.beforeAll(async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  const hr = await token(request, "hr@demo.example");
  const auth = { Authorization: `Bearer ${hr}` };
  const current = (await (await request.get("/api/v1/policies/telework?date=2026-12-14", { headers: auth })).json()) as { document: string };
  const doc = parse(current.document) as Record<string, unknown>;
  doc.version = "2026-12-14改正（e2e）";
  doc.effective_from = "2026-12-14";
  delete doc.effective_to;
  doc.eligibility = { ...(doc.eligibility as object), exclude_probation: true };
  doc.limits = { ...(doc.limits as object), per_week: 1 };
  doc.emergency = { lift_limits: true };
  doc.schemes = [
    { id: "home", name: { ja: "在宅勤務", en: "Working from home" }, places: ["home"] },
    { id: "satellite", name: { ja: "サテライトオフィス勤務", en: "Satellite office work" }, places: ["satellite"] },
    { id: "mobile", name: { ja: "モバイル勤務", en: "Mobile work" }, places: ["elsewhere"] },
  ];
  const r = await request.post("/api/v1/policies/telework/versions", { headers: auth, data: { document: stringify(doc), note: "e2e: 制度と非常時の設定" } });
  expect(r.status(), await r.text()).toBe(201);
  await request.dispose();
});

test("HR enters a staff record that makes the employee ineligible from a date; the employee's preview shows it", async ({ page, browser, baseURL, playwright }) => {
  // API calls go through a context of their own: a sign-in there leaves the page's cookies alone.
  const request = await playwright.request.newContext({ baseURL });
  const me = (await (await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${await token(request, "employee@demo.example")}` } })).json()) as { family_name: string; given_name: string };
  await signIn(page, "hr");
  await openHr(page, "人事記録");
  await page.getByRole("textbox", { name: "職員" }).fill(me.family_name);
  await page.getByRole("option", { name: new RegExp(`${me.family_name} ${me.given_name}`) }).first().click();
  await expect(page.getByTestId("record-history")).toContainText("この職員の人事記録はまだありません。");
  // 条件付採用: from 21 December the employee is on probation until the end of the year.
  await page.getByLabel("適用開始日").fill("2026-12-21");
  await page.getByLabel("条件付採用期間（試用期間）の終了日").fill("2026-12-31");
  await page.getByLabel("採用日").fill("2026-12-21");
  await page.getByRole("button", { name: "この日付から適用する" }).click();
  await expect(page.getByText("人事記録を保存しました。")).toBeVisible();
  const history = page.getByTestId("record-history");
  await expect(history).toContainText("2026年12月21日(月)");
  await expect(history).toContainText("試用期間 2026年12月31日(木)まで");
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, "hr-staff-records");

  const emp = await employeePage(browser, baseURL!);
  await openForm(emp);
  await emp.getByRole("button", { name: "2026年12月22日(火)" }).click();
  const preview = emp.getByTestId("preview");
  await expect(emp.getByTestId("preview-verdict")).toHaveText("この内容では申請できません。理由を確認してください。");
  await expect(preview).toContainText("条件付採用期間（試用期間");
  // The version of 14 December has schemes: the form offers them, and the preview names each date's.
  await expect(emp.getByLabel("制度")).toBeVisible();
  await expect(emp.getByTestId("preview-scheme")).toHaveText("制度: 在宅勤務");
  expect(await seriousViolations(emp)).toEqual([]);
  await shot(emp, "request-staff-record-refused");

  // The record was entered ahead of its date: HR removes it, and the day is allowed again.
  await history.getByRole("button", { name: "2026年12月21日(月)からの記録を削除" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "削除" }).click();
  await expect(page.getByText("記録を削除しました。")).toBeVisible();
  await expect(history).toContainText("この職員の人事記録はまだありません。");
  await emp.reload();
  await expect(emp.getByRole("heading", { level: 1 })).toHaveText("在宅勤務の申請");
  await emp.getByRole("button", { name: "2026年12月22日(火)" }).click();
  await expect(emp.getByTestId("preview")).not.toContainText("条件付採用期間（試用期間");
  await emp.context().close();
});

test("HR declares an emergency period, and a request the weekly limit refused is allowed", async ({ page, browser, baseURL, playwright }) => {
  const request = await playwright.request.newContext({ baseURL });
  const emp = await token(request, "employee@demo.example");
  const first = await request.post("/api/v1/telework-requests", {
    headers: { Authorization: `Bearer ${emp}` }, data: { dates: ["2027-01-12"], unit: "full", place: "home", reason: "general" },
  });
  expect(first.status(), await first.text()).toBe(201);

  const e = await employeePage(browser, baseURL!);
  await openForm(e);
  await e.getByRole("button", { name: "次の月" }).click();
  await e.getByRole("button", { name: "2027年1月13日(水)" }).click();
  await expect(e.getByTestId("preview-verdict")).toHaveText("この内容では申請できません。理由を確認してください。");

  await signIn(page, "hr");
  await openHr(page, "非常時の期間");
  await page.getByLabel("名前").fill("大雪警報");
  await page.getByLabel("開始日").fill("2027-01-12");
  await page.getByLabel("終了日").fill("2027-01-15");
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page.getByText("非常時の期間を登録しました。")).toBeVisible();
  const list = page.getByTestId("emergency-list");
  await expect(list).toContainText("大雪警報");
  await expect(list).toContainText("2027年1月12日(火)〜2027年1月15日(金)");
  await expect(list).toContainText("全職員");
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, "hr-emergency-periods");

  // The same day, chosen again: the period lifts the limit, and the day is flagged.
  await e.reload();
  await expect(e.getByRole("heading", { level: 1 })).toHaveText("在宅勤務の申請");
  await e.getByRole("button", { name: "次の月" }).click();
  await e.getByRole("button", { name: "2027年1月13日(水)" }).click();
  await expect(e.getByTestId("preview-verdict")).not.toHaveText("この内容では申請できません。理由を確認してください。");
  await expect(e.getByTestId("preview")).toContainText("非常時");
  await e.getByLabel("制度").selectOption({ label: "在宅勤務" });
  await shot(e, "request-emergency-allowed");
  await e.getByRole("button", { name: "申請する" }).click();
  await expect(e.getByRole("heading", { level: 1 })).toHaveText("申請一覧");
  await e.getByTestId("request-card").filter({ hasText: "2027年1月13日(水)" }).getByRole("link", { name: "詳細" }).click();
  await expect(e.getByTestId("request-terms")).toContainText("制度: 在宅勤務");
  expect(await seriousViolations(e)).toEqual([]);
  await e.context().close();

  // The snow passes sooner: HR ends the period on the 14th.
  await list.getByRole("button", { name: "大雪警報の終了日を変える" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("新しい終了日").fill("2027-01-14");
  await dialog.getByRole("button", { name: "終了日を変える" }).click();
  await expect(page.getByText("終了日を変更しました。")).toBeVisible();
  await expect(list).toContainText("2027年1月12日(火)〜2027年1月14日(木)");
});

test("a late request with its prior notice is approved after the fact, and the supervisor reads the notice", async ({ page, browser, baseURL, playwright }) => {
  // A member of 子育て支援課 who may telework, whose supervisor is the demo supervisor.
  const request = await playwright.request.newContext({ baseURL });
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
  const supToken = await token(request, "supervisor@demo.example");
  const sup = (await (await request.get("/api/v1/me", { headers: auth(supToken) })).json()) as { id: string };
  const staff = (await (await request.get("/api/v1/employees?limit=200&active=true", { headers: auth(await token(request, "hr@demo.example")) })).json()) as {
    items: { email: string; supervisor_id: string | null; employment_type: string; has_remote_pc: boolean; family_name: string; given_name: string }[];
  };
  const who = staff.items.find((s) => s.email.startsWith("staff") && s.supervisor_id === sup.id && s.employment_type === "regular" && s.has_remote_pc);
  expect(who).toBeTruthy();

  const e = await employeePage(browser, baseURL!, who!.email);
  await openForm(e);
  // Today, after yesterday's 17:00 deadline: a late application.
  await e.getByRole("button", { name: "2026年12月1日(火)" }).click();
  await expect(e.getByTestId("preview")).toContainText("遅延申請");
  await e.getByLabel("当日・期限後の申請で、事前に連絡しました（事後申請）").check();
  await e.getByLabel("連絡した相手").fill("子育て支援課長");
  await expect(e.getByTestId("preview")).toContainText("事前連絡あり（事後承認）");
  await expect(e.getByTestId("preview")).toContainText("電話で子育て支援課長へ事前に連絡しています（事後承認）");
  expect(await seriousViolations(e)).toEqual([]);
  await shot(e, "request-prior-notice");
  await e.getByRole("button", { name: "申請する" }).click();
  await expect(e.getByRole("heading", { level: 1 })).toHaveText("申請一覧");
  await e.context().close();

  await signIn(page, "supervisor");
  await page.getByRole("link", { name: "承認" }).first().click();
  const item = page.getByTestId("inbox-item").filter({ hasText: `${who!.family_name} ${who!.given_name}` });
  await expect(item).toContainText("2026年12月1日(火)");
  await expect(item.getByTestId("request-notice")).toContainText("事前の連絡: 2026年12月1日(火) 08:30に子育て支援課長へ電話で連絡済みです。");
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, "approvals-prior-notice");
});
