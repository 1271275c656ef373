import { useQuery } from "@tanstack/react-query";
import { parse } from "yaml";
import { api, unwrap } from "../api/client";

export interface ReasonInfo {
  id: string;
  name: { ja: string; en: string };
  family: "required" | "optional" | "none";
  units: string[] | null;
}

export interface PolicyInfo {
  reasons: ReasonInfo[];
  minOfficeDaysPerWeek: number | null;
  closingDays: string[]; // MM-DD
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
  const cal = (doc.calendar as Record<string, unknown> | undefined) ?? {};
  return {
    reasons,
    minOfficeDaysPerWeek: typeof limits.min_office_days_per_week === "number" ? limits.min_office_days_per_week : null,
    closingDays: Array.isArray(cal.closing_days) ? (cal.closing_days as string[]).map(String) : [],
  };
}

export function usePolicy() {
  return useQuery({
    queryKey: ["policy"],
    queryFn: async () => readPolicy(unwrap(await api.GET("/api/v1/policies/telework")).document),
    staleTime: 5 * 60_000,
  });
}
