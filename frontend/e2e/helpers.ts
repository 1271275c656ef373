import { expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";

export const PASSWORD = "kinmuchi-demo-2026";
export const SHOTS = "../docs/screenshots";

export async function signIn(page: Page, who: "employee" | "supervisor" | "hr" | "admin") {
  await page.goto("/");
  await page.getByLabel("メールアドレス").fill(`${who}@demo.example`);
  await page.getByLabel("パスワード").fill(PASSWORD);
  await page.getByRole("button", { name: "サインイン" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/予定|Schedule/);
}

export async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

// seriousViolations runs axe-core on the page (WCAG 2.1 A and AA rules) and
// returns the serious and critical findings.
export async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
}
