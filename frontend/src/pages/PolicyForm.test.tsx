// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
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
function Harness({ problem, initial = start }: { problem: Problem | null; initial?: string }) {
  const [text, setText] = useState(initial);
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

  // 「前月の20日までに翌月分を申請」, with May's dates due by 15 April (before the holidays), written in the form and read
  // back from the text; a scheme's own deadline (モバイル勤務: the day itself) beside the organisation's.
  it("maps a month-based deadline, its exception months and a scheme's own deadlines both ways", () => {
    const initial = `${start}deadlines:
  monthly:
    day: 20
    exceptions:
      - {month: 8, day: 10} # お盆
schemes:
  - id: home
    name: {ja: 在宅勤務, en: Home}
    places: [home]
  - id: mobile
    name: {ja: モバイル勤務, en: Mobile}
    places: [elsewhere]
    deadlines: {office_days_before: 0}
`;
    render(<Harness problem={null} initial={initial} />);
    // Read from the text: the day, the exception, the scheme's deadline.
    const org = screen.getAllByRole("group").find((g) => g.querySelector("legend")?.textContent === "申請期限")!;
    expect(within(org).getByLabelText("前月の何日までに翌月分を申請")).toHaveProperty("value", "20");
    expect(within(org).getByLabelText("在宅勤務の月（1〜12）")).toHaveProperty("value", "8");
    expect(within(org).getByLabelText("その月の分の期限の日")).toHaveProperty("value", "10");
    // Only モバイル勤務 has deadlines of its own; 在宅勤務 offers to add them.
    const [mobile] = screen.getAllByTestId("scheme-deadlines");
    expect(within(mobile).getByLabelText("何開庁日前まで")).toHaveProperty("value", "0");
    fireEvent.click(screen.getByRole("button", { name: "「在宅勤務」に独自の申請期限を定める" }));
    const home = screen.getAllByTestId("scheme-deadlines")[0];
    expect(within(home).getByLabelText("何開庁日前まで")).toHaveProperty("value", "");
    // Written by the form: a second exception (May by 15 April), the same month's deadline for mobile work.
    fireEvent.click(within(org).getByRole("button", { name: "例外の月を追加する" }));
    fireEvent.change(within(org).getAllByLabelText("その月の分の期限の日")[1], { target: { value: "15" } });
    fireEvent.change(within(mobile).getByLabelText("前月の何日までに翌月分を申請"), { target: { value: "25" } });
    fireEvent.change(within(mobile).getByLabelText("何か月前の月の期限か"), { target: { value: "0" } });
    fireEvent.click(within(home).getByLabelText("期限後の申請には事前の連絡を求める"));
    let doc = parseDraft(latest).doc?.toJS();
    expect(doc.deadlines.monthly).toEqual({ day: 20, exceptions: [{ month: 8, day: 10 }, { month: 5, day: 15 }] });
    expect(latest).toContain("# お盆");
    expect(doc.schemes[1].deadlines).toEqual({ office_days_before: 0, monthly: { day: 25, months_before: 0 } });
    expect(doc.schemes[0].deadlines).toEqual({ late_requires_notice: true });
    // The first exception removed; then the monthly day emptied removes the monthly deadline with its exceptions.
    fireEvent.click(within(org).getByRole("button", { name: "例外1を削除" }));
    expect(parseDraft(latest).doc?.toJS().deadlines.monthly.exceptions).toEqual([{ month: 5, day: 15 }]);
    fireEvent.change(within(org).getByLabelText("前月の何日までに翌月分を申請"), { target: { value: "" } });
    doc = parseDraft(latest).doc?.toJS();
    expect(doc.deadlines).toEqual({});
    expect(within(org).queryByRole("button", { name: "例外の月を追加する" })).toBeNull();
  }, 120_000);

  it("offers employment-type limits, a pool's and a scheme's English names and a step's ranks", () => {
    render(<Harness problem={null} initial={`${start}pools:\n  - {id: loan_pc, name: {ja: 貸出用パソコン, en: Loan PC}, per_day: 10, step: hr}\n`} />);
    fireEvent.click(screen.getByRole("button", { name: "任用形態ごとの上限を追加する" }));
    fireEvent.click(screen.getByRole("button", { name: "承認の手順を追加する" }));
    fireEvent.blur(screen.getByLabelText("この職位の申請だけに適用"), { target: { value: "kacho, bucho" } });
    fireEvent.change(screen.getAllByLabelText("名称（英語）").at(-1)!, { target: { value: "Loan PCs" } });
    const doc = parseDraft(latest).doc?.toJS();
    expect(doc.eligibility.employment_limits).toEqual([{ employment_types: ["fiscal_year"], limits: { share_of_scheduled_percent: 50 } }]);
    expect(doc.approval.steps[0].when).toEqual({ ranks: ["kacho", "bucho"] });
    expect(doc.pools[0].name.en).toBe("Loan PCs");
  }, 120_000);

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
