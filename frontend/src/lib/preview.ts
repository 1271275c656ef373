import type { Decision, Result } from "../api/client";

export type Outcome = "pass" | "warn" | "fail";

export interface DayView {
  date: string;
  outcome: Outcome;
  // The rules that did not pass, as the engine explains them.
  issues: Result[];
  // The deadline rule's own explanation for the date.
  deadline: Result | null;
  flags: string[];
  results: Result[];
  // The scheme the date was decided under, when the policy has schemes.
  scheme: string;
}

export interface Remaining {
  rule: "limit.per_week" | "limit.per_month" | "limit.per_fiscal_year";
  left: number; // days left after this request, never below 0
  limit: number;
  over: boolean;
}

export interface PreviewView {
  refused: boolean;
  general: Result[]; // results about the request as a whole that did not pass
  days: DayView[];
  remaining: Remaining[];
}

const LIMIT_RULES = ["limit.per_week", "limit.per_month", "limit.per_fiscal_year"] as const;

function worst(rs: Result[]): Outcome {
  if (rs.some((r) => r.outcome === "fail")) return "fail";
  if (rs.some((r) => r.outcome === "warn")) return "warn";
  return "pass";
}

// summarize turns the engine's decision into what the form shows: each date
// with its worst outcome, the rules that did not pass and the deadline, and
// for each limit the days left after the request (the tightest date counts).
export function summarize(refused: boolean, d: Decision): PreviewView {
  const days: DayView[] = d.dates.map((dd) => ({
    date: dd.date,
    outcome: worst(dd.results),
    issues: dd.results.filter((r) => r.outcome !== "pass"),
    deadline: dd.results.find((r) => r.rule === "deadline.advance" || r.rule === "deadline.after_the_fact") ?? null,
    flags: dd.flags ?? [],
    results: dd.results,
    scheme: dd.scheme ?? "",
  }));
  const remaining: Remaining[] = [];
  for (const rule of LIMIT_RULES) {
    let min: number | null = null;
    let limit = 0;
    for (const dd of d.dates) {
      const c = dd.results.find((r) => r.rule === rule)?.count;
      if (c && (min === null || c.limit - c.days < min)) {
        min = c.limit - c.days;
        limit = c.limit;
      }
    }
    if (min !== null) remaining.push({ rule, left: Math.max(min, 0), limit, over: min < 0 });
  }
  return { refused, general: (d.results ?? []).filter((r) => r.outcome !== "pass"), days, remaining };
}
