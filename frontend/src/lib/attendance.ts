import type { Schemas } from "../api/client";
import { addDays, weekday } from "./dates";

export type AttendanceDay = Schemas["AttendanceDay"];
export type RatioRow = Schemas["AttendanceRatioRow"];
export type ForecastDay = Schemas["AttendanceForecastDay"];
export type Band = Schemas["Band"];
export type Occupancy = Schemas["Occupancy"];

// percent shows a ratio (0 to 1) with one decimal, so a change of one
// person-day in a month of a small section is still visible.
export function percent(r: number | null | undefined): string {
  if (r == null) return "—";
  return `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}

// outsideBand tells whether a ratio lies outside the band: below its floor or above its ceiling.
export function outsideBand(r: number | null, band: Band | null | undefined): "below_min" | "above_max" | null {
  if (r == null || !band) return null;
  const p = r * 100;
  if (band.min_percent != null && p < band.min_percent) return "below_min";
  if (band.max_percent != null && p > band.max_percent) return "above_max";
  return null;
}

export interface Person {
  id: string;
  name: string;
  departmentId: string;
  days: Map<string, AttendanceDay>;
}

// byPerson groups the ledger's days person by person, in the order the API
// gives them (by reading).
export function byPerson(items: AttendanceDay[]): Person[] {
  const out = new Map<string, Person>();
  for (const d of items) {
    let p = out.get(d.employee_id);
    if (!p) {
      p = { id: d.employee_id, name: d.employee_name, departmentId: d.department_id, days: new Map() };
      out.set(d.employee_id, p);
    }
    p.days.set(d.date, d);
  }
  return [...out.values()];
}

// Pivot is a table of departments (rows, in the order given: tree order)
// by periods (columns, in date order).
export interface Pivot<T> {
  departments: { id: string; name: string; depth: number }[];
  periods: string[];
  cell(departmentId: string, period: string): T | undefined;
}

function pivot<T>(items: T[], dept: (x: T) => { id: string; name: string; depth: number }, period: (x: T) => string): Pivot<T> {
  const departments = new Map<string, { id: string; name: string; depth: number }>();
  const periods = new Set<string>();
  const cells = new Map<string, T>();
  for (const x of items) {
    const d = dept(x);
    if (!departments.has(d.id)) departments.set(d.id, d);
    periods.add(period(x));
    cells.set(`${d.id}|${period(x)}`, x);
  }
  return { departments: [...departments.values()], periods: [...periods].sort(), cell: (d, p) => cells.get(`${d}|${p}`) };
}

export function pivotRatio(rows: RatioRow[]): Pivot<RatioRow> {
  return pivot(rows, (r) => ({ id: r.department_id, name: r.department_name, depth: r.depth }), (r) => r.period_start);
}

export function pivotForecast(days: ForecastDay[]): Pivot<ForecastDay> {
  return pivot(days, (r) => ({ id: r.department_id, name: r.department_name, depth: 0 }), (r) => r.date);
}

export interface HeatCell {
  booked: number;
  open: number;
}

// Heat is utilisation by weekday (0 Sunday … 6 Saturday, Monday first in
// `weekdays`) and hour of the day.
export interface Heat {
  weekdays: number[];
  hours: string[];
  cell(weekday: number, hour: string): HeatCell | undefined;
  max: number;
}

// heatOf reads an occupancy report by weekday and hour (bucket=weekday_hour,
// keys such as "monday 09:00"): the server has already added up the booked
// and open hours of every such day of the period, so utilisation is their
// ratio, not an average of daily ratios. Weekdays and hours the office never
// opened are left out.
export function heatOf(occupancy: Occupancy): Heat {
  const cells = new Map<string, HeatCell>();
  const hours = new Set<string>();
  const weekdays = new Set<number>();
  for (const b of occupancy.buckets) {
    const [name, hour] = b.key.split(" ");
    const w = weekdayNames.indexOf(name);
    if (b.open_hours <= 0 || w < 0 || !hour) continue;
    weekdays.add(w);
    hours.add(hour);
    cells.set(`${w}|${hour}`, { booked: b.booked_hours, open: b.open_hours });
  }
  let max = 0;
  for (const c of cells.values()) max = Math.max(max, c.booked / c.open);
  return {
    weekdays: [...weekdays].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7)),
    hours: [...hours].sort(),
    cell: (w, h) => cells.get(`${w}|${h}`),
    max,
  };
}

const weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

// fourWeeks is the period of the heat map: the four Monday-to-Sunday weeks
// ending with the week of `day`.
export function fourWeeks(day: string): { from: string; to: string } {
  const monday = addDays(day, -((weekday(day) + 6) % 7));
  return { from: addDays(monday, -21), to: addDays(monday, 6) };
}

// monthsBack is the first day of the month n months before the month of d.
export function monthsBack(d: string, n: number): string {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7)) - 1 - n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, "0")}-01`;
}

// fiscalYearStart is 1 April of the Japanese fiscal year holding d.
export function fiscalYearStart(d: string): string {
  const y = Number(d.slice(0, 4));
  return Number(d.slice(5, 7)) >= 4 ? `${y}-04-01` : `${y - 1}-04-01`;
}

// filenameOf reads a download's name from its Content-Disposition header.
export function filenameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

export interface DeptNode {
  id: string;
  name: string;
  depth: number;
}

// treeOrder lists departments parent first, each followed by its children
// (by code), with their depth; a department whose parent is not in the list
// starts a tree of its own.
export function treeOrder(depts: { id: string; parent_id: string | null; code: string; name: string }[]): DeptNode[] {
  const ids = new Set(depts.map((d) => d.id));
  const children = new Map<string, typeof depts>();
  for (const d of depts) {
    const p = d.parent_id && ids.has(d.parent_id) ? d.parent_id : "";
    children.set(p, [...(children.get(p) ?? []), d]);
  }
  const out: DeptNode[] = [];
  const walk = (parent: string, depth: number) => {
    for (const d of (children.get(parent) ?? []).sort((a, b) => a.code.localeCompare(b.code))) {
      out.push({ id: d.id, name: d.name, depth });
      if (depth < 20) walk(d.id, depth + 1);
    }
  };
  walk("", 0);
  return out;
}

// jsonOf narrows the answer of a report that is also offered as CSV or XLSX:
// asked without a format, it is always the JSON.
export function jsonOf<T>(x: T | string): T {
  if (typeof x === "string") throw new Error("expected JSON, got text");
  return x;
}
