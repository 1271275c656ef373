import { useQuery } from "@tanstack/react-query";
import { parse } from "yaml";
import { api, unwrap } from "../api/client";

export interface ReasonInfo {
  id: string;
  name: { ja: string; en: string };
  family: "required" | "optional" | "none";
  units: string[] | null;
}

export interface Named {
  id: string;
  name: { ja: string; en: string };
}

export interface SchemeInfo extends Named {
  places: string[];
}

export interface PolicyInfo {
  reasons: ReasonInfo[];
  minOfficeDaysPerWeek: number | null;
  // What a request may say beyond its days (issue 22), each only when the
  // version defines it: the schemes run side by side, the shared pools, the
  // kinds of work a rule excludes, and whether a late or after-the-fact
  // request takes a prior notice.
  schemes: SchemeInfo[];
  pools: Named[];
  workKinds: string[];
  notice: boolean;
}

function nameOf(x: Record<string, unknown>): { ja: string; en: string } {
  const n = x.name;
  if (typeof n === "string") return { ja: n, en: n };
  const t = (n as { ja?: string; en?: string } | undefined) ?? {};
  return { ja: t.ja ?? String(x.id), en: t.en || t.ja || String(x.id) };
}

// readPolicy takes what the forms need from the policy document in force.
export function readPolicy(document: string): PolicyInfo {
  const doc = (parse(document) ?? {}) as Record<string, unknown>;
  const reasons = ((doc.reasons as Record<string, unknown>[] | undefined) ?? []).map((r) => {
    const name = (r.name as { ja?: string; en?: string } | undefined) ?? {};
    const fm = r.family_member;
    return {
      id: String(r.id),
      name: { ja: name.ja ?? String(r.id), en: name.en ?? String(r.id) },
      family: fm === "required" || fm === "optional" ? fm : "none",
      units: Array.isArray(r.units) ? (r.units as string[]) : null,
    } as ReasonInfo;
  });
  const limits = (doc.limits as Record<string, unknown> | undefined) ?? {};
  const list = (k: string) => (doc[k] as Record<string, unknown>[] | undefined) ?? [];
  const schemes = list("schemes").map((x) => ({ id: String(x.id), name: nameOf(x), places: Array.isArray(x.places) ? (x.places as string[]) : [] }));
  const deadlines = [doc.deadlines, ...list("schemes").map((x) => x.deadlines)].map((d) => (d as Record<string, unknown> | undefined) ?? {});
  const eligibility = (doc.eligibility as Record<string, unknown> | undefined) ?? {};
  return {
    reasons,
    minOfficeDaysPerWeek: typeof limits.min_office_days_per_week === "number" ? limits.min_office_days_per_week : null,
    schemes,
    pools: list("pools").map((x) => ({ id: String(x.id), name: nameOf(x) })),
    workKinds: Array.isArray(eligibility.excluded_work_kinds) ? (eligibility.excluded_work_kinds as string[]).map(String) : [],
    notice: deadlines.some((d) => d.late_requires_notice === true || (d.after_the_fact !== undefined && d.after_the_fact !== "refuse")),
  };
}

// usePolicy reads the version in force on a date (today when none is given):
// a request's form follows the version of its first date.
export function usePolicy(date?: string) {
  return useQuery({
    queryKey: ["policy", date ?? ""],
    queryFn: async () => readPolicy(unwrap(await api.GET("/api/v1/policies/telework", { params: { query: date ? { date } : {} } })).document),
    staleTime: 5 * 60_000,
    placeholderData: (prev) => prev,
  });
}
