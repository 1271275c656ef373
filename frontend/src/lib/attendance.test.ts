import { describe, expect, it } from "vitest";
import { byPerson, filenameOf, fiscalYearStart, fourWeeks, heatOf, monthsBack, outsideBand, percent, pivotRatio, treeOrder, type AttendanceDay, type Occupancy, type RatioRow } from "./attendance";

const bucket = (key: string, booked: number, open: number) => ({ key, bookings: booked > 0 ? 1 : 0, booked_hours: booked, open_hours: open, utilisation: open ? booked / open : 0, by_kind: [], by_organization: [] });
const occ = (buckets: ReturnType<typeof bucket>[]): Occupancy => ({ office: { id: "o", name: "駅前" }, from: "", to: "", bucket: "hour", buckets, peak_hours: [], no_shows: null });

describe("the heat map by weekday and hour", () => {
  it("reads each weekday's hours, Monday first, and leaves out closed days and hours", () => {
    const h = heatOf(
      occ([
        // Wednesdays: 4 of 8 booked hours at 09:00 over the period, none at 10:00.
        bucket("wednesday 09:00", 4, 8),
        bucket("wednesday 10:00", 0, 8),
        bucket("monday 09:00", 2, 4),
        // A Sunday the office never opened.
        bucket("sunday 09:00", 0, 0),
      ]),
    );
    expect(h.weekdays).toEqual([1, 3]); // Monday first, no Sunday
    expect(h.hours).toEqual(["09:00", "10:00"]);
    expect(h.cell(3, "09:00")).toEqual({ booked: 4, open: 8 });
    expect(h.cell(1, "10:00")).toBeUndefined();
    expect(h.max).toBe(0.5);
  });

  it("covers the four Monday-to-Sunday weeks ending with today's", () => {
    expect(fourWeeks("2026-12-01")).toEqual({ from: "2026-11-09", to: "2026-12-06" });
    expect(fourWeeks("2026-12-06")).toEqual({ from: "2026-11-09", to: "2026-12-06" });
  });
});

describe("ratios", () => {
  it("shows one decimal, and a dash when there is no ratio (excluded or nobody working)", () => {
    expect(percent(0.875)).toBe("87.5%");
    expect(percent(1)).toBe("100.0%");
    expect(percent(0.39999)).toBe("40.0%");
    expect(percent(null)).toBe("—");
  });

  it("tells below the floor from above the ceiling", () => {
    const band = { min_percent: 40, max_percent: 80, level: "ka" };
    expect(outsideBand(0.35, band)).toBe("below_min");
    expect(outsideBand(0.4, band)).toBeNull();
    expect(outsideBand(0.85, band)).toBe("above_max");
    expect(outsideBand(0.1, null)).toBeNull();
  });

  it("pivots rows into departments in the order given by periods in date order", () => {
    const row = (id: string, name: string, start: string, ratio: number): RatioRow =>
      ({ department_id: id, department_name: name, depth: id === "p" ? 0 : 1, period_start: start, ratio }) as RatioRow;
    const p = pivotRatio([row("p", "福祉部", "2026-12-08", 0.9), row("p", "福祉部", "2026-12-01", 1), row("c", "子育て支援課", "2026-12-01", 0.5)]);
    expect(p.departments.map((d) => d.name)).toEqual(["福祉部", "子育て支援課"]);
    expect(p.periods).toEqual(["2026-12-01", "2026-12-08"]);
    expect(p.cell("c", "2026-12-01")?.ratio).toBe(0.5);
    expect(p.cell("c", "2026-12-08")).toBeUndefined();
  });
});

describe("periods", () => {
  it("goes back months across a year's end and starts the fiscal year in April", () => {
    expect(monthsBack("2026-12-15", 2)).toBe("2026-10-01");
    expect(monthsBack("2027-01-31", 2)).toBe("2026-11-01");
    expect(fiscalYearStart("2027-03-31")).toBe("2026-04-01");
    expect(fiscalYearStart("2027-04-01")).toBe("2027-04-01");
  });
});

describe("the ledger", () => {
  it("groups days person by person in the API's order", () => {
    const d = (id: string, name: string, date: string): AttendanceDay =>
      ({ employee_id: id, employee_name: name, department_id: "x", date, location: "office", portion: "full", minutes: 0, office_id: null, request_id: null, planned: true });
    const people = byPerson([d("b", "林", "2026-12-01"), d("b", "林", "2026-12-02"), d("a", "佐藤", "2026-12-01")]);
    expect(people.map((p) => [p.name, [...p.days.keys()]])).toEqual([["林", ["2026-12-01", "2026-12-02"]], ["佐藤", ["2026-12-01"]]]);
  });

  it("orders departments as a tree, children by code under their parent", () => {
    const dep = (id: string, code: string, parent: string | null) => ({ id, code, name: id, parent_id: parent });
    expect(treeOrder([dep("子育て", "320", "福祉部"), dep("福祉部", "300", null), dep("総務部", "100", null), dep("福祉課", "310", "福祉部")])).toEqual([
      { id: "総務部", name: "総務部", depth: 0 },
      { id: "福祉部", name: "福祉部", depth: 0 },
      { id: "福祉課", name: "福祉課", depth: 1 },
      { id: "子育て", name: "子育て", depth: 1 },
    ]);
  });

  it("names a download from its Content-Disposition", () => {
    expect(filenameOf('attachment; filename="attendance-ratio.xlsx"', "x.xlsx")).toBe("attendance-ratio.xlsx");
    expect(filenameOf("attachment; filename*=UTF-8''%E5%8F%B0%E5%B8%B3.csv", "x.csv")).toBe("台帳.csv");
    expect(filenameOf(null, "x.csv")).toBe("x.csv");
  });
});
