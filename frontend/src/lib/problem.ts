import { ApiError, type Problem, type Result } from "../api/client";

// fieldErrors maps a problem's per-field errors onto form fields: "dates[2]"
// belongs to the dates field, "rows[3].name" stays as it is after the first
// segment's index is dropped. The first message per field wins.
export function fieldErrors(p: Problem | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of p?.errors ?? []) {
    const key = e.field.replace(/^([^.[\]]+)\[\d+\]$/, "$1");
    if (!(key in out)) out[key] = e.detail;
  }
  return out;
}

// problemOf returns the problem an error carries, if any.
export function problemOf(err: unknown): Problem | null {
  return err instanceof ApiError ? err.problem : null;
}

// generalMessage is what to show above a form: the problem's detail unless
// every error belongs to a field the form shows.
export function generalMessage(p: Problem | null, shownFields: string[]): string | null {
  if (!p) return null;
  const fields = Object.keys(fieldErrors(p));
  if (fields.length > 0 && fields.every((f) => shownFields.includes(f))) return null;
  return p.detail;
}

// refusalResults returns the rule results a refused submission carries (a
// 422 with `results`), so the screen shows the engine's reasons.
export function refusalResults(p: Problem | null): Result[] {
  const rs = (p as (Problem & { results?: Result[] }) | null)?.results;
  return Array.isArray(rs) ? rs : [];
}
