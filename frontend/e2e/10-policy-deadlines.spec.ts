import { expect, test } from "@playwright/test";
import { seriousViolations, shot, signIn } from "./helpers";

// HR writes a month-based deadline as their 要綱 does — 「前月の20日までに翌月分を申請」, with May's dates due
// by 10 April, before the long holidays — in the form, and reads it in the full text the server checked. The
// draft is discarded: the versions the other specs published stay as they are.
test.describe.configure({ timeout: 180_000 }); // the rules form is long; a loaded machine needs the time

test("HR sets a month-based deadline with an exception month in the form, and the text shows it", async ({ page }) => {
  await signIn(page, "hr");
  await page.getByRole("link", { name: "在宅勤務規程" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("在宅勤務規程");
  await page.getByRole("button", { name: "効力のある版を写して新しい版を作成する" }).click();
  await expect(page.getByRole("heading", { name: "新しい版の下書き" })).toBeVisible();
  await expect(page.getByTestId("validation")).toContainText("誤りは見つかりませんでした。");

  // The demo city's schemes: モバイル勤務 has a deadline of its own (the day itself), beside the organisation's.
  const mobile = page.getByRole("group", { name: "「モバイル勤務」の申請期限" });
  await expect(mobile.getByLabel("何開庁日前まで")).toHaveValue("0");

  const deadlines = page.getByRole("group", { name: "申請期限", exact: true });
  await deadlines.getByLabel("前月の何日までに翌月分を申請").fill("20");
  await deadlines.getByRole("button", { name: "例外の月を追加する" }).click();
  const exception = deadlines.getByTestId("monthly-exception");
  await expect(exception.getByLabel("在宅勤務の月（1〜12）")).toHaveValue("5");
  await exception.getByLabel("その月の分の期限の日").fill("10");
  await expect(page.getByTestId("validation")).toContainText("誤りは見つかりませんでした。");
  await expect(page.getByTestId("diff")).toContainText("monthly:");
  expect(await seriousViolations(page)).toEqual([]);
  await deadlines.scrollIntoViewIfNeeded();
  await shot(page, "policy-monthly-deadline");

  // The full text holds what the form wrote; a change there shows in the form.
  await page.getByRole("tab", { name: "全文（YAML）で編集" }).click();
  const text = page.getByLabel("規程の全文（YAML）");
  await expect(text).toHaveValue(/monthly:\s*\n\s+day: 20\s*\n\s+exceptions:\s*\n\s+- month: 5\s*\n\s+day: 10/);
  await text.fill((await text.inputValue()).replace(/day: 20(\s*\n\s+exceptions)/, "day: 25$1"));
  await expect(page.getByTestId("validation")).toContainText("誤りは見つかりませんでした。");
  await page.getByRole("tab", { name: "入力欄で編集" }).click();
  await expect(deadlines.getByLabel("前月の何日までに翌月分を申請")).toHaveValue("25");

  // The same form in English.
  await page.getByRole("banner").locator("label").filter({ hasText: /^English$/ }).click();
  const en = page.getByRole("group", { name: "Deadlines", exact: true });
  await expect(en.getByLabel("Next month's dates due by this day")).toHaveValue("25");
  await expect(en.getByText("Exceptions by month")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole("banner").locator("label").filter({ hasText: /^日本語$/ }).click();

  await page.getByRole("button", { name: "下書きを破棄する" }).click();
  await expect(page.getByRole("heading", { name: "新しい版の下書き" })).toHaveCount(0);
});
