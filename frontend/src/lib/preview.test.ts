import { describe, expect, it } from "vitest";
import type { Decision, Result } from "../api/client";
import { summarize } from "./preview";

const msg = { ja: "…", en: "…" };
const pass = (rule: string, extra: Partial<Result> = {}): Result => ({ rule, outcome: "pass", message: msg, ...extra });
const policy = { id: "p", version: "1", effective_from: "2026-04-01" };

describe("summarize", () => {
  const decision: Decision = {
    results: [pass("request.dates")],
    route: { steps: [] },
    dates: [
      {
        date: "2026-12-02",
        policy,
        results: [
          pass("limit.per_week", { count: { days: 2, limit: 2 } }),
          pass("limit.per_month", { count: { days: 2.5, limit: 8 } }),
          { rule: "deadline.advance", outcome: "warn", effect: "warn", message: { ja: "遅延申請です。", en: "Late." } },
        ],
        flags: ["late_application"],
      },
      {
        date: "2026-12-03",
        policy,
        results: [
          { rule: "limit.per_week", outcome: "fail", effect: "refuse", message: { ja: "上限を超えます。", en: "Over." }, count: { days: 3, limit: 2 } },
          pass("limit.per_month", { count: { days: 3.5, limit: 8 } }),
          pass("deadline.advance"),
        ],
      },
    ],
  };

  it("gives each date its worst outcome, its issues and its deadline", () => {
    const v = summarize(true, decision);
    expect(v.refused).toBe(true);
    expect(v.days.map((d) => d.outcome)).toEqual(["warn", "fail"]);
    expect(v.days[0].deadline?.message.ja).toBe("遅延申請です。");
    expect(v.days[0].flags).toEqual(["late_application"]);
    expect(v.days[1].issues.map((r) => r.rule)).toEqual(["limit.per_week"]);
    expect(v.general).toEqual([]);
  });

  it("counts the days left from the tightest date, never below zero", () => {
    const v = summarize(true, decision);
    expect(v.remaining).toEqual([
      { rule: "limit.per_week", left: 0, limit: 2, over: true },
      { rule: "limit.per_month", left: 4.5, limit: 8, over: false },
    ]);
  });

  it("has nothing to count without limits", () => {
    expect(summarize(false, { route: { steps: [] }, dates: [] }).remaining).toEqual([]);
  });
});
