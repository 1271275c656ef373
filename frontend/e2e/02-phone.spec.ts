import { expect, test } from "@playwright/test";
import { shot, signIn } from "./helpers";

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

test("a phone-sized screen books a seat", async ({ page }) => {
  await signIn(page, "hr");
  await shot(page, "phone-schedule");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByRole("button", { name: "メニュー" }).click();
  await page.getByRole("link", { name: "座席の予約" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("座席の予約");
  await page.getByLabel("事業所").selectOption({ label: "北部行政センター サテライト（サテライト）" });
  await page.getByLabel("日付").click();
  await page.getByRole("button", { name: "2026年12月3日(木)" }).click();
  await page.getByLabel("開始").selectOption({ label: "13:30" });
  await page.getByLabel("終了").selectOption({ label: "15:30" });
  const button = page.getByTestId("space-row").first().getByRole("button", { name: /を13:30〜15:30で予約する/ });
  await button.scrollIntoViewIfNeeded();
  await button.click();
  await expect(page.getByTestId("my-booking").filter({ hasText: "2026年12月3日(木) 13:30〜15:30" })).toBeVisible();
  // Nothing is wider than the screen but the grid, which scrolls in its own box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await shot(page, "phone-book");
});
