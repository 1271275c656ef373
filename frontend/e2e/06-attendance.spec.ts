import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { seriousViolations, shot, signIn } from "./helpers";

// Where everyone works: HR's dashboard follows an approval, its Excel says
// the same as the screen; HR corrects the ledger and prepares a transfer;
// the supervisor sees the line for two weeks. One server, in order.
test.describe.configure({ mode: "serial" });

const SECTION = "子育て支援課";
// The demo employee's full day at home on Friday 4 December is pending.
const DAY = "2026-12-04";

function ratioCell(page: Page) {
  return page
    .getByTestId("ratio-row")
    .filter({ has: page.getByRole("rowheader", { name: SECTION, exact: true }) })
    .locator(`[data-period="${DAY}"]`);
}

function forecastCell(page: Page) {
  return page
    .getByTestId("forecast-row")
    .filter({ has: page.getByRole("rowheader", { name: SECTION, exact: true }) })
    .locator(`[data-period="${DAY}"]`);
}

// cellValue reads an exceljs cell as a plain value (a date cell as YYYY-MM-DD).
function cellValue(v: ExcelJS.CellValue): string | number | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v == null) return null;
  if (typeof v === "object" && "richText" in v) return v.richText.map((r) => r.text).join("");
  if (typeof v === "object" && "result" in v) return cellValue(v.result as ExcelJS.CellValue);
  return v as string | number;
}

test("HR sees a section's ratio fall on the dashboard after the supervisor approves, and the Excel download says the same", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page, "hr");
  await page.getByRole("link", { name: "出勤状況（人事）" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("出勤状況ダッシュボード");

  // Before: everyone of the section is planned in the office that day; the
  // forecast already counts the pending request.
  await expect(ratioCell(page)).toHaveText("100.0%");
  await expect(forecastCell(page)).toContainText("承認待ち1");
  const forecastBefore = (await forecastCell(page).textContent())?.match(/[\d.]+%/)?.[0];
  expect(forecastBefore).toBeTruthy();

  const sup = await browser.newPage();
  await signIn(sup, "supervisor");
  await sup.getByRole("link", { name: "承認", exact: true }).click();
  const item = sup.getByTestId("inbox-item").filter({ hasText: "2026年12月4日(金)" });
  await expect(item).toHaveCount(1);
  await item.getByRole("button", { name: "承認する", exact: true }).click();
  // The rules may warn now (the section's floor); the supervisor confirms.
  const confirm = sup.getByRole("button", { name: "確認して承認する" });
  await expect(async () => {
    if (await confirm.isVisible()) await confirm.click();
    await expect(item).toHaveCount(0, { timeout: 1000 });
  }).toPass();
  await sup.close();

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("出勤状況ダッシュボード");
  // After: one of the section's people works at home, the ratio falls to
  // the figure the forecast gave, and nothing is pending any more.
  await expect(ratioCell(page)).toHaveText(forecastBefore!);
  expect(forecastBefore).not.toBe("100.0%");
  await expect(forecastCell(page)).not.toContainText("承認待ち");
  await expect(forecastCell(page)).toContainText(forecastBefore!);

  // The chart of the section tells the same figure to a screen reader.
  await page.getByLabel("グラフに表示する部署").selectOption({ label: `　${SECTION}` });
  const chart = page.getByRole("img", { name: `${SECTION}の出勤率の推移` });
  await expect(chart).toBeVisible();
  await expect(chart.locator("desc")).toContainText(`12月4日(金) ${forecastBefore}`);
  await expect(page.getByTestId("heatmap")).toBeVisible();
  await shot(page, "hr-dashboard");
  expect(await seriousViolations(page)).toEqual([]);

  // The Excel file of the same table: the section's row of that day.
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "部署別の出勤率をExcelでダウンロード" }).click()]);
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await file.path());
  const sheet = book.worksheets[0];
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map(cellValue);
  const col = (name: string) => header.indexOf(name);
  expect(col("所属")).toBeGreaterThan(0);
  expect(col("期間の初日")).toBeGreaterThan(0);
  expect(col("出勤率")).toBeGreaterThan(0);
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((r) => {
    if (cellValue(r.getCell(col("所属")).value) === SECTION && cellValue(r.getCell(col("期間の初日")).value) === DAY) rows.push(r);
  });
  expect(rows).toHaveLength(1);
  const ratio = cellValue(rows[0].getCell(col("出勤率")).value);
  expect(typeof ratio).toBe("number");
  expect(`${((ratio as number) * 100).toFixed(1)}%`).toBe(forecastBefore);
  // A ratio is a percentage in Excel, not a bare fraction.
  expect(rows[0].getCell(col("出勤率")).numFmt).toContain("%");
});

