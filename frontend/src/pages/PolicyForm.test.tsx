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

  it("offers the settings real 要綱 write (issue 22)", () => {
    render(<Harness problem={null} />);
    fireEvent.change(screen.getByLabelText("効力の終了日"), { target: { value: "2027-03-31" } });
    fireEvent.change(screen.getByLabelText("必要な勤続月数"), { target: { value: "12" } });
    fireEvent.click(screen.getByLabelText("条件付採用期間（試用期間）中の日は対象外とする"));
    fireEvent.change(screen.getByLabelText("勤務日数に対する月の上限（%）"), { target: { value: "50" } });
    fireEvent.change(screen.getByLabelText("何暦日前まで"), { target: { value: "7" } });
    fireEvent.change(screen.getByLabelText("前月の何日までに翌月分を申請"), { target: { value: "20" } });
    fireEvent.click(screen.getByLabelText("期限後の申請には事前の連絡を求める"));
    fireEvent.change(screen.getByLabelText("1回の申請の期間の上限（暦日）"), { target: { value: "31" } });
    fireEvent.click(screen.getByLabelText("期間中は日数の上限を適用しない"));
    fireEvent.click(screen.getByRole("button", { name: "共用の資源を追加する" }));
    fireEvent.click(screen.getByRole("button", { name: "方式を追加する" }));
    fireEvent.click(screen.getByRole("button", { name: "方式を追加する" }));
    const doc = parseDraft(latest).doc?.toJS();
    expect(doc.effective_to).toBe("2027-03-31");
    expect(doc.eligibility).toEqual({ min_service_months: 12, exclude_probation: true });
    expect(doc.limits.share_of_scheduled_percent).toBe(50);
    expect(doc.deadlines).toEqual({ calendar_days_before: 7, monthly: { day: 20 }, late_requires_notice: true });
    expect(doc.periods.max_days).toBe(31);
    expect(doc.emergency.lift_limits).toBe(true);
    expect(doc.pools[0]).toMatchObject({ id: "pool_1", per_day: 10 });
    expect(doc.schemes.map((x: { id: string }) => x.id)).toEqual(["home", "scheme_2"]);
    // Emptied, the end date is removed rather than left as an empty string.
    fireEvent.change(screen.getByLabelText("効力の終了日"), { target: { value: "" } });
    expect(parseDraft(latest).doc?.toJS().effective_to).toBeUndefined();
  }, 120_000); // a dozen fields rendered and changed: slow on a loaded machine

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
