import { describe, expect, it } from "vitest";
import type { Problem } from "../api/client";
import { formPaths } from "../pages/PolicyForm";
import { appendItem, draftErrors, joinList, listOf, parseDraft, pathKey, readValue, removeItem, splitList, startDraft, writeValue } from "./policyDraft";

const doc = `# 規程
id: town
version: "2026-04"
effective_from: 2026-04-01
reasons:
  - id: childcare
    name: {ja: 育児, en: Childcare}
    family_member: required
    relations: [child, stepchild]
family:
  # 2親等まで
  max_degree: {blood: 2, affinity: 2}
  partnership_as_spouse: true
limits:
  per_week: 2 # 週2日
`;

const problem = (fields: string[]): Problem =>
  ({ type: "about:blank", title: "x", status: 422, detail: "invalid", request_id: "r", errors: fields.map((f) => ({ field: f, detail: `bad ${f}` })) }) as Problem;

describe("the form reads and writes the same YAML draft", () => {
  it("reads scalars, lists and nested values", () => {
    const d = parseDraft(doc).doc;
    expect(readValue(d, ["limits", "per_week"])).toBe(2);
    expect(readValue(d, ["family", "max_degree", "blood"])).toBe(2);
    expect(readValue(d, ["family", "partnership_as_spouse"])).toBe(true);
    expect(readValue(d, ["reasons", 0, "relations"])).toEqual(["child", "stepchild"]);
    expect(readValue(d, ["reasons", 0, "name", "ja"])).toBe("育児");
    expect(readValue(d, ["limits", "per_month"])).toBeUndefined();
    expect(listOf(d, ["reasons"])).toHaveLength(1);
  });

  it("writes a value and keeps the comments elsewhere", () => {
    const out = writeValue(doc, ["limits", "per_week"], 1);
    expect(out).toContain("# 規程");
    expect(out).toContain("# 2親等まで");
    expect(readValue(parseDraft(out).doc, ["limits", "per_week"])).toBe(1);
    expect(out).toMatch(/per_week: 1/);
  });

  it("creates missing maps, writes lists in flow style, and removes emptied values", () => {
    let out = writeValue(doc, ["family", "common_law_as_spouse"], true);
    expect(readValue(parseDraft(out).doc, ["family", "common_law_as_spouse"])).toBe(true);
    out = writeValue(out, ["deadlines", "time"], "17:00");
    expect(readValue(parseDraft(out).doc, ["deadlines", "time"])).toBe("17:00");
    out = writeValue(out, ["reasons", 0, "relations"], ["child"]);
    expect(out).toContain("relations: [child]");
    out = writeValue(out, ["limits", "per_week"], undefined);
    expect(readValue(parseDraft(out).doc, ["limits", "per_week"])).toBeUndefined();
    out = writeValue(out, ["deadlines", "time"], "");
    expect(parseDraft(out).doc?.hasIn(["deadlines", "time"])).toBe(false);
  });

  it("adds and removes list items", () => {
    let out = appendItem(doc, ["approval", "steps"], { name: "hr", approvers: ["hr"] });
    expect(listOf(parseDraft(out).doc, ["approval", "steps"])).toEqual([{ name: "hr", approvers: ["hr"] }]);
    out = removeItem(out, ["approval", "steps"], 0);
    expect(listOf(parseDraft(out).doc, ["approval", "steps"])).toEqual([]);
  });

  it("leaves a text that does not parse as it is and reports its error", () => {
    const bad = "limits: {per_week: 2\n";
    expect(parseDraft(bad).syntaxError).not.toBeNull();
    expect(writeValue(bad, ["limits", "per_week"], 1)).toBe(bad);
  });

  it("starts a draft as a copy with a new label and date", () => {
    const out = startDraft(doc, "2026年12月改正", "2026-12-02");
    const d = parseDraft(out).doc;
    expect(readValue(d, ["version"])).toBe("2026年12月改正");
    expect(String(readValue(d, ["effective_from"]))).toBe("2026-12-02");
    expect(readValue(d, ["limits", "per_week"])).toBe(2);
    expect(out).toContain("# 2親等まで");
    // Only the label and the date change, line for line.
    const changed = out.split("\n").filter((l, i) => l !== doc.split("\n")[i]);
    expect(changed).toEqual(['version: "2026年12月改正"', "effective_from: 2026-12-02"]);
  });

  it("splits and joins list fields", () => {
    expect(splitList("child, stepchild、 parent")).toEqual(["child", "stepchild", "parent"]);
    expect(splitList("  ")).toEqual([]);
    expect(joinList(["a", "b"])).toBe("a, b");
    expect(joinList(undefined)).toBe("");
  });
});

describe("validation errors go to their path", () => {
  it("writes paths as the API does", () => {
    expect(pathKey(["limits", "per_week"])).toBe("limits.per_week");
    expect(pathKey(["reasons", 0, "name", "ja"])).toBe("reasons[0].name.ja");
  });

  it("puts an error next to the form field that shows its path, else above the text", () => {
    const shown = formPaths(parseDraft(doc).doc);
    expect(shown.has("limits.per_week")).toBe(true);
    expect(shown.has("reasons[0].family_member")).toBe(true);
    const e = draftErrors(problem(["document.limits.per_week", "document.family.relations[0]", "document.reasons[0].family_member", "effective_from", "document"]), shown);
    expect(e.form).toEqual({ "limits.per_week": "bad document.limits.per_week", "reasons[0].family_member": "bad document.reasons[0].family_member" });
    expect(e.text).toEqual([
      { path: "family.relations[0]", detail: "bad document.family.relations[0]" },
      { path: "", detail: "bad document" },
    ]);
    expect(e.fields).toEqual({ effective_from: "bad effective_from" });
  });

  it("answers nothing without a problem", () => {
    expect(draftErrors(null, new Set())).toEqual({ form: {}, text: [], fields: {} });
  });
});

describe("the built-in template", () => {
  it("round-trips through a form edit changing only the edited lines", async () => {
    const { readFileSync } = await import("node:fs");
    const tpl = readFileSync(new URL("../../../policies/default_policy.yaml", import.meta.url), "utf8");
    const draft = startDraft(tpl, "2026-12", "2026-12-02");
    const edited = writeValue(draft, ["limits", "per_week"], 1);
    const a = tpl.split("\n");
    const changed = edited.split("\n").filter((l, i) => l !== a[i]);
    expect(changed).toEqual(['version: "2026-12"', "effective_from: 2026-12-02", "  per_week: 1"]);
  });
});
