import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { PASSWORD, seriousViolations, shot, signIn } from "./helpers";

// HR's and the administrator's screens (issue 18), on the demo data.

async function signInAs(page: Page, email: string) {
  await page.goto("/");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(PASSWORD);
  await page.getByRole("button", { name: "サインイン" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/予定|Schedule/);
}

async function token(request: APIRequestContext, email: string) {
  const r = await request.post("/api/v1/auth/login", { data: { email, password: PASSWORD } });
  return ((await r.json()) as { access_token: string }).access_token;
}

async function open(page: Page, group: "人事" | "管理", entry: string, heading: RegExp | string) {
  await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: entry, exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  expect(group).toBeTruthy();
}

test("an administrator imports staff from a Shift_JIS CSV: the dry run shows the bad row; the corrected file imports", async ({ page }) => {
  await signIn(page, "admin");
  await open(page, "管理", "職員", "職員");
  const importer = page.getByTestId("staff-import");
  await importer.locator('input[type="file"]').setInputFiles("e2e/fixtures/staff-bad.sjis.csv");
  await importer.getByRole("button", { name: "内容を確認する（取り込みません）" }).click();
  const problems = importer.getByTestId("import-problems");
  await expect(problems).toBeVisible();
  await expect(problems.getByRole("row")).toHaveCount(2);
  await expect(problems.getByRole("row").nth(1)).toContainText("3");
  await expect(problems.getByRole("row").nth(1)).toContainText("department_code");
  await expect(importer.getByRole("button", { name: "取り込む" })).toBeDisabled();
  await shot(page, "admin-staff-import-error");
  expect(await seriousViolations(page)).toEqual([]);

  await importer.locator('input[type="file"]').setInputFiles("e2e/fixtures/staff-fixed.sjis.csv");
  await importer.getByRole("button", { name: "内容を確認する（取り込みません）" }).click();
  const lines = importer.getByTestId("import-lines");
  await expect(lines.getByRole("row")).toHaveCount(4);
  await expect(lines.getByRole("row").nth(1)).toContainText("髙橋 美咲");
  await expect(lines.getByRole("row").nth(2)).toContainText("渡邉 健一");
  await expect(importer).toContainText("文字コード: shift_jis");
  await shot(page, "admin-staff-import-checked");
  await importer.getByRole("button", { name: "取り込む" }).click();
  await expect(page.getByText(/取り込みました。/)).toBeVisible();
  // The imported staff are found by their reading typed in hiragana.
  await page.getByLabel("氏名・かな・職員番号で検索").fill("わたなべけん");
  await expect(page.getByTestId("staff-table")).toContainText("渡邉 健一");
  await page.getByRole("button", { name: "渡邉 健一" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("staff-detail")).toContainText("情報政策課");
  await expect(dialog.getByTestId("department-history")).toContainText("情報政策課");
  await shot(page, "admin-staff-detail");
  expect(await seriousViolations(page)).toEqual([]);
});

test("an administrator adds a booth and shares the office; the partner town's booking is in the town's audit log and in the office's use", async ({ page }) => {
  await signIn(page, "admin");
  await open(page, "管理", "事業所", "事業所");
  await page.getByRole("link", { name: "北部行政センター サテライト" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("事業所: 北部行政センター サテライト");
  await page.getByRole("button", { name: "座席などを追加" }).click();
  const add = page.getByRole("dialog");
  await add.getByLabel("名称・番号").fill("Nブース2");
  await add.getByLabel("階").fill("2F");
  await add.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByTestId("space-table")).toContainText("Nブース2");
  await page.getByRole("button", { name: "編集", exact: true }).click();
  const edit = page.getByRole("dialog");
  await edit.getByLabel("共用する団体（団体の識別子）").fill("demo-town");
  await edit.getByLabel("共用する団体（団体の識別子）").press("Enter");
  await edit.getByLabel("開始後の猶予（分）").fill("20");
  await shot(page, "admin-office-sharing");
  await edit.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByTestId("office-summary")).toContainText("デモ町（demo-town）");
  await expect(page.getByTestId("office-summary")).toContainText("開始後20分まで");
  await expect(page.getByRole("link", { name: "チェックイン用 QR コードを印刷する（A4）" })).toBeVisible();
  await shot(page, "admin-office");
  expect(await seriousViolations(page)).toEqual([]);

  // The partner town's employee books the new booth.
  await page.getByRole("button", { name: "サインアウト" }).click();
  await signInAs(page, "visitor@demo-town.example");
  await page.getByRole("link", { name: "座席の予約" }).click();
  await page.getByLabel("事業所").selectOption({ label: "北部行政センター サテライト（サテライト）" });
  await page.getByLabel("日付").click();
  await page.getByRole("button", { name: "2026年12月3日(木)" }).click();
  await page.getByLabel("開始").selectOption({ label: "09:30" });
  await page.getByLabel("終了").selectOption({ label: "11:30" });
  await page.getByRole("button", { name: "Nブース2を09:30〜11:30で予約する" }).click();
  await expect(page.getByText("予約しました。")).toBeVisible();

  // The town's HR finds it in the town's own audit log.
  await page.getByRole("button", { name: "サインアウト" }).click();
  await signInAs(page, "staff2@demo-town.example");
  await open(page, "人事", "監査ログ", "監査ログ");
  await page.getByLabel("操作", { exact: true }).fill("booking.create");
  await page.getByRole("button", { name: "絞り込む" }).click();
  const row = page.getByTestId("audit-row").first();
  await expect(row).toContainText("旅野 みどり");
  await expect(row).toContainText("booking.create");
  await shot(page, "hr-audit-partner");

  // The city's HR sees the booking in the office's use, as the town's count, without names.
  await page.getByRole("button", { name: "サインアウト" }).click();
  await signIn(page, "hr");
  await open(page, "人事", "事業所の利用状況", "事業所");
  await page.getByRole("link", { name: "北部行政センター サテライト" }).click();
  const use = page.getByTestId("occupancy-by-organization");
  await expect(use).toContainText(/その他の団体|デモ町/);
  await expect(use.getByRole("row").filter({ hasText: /その他の団体|デモ町/ })).toContainText("2.0");
  await expect(page.getByRole("main")).not.toContainText("旅野");
  await shot(page, "hr-office-occupancy");
});

test("HR verifies a family member with a note, and the read is in the audit log", async ({ page }) => {
  await signIn(page, "hr");
  await open(page, "人事", "家族の確認", "家族の確認");
  const card = page.getByTestId("unverified-member").filter({ hasText: "勤務 ひなた" });
  await expect(card).toBeVisible();
  await shot(page, "hr-verify");
  expect(await seriousViolations(page)).toEqual([]);
  await card.getByRole("button", { name: "確認済みにする" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("確認した内容（例: 住民票の写しで確認）").fill("住民票の写しで確認しました");
  expect(await seriousViolations(page)).toEqual([]);
  await dialog.getByRole("button", { name: "確認済みにする" }).click();
  await expect(page.getByText("確認済みにしました。")).toBeVisible();
  await expect(page.getByTestId("unverified-member").filter({ hasText: "勤務 ひなた" })).toHaveCount(0);

  await open(page, "人事", "監査ログ", "監査ログ");
  await page.getByLabel("操作", { exact: true }).fill("family_member.read");
  await page.getByRole("button", { name: "絞り込む" }).click();
  await expect(page.getByTestId("audit-row").first()).toContainText("family_member.read");
  await expect(page.getByTestId("audit-row").first()).toContainText(/人事|\S+ \S+/);
  await page.getByLabel("操作", { exact: true }).fill("family_member.verify");
  await page.getByRole("button", { name: "絞り込む" }).click();
  await page.getByTestId("audit-row").first().getByRole("button", { name: /変更前後を見る/ }).click();
  await expect(page.getByTestId("audit-diff")).toContainText("verified_at");
  await expect(page.getByTestId("audit-diff")).not.toContainText("住民票");
  await shot(page, "hr-audit");
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole("dialog").getByRole("button", { name: "閉じる" }).click();
  // The filtered trail downloads as CSV.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("audit-events.csv");
  const { readFileSync } = await import("node:fs");
  expect(readFileSync(await file.path(), "utf8")).toContain("family_member.verify");
});

test("HR imports leave after a dry run", async ({ page }) => {
  await signIn(page, "hr");
  await open(page, "人事", "休暇・出勤必須日", "休暇・出勤必須日");
  const importer = page.getByTestId("leave-import");
  await importer.locator('input[type="file"]').setInputFiles("e2e/fixtures/leave.csv");
  await importer.getByRole("button", { name: "内容を確認する（取り込みません）" }).click();
  await expect(importer.getByRole("status")).toContainText("確認しました");
  await expect(importer.getByRole("status").getByRole("row")).toHaveCount(3);
  await expect(importer.getByRole("status")).toContainText("2026年12月10日(木)");
  await expect(importer.getByRole("status")).toContainText("窓口当番");
  // Nothing is stored by the check.
  await expect(page.getByTestId("leave-list")).not.toContainText("年次休暇");
  await shot(page, "hr-leave-dry-run");
  expect(await seriousViolations(page)).toEqual([]);
  await importer.getByRole("button", { name: "取り込む" }).click();
  await expect(page.getByText(/2件を保存しました。/)).toBeVisible();
  await expect(page.getByTestId("leave-list")).toContainText("年次休暇");
  await expect(page.getByTestId("leave-list")).toContainText("窓口当番");
});

test("an administrator closes an emptied department, and its history stays readable", async ({ page, request }) => {
  // A 係 was set up and its one member moved back to the 課 (the 1 April reorganisation).
  const admin = { Authorization: `Bearer ${await token(request, "admin@demo.example")}` };
  const depts = (await (await request.get("/api/v1/departments?limit=200", { headers: admin })).json()).items as { id: string; code: string }[];
  const info = depts.find((d) => d.code === "130")!;
  const created = await request.post("/api/v1/departments", {
    headers: { ...admin, "Idempotency-Key": "e2e-dx-section" },
    data: { code: "131", name: "DX推進係", name_kana: "ディーエックススイシンカカリ", kind: "section", parent_id: info.id },
  });
  expect(created.status()).toBe(201);
  const section = (await created.json()) as { id: string };
  const staff = (await (await request.get("/api/v1/employees?q=D00020", { headers: admin })).json()).items[0] as { id: string; department_id: string };
  // A member spent October and half of November there, then went back.
  for (const [department_id, effective_from] of [[section.id, "2026-10-01"], [staff.department_id, "2026-11-16"]]) {
    const r = await request.post(`/api/v1/employees/${staff.id}/transfers`, { headers: admin, data: { department_id, effective_from } });
    expect(r.status()).toBe(201);
  }

  await signIn(page, "admin");
  await open(page, "管理", "所属", "所属");
  const tree = page.getByTestId("department-tree");
  await expect(tree).toContainText("DX推進係");
  await shot(page, "admin-departments");
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "廃止する: DX推進係" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "廃止する" }).click();
  await expect(tree).not.toContainText("DX推進係");
  await page.getByLabel("廃止した所属も表示").check();
  const node = tree.getByTestId("department-node").filter({ hasText: "DX推進係" }).last();
  await expect(node).toContainText("廃止");
  await node.getByRole("button", { name: "この所属の履歴: DX推進係" }).click();
  const trail = page.getByRole("dialog").getByTestId("department-history");
  await expect(trail).toContainText("department.create");
  await expect(trail).toContainText("department.update");
  await expect(trail).toContainText("active: true → false");
  await shot(page, "admin-department-history");
  await page.getByRole("dialog").getByRole("button", { name: "閉じる" }).click();

  // The member's own history still names the closed 係.
  await open(page, "管理", "職員", "職員");
  await page.getByLabel("氏名・かな・職員番号で検索").fill("D00020");
  await expect(page.getByTestId("staff-table").getByRole("row")).toHaveCount(2);
  await page.getByTestId("staff-table").getByRole("row").filter({ hasText: "D00020" }).getByRole("button").click();
  const history = page.getByRole("dialog").getByTestId("department-history");
  await expect(history).toContainText("DX推進係　2026年10月1日(木)〜2026年11月15日(日)");
  await shot(page, "admin-staff-history");
});

test("HR's and the administrator's screens and help pages have no serious or critical accessibility violation", async ({ page }) => {
  test.setTimeout(240_000);
  const found: Record<string, unknown> = {};
  const visit = async (path: string, heading: RegExp, name: string) => {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await page.waitForLoadState("networkidle");
    const v = await seriousViolations(page);
    if (v.length) found[name] = v;
  };
  await signIn(page, "hr");
  await visit("/staff", /職員/, "staff-hr");
  await visit("/audit", /監査ログ/, "audit");
  await visit("/offices", /事業所/, "offices-hr");
  await visit("/help/verify", /ヘルプ: 家族の確認/, "help-verify");
  await shot(page, "help-verify");
  await visit("/help/policy-reference", /在宅勤務規程リファレンス/, "policy-reference");
  await page.getByRole("button", { name: "サインアウト" }).click();
  await signIn(page, "admin");
  await visit("/admin/organization", /組織の設定/, "organization");
  // A webhook inside the network: the test post goes the real way and the guard refuses it.
  await page.getByLabel("Webhook の URL（https://）").fill("https://127.0.0.1:9/webhookb2/secret");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByText("保存しました。")).toBeVisible();
  await page.getByRole("button", { name: "テスト送信" }).click();
  await expect(page.getByTestId("webhook-state")).toContainText("送信できませんでした", { timeout: 20_000 });
  await expect(page.getByTestId("webhook-state")).not.toContainText("secret");
  await shot(page, "admin-organization");
  for (const topic of ["leave", "staff", "audit", "organization", "departments", "offices"]) await visit(`/help/${topic}`, /ヘルプ/, `help-${topic}`);
  // The help in English.
  await page.getByText("English", { exact: true }).first().click();
  await visit("/help/offices", /Help: Offices/, "help-en");
  await shot(page, "help-offices-en");
  await page.getByText("日本語", { exact: true }).first().click();
  expect(found).toEqual({});
});
