// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import "../i18n";
import i18n from "../i18n";
import { PreviewPanel } from "./RequestTelework";
import { summarize } from "../lib/preview";
import type { Decision } from "../api/client";

beforeAll(() => {
  window.matchMedia ??= ((q: string) => ({ matches: false, media: q, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false })) as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;
});
afterEach(async () => {
  cleanup();
  await i18n.changeLanguage("ja");
});

const policy = { id: "p", version: "1", effective_from: "2026-04-01" };
const decision: Decision = {
  route: { steps: [] },
  dates: [
    {
      date: "2026-12-03",
      policy,
      flags: ["late_application"],
      results: [
        { rule: "limit.per_week", outcome: "fail", effect: "refuse", message: { ja: "週の在宅勤務日数の上限（2日）を超えます（この申請を含めて3日）。", en: "Exceeds the weekly telework limit (2 days): 3 days including this request." }, count: { days: 3, limit: 2 } },
        { rule: "limit.per_month", outcome: "pass", message: { ja: "月の上限以内です。", en: "Within the monthly limit." }, count: { days: 3.5, limit: 8 } },
        { rule: "deadline.advance", outcome: "warn", effect: "warn", message: { ja: "申請期限（2026年12月2日（水） 17:00）を過ぎた申請（遅延申請）です。", en: "Applied after the deadline (17:00 on Wed 2 Dec 2026): a late application." } },
      ],
    },
  ],
};

function show() {
  render(
    <MantineProvider>
      <PreviewPanel view={summarize(true, decision)} loading={false} problem={null} hasDates />
    </MantineProvider>,
  );
}

describe("the preview panel", () => {
  it("shows the refusal, each rule that did not pass as the engine words it, the deadline and the days left", () => {
    show();
    expect(screen.getByTestId("preview-verdict").textContent).toBe("この内容では申請できません。理由を確認してください。");
    expect(screen.getByText("2026年12月3日(木)")).toBeTruthy();
    expect(screen.getByText("遅延申請")).toBeTruthy();
    expect(screen.getByTestId("deadline").textContent).toBe("申請期限（2026年12月2日（水） 17:00）を過ぎた申請（遅延申請）です。");
    expect(screen.getAllByText("週の在宅勤務日数の上限（2日）を超えます（この申請を含めて3日）。").length).toBeGreaterThan(0);
    expect(screen.getByText(/今週: 上限を超えています（上限2日）/)).toBeTruthy();
    expect(screen.getByText(/今月: あと4.5日（上限8日）/)).toBeTruthy();
  });

  it("speaks English when English is chosen", async () => {
    await i18n.changeLanguage("en");
    show();
    expect(screen.getByTestId("preview-verdict").textContent).toBe("This request cannot be submitted; see the reasons.");
    expect(screen.getByText("Thu 3 Dec 2026")).toBeTruthy();
    expect(screen.getByText(/This month: 4.5 left \(limit 8\)/)).toBeTruthy();
  });
});
