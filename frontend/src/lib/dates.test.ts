import { describe, expect, it } from "vitest";
import { addDays, daysBetween, formatDay, monthGrid, monthRange, weekOf, zonedInstant, dayIn, timeIn } from "./dates";

describe("dates", () => {
  it("shows dates Japanese style and in English", () => {
    expect(formatDay("2026-12-01", "ja")).toBe("2026年12月1日(火)");
    expect(formatDay("2027-01-03", "ja")).toBe("2027年1月3日(日)");
    expect(formatDay("2026-12-01", "en")).toBe("Tue 1 Dec 2026");
  });
  it("adds days across months and years", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
  });
  it("lists the week from Monday, also from a Sunday", () => {
    expect(weekOf("2026-12-01")).toEqual(["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);
    expect(weekOf("2026-12-06")[0]).toBe("2026-11-30");
  });
  it("covers a month with whole weeks", () => {
    const g = monthGrid("2026-12-15");
    expect(g[0][0]).toBe("2026-11-30");
    expect(g[g.length - 1][6]).toBe("2027-01-03");
    expect(g.flat()).toContain("2026-12-31");
    expect(monthRange("2027-02-10")).toEqual({ from: "2027-02-01", to: "2027-02-28" });
  });
  it("expands a range inclusively and refuses a reversed one", () => {
    expect(daysBetween("2026-12-30", "2027-01-02")).toEqual(["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"]);
    expect(daysBetween("2026-12-02", "2026-12-01")).toEqual([]);
  });
  it("reads instants in the organisation's zone", () => {
    expect(zonedInstant("2026-12-01", "09:30", "Asia/Tokyo")).toBe("2026-12-01T09:30:00+09:00");
    expect(dayIn("2026-11-30T16:00:00Z", "Asia/Tokyo")).toBe("2026-12-01");
    expect(timeIn("2026-11-30T16:00:00Z", "Asia/Tokyo")).toBe("01:00");
  });
});