test("HR corrects a day in the ledger with a reason and withdraws it, and prepares a transfer for April", async ({ page }) => {
  // axe reads the month's grid three times: slow on a busy machine.
  test.setTimeout(180_000);
  await signIn(page, "hr");
  await page.getByRole("link", { name: "勤務地台帳" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("勤務地台帳");
  await page.getByLabel("部署").selectOption({ label: `　${SECTION}` });
  const grid = page.getByTestId("attendance-grid");
  // The approved day shows as a full day at home.
  await expect(grid.getByRole("button", { name: /^2026年12月4日\(金\) .+: 在宅勤務・予定$/ })).toHaveText("在");
  await expect(page.getByTestId("legend")).toContainText("在宅勤務");

  const row = page.getByTestId("ledger-row").nth(1);
  const name = (await row.getByRole("rowheader").textContent())!.trim();
  const monday = row.getByRole("button", { name: `2026年12月7日(月) ${name}: 出勤・予定` });
  await expect(monday).toHaveText("出");
  await monday.click();
  const dialog = page.getByRole("dialog", { name: `${name}さん 2026年12月7日(月)の記録の修正` });
  await dialog.getByLabel("勤務地").selectOption({ label: "その他の場所・出張" });
  await dialog.getByRole("button", { name: "修正する" }).click();
  await expect(dialog.getByText("修正の理由を入力してください。")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await dialog.getByLabel(/修正の理由/).fill("県庁での研修（出張命令簿と照合）");
  await dialog.getByRole("button", { name: "修正する" }).click();
  await expect(page.getByText("記録を修正しました。")).toBeVisible();
  const corrected = row.getByRole("button", { name: `2026年12月7日(月) ${name}: その他の場所・出張・実績・人事課が修正` });
  // HR's word makes the day actual (bold and underlined), no longer planned.
  await expect(corrected).toHaveText("外＊");
  await expect(corrected.locator(".day-actual")).toHaveCount(1);
  await shot(page, "ledger");
  expect(await seriousViolations(page)).toEqual([]);

  await corrected.click();
  await expect(page.getByRole("dialog")).toContainText("修正の理由: 県庁での研修（出張命令簿と照合）");
  await page.getByRole("dialog").getByRole("button", { name: "修正を取り消す" }).click();
  await expect(page.getByText("修正を取り消しました。")).toBeVisible();
  await expect(row.getByRole("button", { name: `2026年12月7日(月) ${name}: 出勤・予定` })).toHaveText("出");

  // A transfer of the demo employee from 1 April, prepared now: it shows as
  // not yet in effect, and can be withdrawn.
  const employee = "林 健太";
  await grid.getByRole("button", { name: employee, exact: true }).click();
  const person = page.getByRole("dialog", { name: `${employee}さんの所属と異動` });
  await expect(person.getByTestId("assignment").filter({ hasText: "発令前" })).toHaveCount(0);
  await expect(person.getByTestId("assignment").first()).toContainText(SECTION);
  await person.getByLabel(/異動先の部署/).selectOption({ label: "　総務課" });
  await person.getByRole("button", { name: /発令日/ }).click();
  for (let i = 0; i < 4; i++) await page.locator("[data-direction=next]").and(page.getByRole("button", { name: "次の月" })).click();
  await page.getByRole("button", { name: "2027年4月1日(木)" }).click();
  await person.getByLabel(/メモ/).fill("令和9年4月1日付人事異動");
  await person.getByRole("button", { name: "異動を登録する" }).click();
  await expect(page.getByText("異動を登録しました。")).toBeVisible();
  const planned = person.getByTestId("assignment").filter({ hasText: "発令前" });
  await expect(planned).toContainText("総務課");
  await expect(planned).toContainText("2027年4月1日(木)〜");
  await expect(planned).toContainText("令和9年4月1日付人事異動");
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, "ledger-transfer");
  await planned.getByRole("button", { name: "取り下げる" }).click();
  await page.getByRole("dialog", { name: "この異動を取り下げますか。" }).getByRole("button", { name: "取り下げる" }).click();
  await expect(page.getByText("異動を取り下げました。")).toBeVisible();
  await expect(person.getByTestId("assignment").filter({ hasText: "発令前" })).toHaveCount(0);
});

test("the supervisor sees the line for the coming two weeks and the section's forecast against its band", async ({ page }) => {
  await signIn(page, "supervisor");
  await page.getByRole("link", { name: "所属の出勤状況" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("所属の出勤状況");
  const grid = page.getByTestId("attendance-grid");
  await expect(grid.locator("thead th")).toHaveCount(1 + 14);
  await expect(grid.getByText(/^2026年12月4日\(金\) .+: 在宅勤務・予定$/)).toHaveCount(1);
  const forecast = page.getByTestId("forecast-row").filter({ has: page.getByRole("rowheader", { name: SECTION, exact: true }) });
  await expect(forecast).toContainText("下限40%");
  await shot(page, "team");
  expect(await seriousViolations(page)).toEqual([]);
});
