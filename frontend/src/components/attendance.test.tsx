// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import type { ReactNode } from "react";
import "../i18n";
import { setAccessToken } from "../api/client";
import { AttendanceGrid, ForecastTable, RatioChart } from "./attendance";
import { download } from "../lib/download";
import type { AttendanceDay, ForecastDay } from "../lib/attendance";

beforeAll(() => {
  window.matchMedia ??= ((q: string) => ({ matches: false, media: q, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false })) as typeof window.matchMedia;
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const wrap = (children: ReactNode) => render(<MantineProvider>{children}</MantineProvider>);
const band = { min_percent: 40, max_percent: null, level: "ka" };
const f = (dept: string, name: string, date: string, ratio: number, breach: ForecastDay["breach"], pending = 0): ForecastDay => ({
  department_id: dept, department_name: name, date, members: 10, working: 10, in_office: Math.round(ratio * 10), approved_remote: 10 - Math.round(ratio * 10) - pending, pending_remote: pending, ratio, band, breach,
});

describe("the breach forecast", () => {
  it("marks a breach in its cell with words, and explains each breach in a sentence", () => {
    wrap(<ForecastTable caption="見込み" days={[f("d320", "子育て支援課", "2026-12-04", 0.3, "below_min", 2), f("d320", "子育て支援課", "2026-12-07", 0.8, null), f("d310", "福祉課", "2026-12-04", 1, null)]} />);
    const row = screen.getAllByTestId("forecast-row")[0];
    expect(within(row).getByRole("rowheader").textContent).toBe("子育て支援課");
    expect(row.querySelector('[data-period="2026-12-04"]')?.textContent).toBe("30.0%承認待ち2▼下限割れ");
    expect(row.querySelector('[data-period="2026-12-07"]')?.textContent).toBe("80.0%");
    expect(screen.getByTestId("forecast-breaches").textContent).toBe(
      "2026年12月4日(金) 子育て支援課: 出勤率の見込みは30.0%で、下限40%を下回ります（出勤 3人／10人、承認済みの在宅勤務等 5人、承認待ち 2人）。",
    );
  });

  it("says so when nothing is forecast to breach", () => {
    wrap(<ForecastTable caption="見込み" days={[f("d310", "福祉課", "2026-12-04", 1, null)]} />);
    expect(screen.getByText("この期間に基準を外れる見込みはありません。")).toBeTruthy();
  });
});

describe("the ratio chart", () => {
  it("tells its figures, its band and its breaches to screen readers, and draws a breach as a triangle", () => {
    const { container } = wrap(
      <RatioChart title="子育て支援課の出勤率の推移" band={band} points={[{ key: "a", label: "12月1日(火)", ratio: 0.9, breach: false }, { key: "b", label: "12月4日(金)", ratio: 0.3, breach: true }]} />,
    );
    const img = screen.getByRole("img", { name: "子育て支援課の出勤率の推移" });
    expect(img.getAttribute("aria-describedby")).toBeTruthy();
    expect(container.querySelector("desc")?.textContent).toBe("基準: 下限40%. 12月1日(火) 90.0%, 12月4日(金) 30.0% (基準外). 基準を外れた期間が1件あります。");
    expect(container.querySelectorAll("circle")).toHaveLength(1);
  });
});

describe("the ledger grid", () => {
  const d = (date: string, location: AttendanceDay["location"], extra: Partial<AttendanceDay> = {}): AttendanceDay => ({
    employee_id: "e1", employee_name: "林 健太", department_id: "d", date, location, portion: location === "off" ? undefined : "full", minutes: 0, office_id: null, request_id: null, planned: true, ...extra,
  });
  const person = {
    id: "e1", name: "林 健太", departmentId: "d",
    days: new Map([["2026-12-04", d("2026-12-04", "home", { portion: "am" })], ["2026-12-05", d("2026-12-05", "off")], ["2026-12-07", d("2026-12-07", "leave", { corrected: true })]]),
  };

  it("shows compact codes and names each cell in words; closed days are not buttons; the arrow keys skip them", () => {
    const onCell = vi.fn();
    wrap(<AttendanceGrid people={[person]} days={["2026-12-04", "2026-12-05", "2026-12-07"]} caption="台帳" onCell={onCell} onPerson={() => {}} />);
    const am = screen.getByRole("button", { name: "2026年12月4日(金) 林 健太: 在宅勤務（午前）・予定" });
    expect(am.textContent).toBe("在前");
    expect(screen.getByRole("button", { name: "2026年12月7日(月) 林 健太: 休暇・予定・人事課が修正" }).textContent).toBe("休＊");
    expect(screen.queryByRole("button", { name: /12月5日/ })).toBeNull();
    // One stop for the Tab key: the name; the arrows go on from there.
    const name = screen.getByRole("button", { name: "林 健太" });
    expect(name.tabIndex).toBe(0);
    expect(am.tabIndex).toBe(-1);
    name.focus();
    fireEvent.keyDown(name, { key: "ArrowRight" });
    expect(document.activeElement).toBe(am);
    fireEvent.keyDown(am, { key: "ArrowRight" });
    expect(document.activeElement?.textContent).toBe("休＊");
    fireEvent.click(document.activeElement as HTMLElement);
    expect(onCell).toHaveBeenCalledWith(person, person.days.get("2026-12-07"));
  });
});

describe("a download", () => {
  it("fetches with the access token and saves the answer under the server's file name", async () => {
    setAccessToken("token-1");
    const seen: Request[] = [];
    vi.stubGlobal("fetch", vi.fn(async (req: Request) => {
      seen.push(req);
      return new Response("x", { status: 200, headers: { "Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="attendance-ratio.csv"' } });
    }));
    URL.createObjectURL = vi.fn(() => "blob:1");
    URL.revokeObjectURL = vi.fn();
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });
    const name = await download("/api/v1/reports/attendance-ratio", { from: "2026-12-01", to: "2026-12-31", group: "day" }, "csv", "ratio");
    expect(name).toBe("attendance-ratio.csv");
    expect(seen[0].headers.get("Authorization")).toBe("Bearer token-1");
    expect(new URL(seen[0].url).search).toBe("?from=2026-12-01&to=2026-12-31&group=day&format=csv");
    expect(clicked).toEqual([{ href: "blob:1", download: "attendance-ratio.csv" }]);
    setAccessToken(null);
  });

  it("turns a refusal into the problem's message", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ type: "about:blank", title: "Forbidden", status: 403, detail: "この操作の権限がありません。", request_id: "x" }), { status: 403, headers: { "Content-Type": "application/problem+json" } })));
    await expect(download("/api/v1/attendance", {}, "xlsx", "a")).rejects.toThrow("この操作の権限がありません。");
  });
});
