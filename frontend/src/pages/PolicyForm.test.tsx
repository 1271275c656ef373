// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { useMemo, useState } from "react";
import "../i18n";
import { draftErrors, parseDraft } from "../lib/policyDraft";
import type { Problem } from "../api/client";
import { formPaths, PolicyForm } from "./PolicyForm";

beforeAll(() => {
  window.matchMedia ??= ((q: string) => ({ matches: false, media: q, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false })) as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;
});
afterEach(cleanup);

const start = `id: town
version: "2026-04"
effective_from: 2026-04-01
family:
  partnership_as_spouse: false # 未導入
limits:
  per_week: 2
`;

let latest = "";
function Harness({ problem }: { problem: Problem | null }) {
  const [text, setText] = useState(start);
  latest = text;
  const parsed = useMemo(() => parseDraft(text), [text]);
  const errs = draftErrors(problem, formPaths(parsed.doc));
  return (
    <MantineProvider>
      <PolicyForm doc={parsed.doc} text={text} onChange={setText} errors={errs.form} />
    </MantineProvider>
  );
}

describe("the policy form", () => {
  it("writes its fields into the YAML draft, keeping comments", () => {
    render(<Harness problem={null} />);
    const perWeek = screen.getByLabelText("週の上限（日）");
    expect(perWeek).toHaveProperty("value", "2");
    fireEvent.change(perWeek, { target: { value: "1" } });
    expect(parseDraft(latest).doc?.getIn(["limits", "per_week"])).toBe(1);
    fireEvent.click(screen.getByLabelText("パートナーシップを配偶者として扱う"));
    expect(latest).toContain("partnership_as_spouse: true # 未導入");
    fireEvent.change(screen.getByLabelText("週の最低出勤日数"), { target: { value: "1" } });
    expect(parseDraft(latest).doc?.getIn(["limits", "min_office_days_per_week"])).toBe(1);
  });

  it("adds and removes approval steps", () => {
    render(<Harness problem={null} />);
    fireEvent.click(screen.getByRole("button", { name: "承認の手順を追加する" }));
    expect(parseDraft(latest).doc?.toJS().approval.steps).toEqual([{ name: "step_1", label: { ja: "新しい手順", en: "New step" }, approvers: ["department_head"] }]);
    fireEvent.click(screen.getByRole("button", { name: "手順1（step_1）を削除" }));
    expect(parseDraft(latest).doc?.toJS().approval.steps).toEqual([]);
  });

  it("shows the API's error at the field of its path", () => {
    const problem = { type: "about:blank", title: "x", status: 422, detail: "invalid", request_id: "r", errors: [{ field: "document.limits.per_week", detail: "0 から 7 までで指定してください" }] } as Problem;
    render(<Harness problem={problem} />);
    const perWeek = screen.getByLabelText("週の上限（日）");
    expect(perWeek.getAttribute("aria-invalid")).toBe("true");
    const describedBy = perWeek.getAttribute("aria-describedby") ?? "";
    const texts = describedBy.split(" ").map((id) => document.getElementById(id)?.textContent ?? "");
    expect(texts).toContain("0 から 7 までで指定してください");
  });
});
