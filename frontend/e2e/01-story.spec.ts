import { expect, test } from "@playwright/test";
import { seriousViolations, shot, signIn } from "./helpers";

// The story runs in order on one server: the employee asks, the supervisor
// approves, the employee sees it.
test.describe.configure({ mode: "serial" });

test("the employee's request is refused by the preview, then accepted, and a satellite seat is booked", async ({ page }) => {
  await signIn(page, "employee");
  await shot(page, "schedule-week");
  await page.getByRole("link", { name: "在宅勤務の申請" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("在宅勤務の申請");
  // Moving to a screen puts the focus on its heading, which is announced.
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();

  // 2 and 3 December, with the demo's request for the 4th already pending:
  // three days in a week where the policy allows two.
  await page.getByRole("button", { name: "2026年12月2日(水)" }).click();
  await page.getByRole("button", { name: "2026年12月3日(木)" }).click();
  await page.getByRole("radio", { name: "サテライトオフィス" }).check();
  await page.getByLabel("利用するサテライトオフィス").selectOption({ label: "駅前サテライトオフィス" });
  const preview = page.getByTestId("preview");
  await expect(page.getByTestId("preview-verdict")).toHaveText("この内容では申請できません。理由を確認してください。");
  await expect(preview).toContainText("週の在宅勤務日数の上限（2日）を超えます");
  await expect(preview).toContainText("今週: 上限を超えています");
  await expect(preview).toContainText("申請期限（2026年12月1日（火） 17:00）までに申請されています。");
  await shot(page, "request-refused");

  // Without the 3rd the week holds; the preview accepts it.
  await page.getByRole("button", { name: "2026年12月3日(木)を外す" }).click();
  await expect(page.getByTestId("preview-verdict")).toHaveText("この内容で申請できます。");
  await expect(preview).toContainText("今週: あと0日");
  await expect(preview).toContainText("今月: あと");
  await shot(page, "request-accepted");
  await page.getByRole("button", { name: "申請する" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("申請一覧");
  const card = page.getByTestId("request-card").filter({ hasText: "2026年12月2日(水)" });
  await expect(card).toContainText("承認待ち");
  await shot(page, "requests");

  // A seat in the satellite office for that day.
  await page.getByRole("link", { name: "座席の予約" }).click();
  await page.getByLabel("事業所").selectOption({ label: "駅前サテライトオフィス（サテライト）" });
  await page.getByLabel("日付").click();
  await page.getByRole("button", { name: "2026年12月2日(水)" }).click();
  await expect(page.getByRole("heading", { name: /空き状況 — 2026年12月2日\(水\)/ })).toBeVisible();
  await page.getByLabel("開始").selectOption({ label: "13:00" });
  await page.getByLabel("終了").selectOption({ label: "15:00" });
  const row = page.getByTestId("space-row").first();
  await row.getByRole("button", { name: /を13:00〜15:00で予約する/ }).click();
  await expect(page.getByText("予約しました。")).toBeVisible();
  await expect(page.getByTestId("my-booking").filter({ hasText: "駅前サテライトオフィス" })).toContainText("2026年12月2日(水) 13:00〜15:00");
  await shot(page, "book");
});

test("the supervisor sees the request with the projected attendance ratio and approves it", async ({ page }) => {
  await signIn(page, "supervisor");
  await page.getByRole("link", { name: "承認", exact: true }).click();
  const item = page.getByTestId("inbox-item").filter({ hasText: "2026年12月2日(水)" });
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId("attendance")).toContainText(/2026年12月2日\(水\).*\d+%（\d+\/\d+人）（下限40%）/);
  await expect(item.getByRole("img", { name: /出勤率|%/ })).toBeVisible();
  await shot(page, "approvals");
  // The demo's route has a supervisor step and a department-head step, both
  // held by this supervisor: one decision completes both (同一承認者の自動承認).
  await item.getByRole("button", { name: "承認する", exact: true }).click();
  await expect(page.getByText("処理しました。").first()).toBeVisible();
  await expect(item).toHaveCount(0);
});

test("the employee sees the approval and a notification, stays signed in on reload, and switches to English", async ({ page }) => {
  await signIn(page, "employee");
  await expect(page.getByRole("link", { name: /未読のお知らせ [1-9]\d*件/ })).toBeVisible();
  await page.getByRole("navigation").getByRole("link", { name: /^お知らせ/ }).click();
  await expect(page.getByTestId("notification").first()).toContainText("在宅勤務申請が承認されました");
  await expect(page.getByTestId("notification").first()).toContainText("在宅勤務申請（2026年12月2日（水））が承認されました。");
  await shot(page, "notifications");
  // The notification (like its e-mail) leads to the request.
  await page.getByTestId("notification").first().getByRole("link", { name: "申請を見る" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("申請の内容");
  await expect(page.getByRole("main")).toContainText("承認済み");
  await expect(page.getByRole("main")).toContainText("吉田 美咲 — 承認");
  await shot(page, "request-detail");
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole("link", { name: "申請一覧" }).first().click();
  await expect(page.getByTestId("request-card").filter({ hasText: "2026年12月2日(水)" })).toContainText("承認済み");

  // A reload keeps the session: the HttpOnly cookie is traded for a new token.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("申請一覧");
  await expect(page.getByTestId("request-card").filter({ hasText: "2026年12月2日(水)" })).toContainText("承認済み");
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  expect(stored).not.toContain("ey"); // no token in web storage or a readable cookie

  await page.getByRole("banner").locator("label").filter({ hasText: /^English$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My requests");
  await expect(page.getByTestId("request-card").filter({ hasText: "Wed 2 Dec 2026" })).toContainText("Approved");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My requests");
  await page.getByRole("link", { name: "Request telework" }).click();
  await page.getByRole("button", { name: "Wed 9 Dec 2026" }).click();
  await expect(page.getByTestId("preview-verdict")).toHaveText("This request can be submitted.");
  await expect(page.getByTestId("preview")).toContainText("Applied by the deadline (17:00 on Tue 8 Dec 2026).");
  await shot(page, "request-en");
  await page.getByRole("link", { name: "Account" }).click();
  await shot(page, "account-en");

  // Signing out ends the session: a reload shows the sign-in page.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/サインイン|Sign in/);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/サインイン|Sign in/);
});

test("the supervisor names a deputy from another department by name, sees the delegation and ends it", async ({ page }) => {
  await signIn(page, "supervisor");
  await page.getByRole("link", { name: "代理承認者の設定" }).click();
  const deputy = page.getByRole("textbox", { name: "代理承認者" });
  await deputy.fill("佐藤 裕");
  await page.getByRole("option", { name: "佐藤 裕子（福祉課）" }).click();
  await page.getByRole("button", { name: "期間" }).click();
  await page.getByRole("button", { name: "2026年12月7日(月)" }).click();
  await page.getByRole("button", { name: "2026年12月11日(金)" }).click();
  await page.getByLabel("メモ").fill("出張のため");
  await page.getByRole("button", { name: "代理承認者を設定する" }).click();
  const row = page.getByTestId("delegation");
  await expect(row).toContainText("承認者: 吉田 美咲 → 代理承認者: 佐藤 裕子");
  await expect(row).toContainText("2026年12月7日(月)〜2026年12月11日(金)　出張のため");
  await shot(page, "delegations");
  await row.getByRole("button", { name: "終了する" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "終了する" }).click();
  await expect(page.getByText("代理の設定を終了しました。")).toBeVisible();
});

test("a returned request is edited and resubmitted; a wrong password is shown at its field and nothing typed is lost", async ({ browser }) => {
  const sup = await browser.newPage();
  await signIn(sup, "supervisor");
  await sup.getByRole("link", { name: "承認", exact: true }).click();
  const item = sup.getByTestId("inbox-item").filter({ hasText: "2026年12月11日(金)" });
  await item.getByLabel("コメント").fill("業務の予定を備考に書いてください。");
  await item.getByRole("button", { name: "差し戻す" }).click();
  await expect(item).toHaveCount(0);
  await sup.close();

  const page = await browser.newPage();
  await signIn(page, "employee");
  // The employee chose English before; back to Japanese.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Schedule");
  await page.getByRole("banner").locator("label").filter({ hasText: /^日本語$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("予定");
  await page.getByRole("link", { name: "申請一覧" }).click();
  const card = page.getByTestId("request-card").filter({ hasText: "2026年12月11日(金)" });
  await expect(card).toContainText("差し戻し");
  await expect(card).toContainText("業務の予定を備考に書いてください。");
  await card.getByRole("link", { name: "修正して再申請" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("申請の修正と再申請");
  await expect(page.getByText("12月11日(金)", { exact: true })).toBeVisible();
  await expect(page.getByTestId("preview-verdict")).toHaveText("この内容で申請できます。");
  await page.getByLabel("備考（承認者には表示されません）").fill("午前は資料作成の予定です。");
  await page.getByRole("button", { name: "再申請する" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("申請一覧");
  await expect(page.getByTestId("request-card").filter({ hasText: "2026年12月11日(金)" })).toContainText("承認待ち");

  await page.getByRole("link", { name: "アカウント" }).click();
  await page.getByLabel("現在のパスワード").fill("wrong-password-1234");
  await page.getByLabel("新しいパスワード（12文字以上）").fill("a-new-password-2026");
  await page.getByRole("button", { name: "パスワードを変更する" }).click();
  await expect(page.getByText("現在のパスワードが正しくありません。")).toBeVisible();
  await expect(page.getByLabel("現在のパスワード")).toHaveAccessibleDescription("現在のパスワードが正しくありません。");
  await expect(page.getByLabel("新しいパスワード（12文字以上）")).toHaveValue("a-new-password-2026");
  await shot(page, "account-error");

  // Family members: add, edit, remove.
  await page.getByRole("link", { name: "家族の情報" }).click();
  await page.getByRole("button", { name: "家族を追加" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("続柄").selectOption({ label: "父母" });
  await dialog.getByLabel("氏名").fill("勤務 花子");
  await dialog.getByLabel("同居している").uncheck();
  await dialog.getByLabel("要介護度").fill("3");
  await dialog.getByRole("button", { name: "保存する" }).click();
  const member = page.getByTestId("family-member").filter({ hasText: "勤務 花子" });
  await expect(member).toContainText("勤務 花子（父母）");
  await expect(member).toContainText("要介護度: 3");
  await member.getByRole("button", { name: "編集: 勤務 花子" }).click();
  await dialog.getByLabel("要介護度").fill("4");
  await dialog.getByRole("button", { name: "保存する" }).click();
  await expect(member).toContainText("要介護度: 4");
  await shot(page, "family");
  await member.getByRole("button", { name: "削除: 勤務 花子" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "削除" }).click();
  await expect(member).toHaveCount(0);
});

test("my schedule shows my telework, my bookings, the leave HR entered, holidays, and the office days the policy asks", async ({ page, request }) => {
  // HR enters a day of leave for the employee through the API.
  const token = async (who: string) =>
    (await (await request.post("/api/v1/auth/login", { data: { email: `${who}@demo.example`, password: "kinmuchi-demo-2026" } })).json()).access_token as string;
  const employee = await (await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${await token("employee")}` } })).json();
  const put = await request.post("/api/v1/leave", {
    headers: { Authorization: `Bearer ${await token("hr")}` },
    data: { days: [{ employee_id: employee.id, date: "2026-12-03", portion: "pm" }] },
  });
  expect(put.status()).toBe(200);

  await signIn(page, "employee");
  const day = (d: string) => page.locator("div", { has: page.getByText(d, { exact: true }) }).last();
  await expect(day("2026年12月2日(水)")).toContainText("在宅勤務（終日・サテライトオフィス）・承認済み");
  await expect(day("2026年12月2日(水)")).toContainText("駅前サテライトオフィス S-01 13:00〜15:00");
  await expect(day("2026年12月3日(木)")).toContainText("休暇（午後）");
  await expect(day("2026年12月4日(金)")).toContainText("在宅勤務（終日・自宅）・承認待ち");
  await expect(page.getByTestId("office-days")).toHaveText("この週は少なくとも1日の出勤が必要です（出勤予定 3日）。");
  await shot(page, "schedule-week");
  await page.locator("label").filter({ hasText: /^月$/ }).click();
  await expect(page.getByRole("cell", { name: "2026年12月29日(火)" })).toContainText("閉庁日");
  await shot(page, "schedule-month-employee");
});
