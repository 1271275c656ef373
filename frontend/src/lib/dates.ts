// Civil dates are "YYYY-MM-DD" strings, computed on UTC midnights so no
// browser time zone can shift them; instants are shown in the organisation's
// zone through Intl.

const WEEKDAYS_JA = ["日", "月", "火", "水", "木", "金", "土"];
const WEEKDAYS_EN = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function parseDay(d: string): Date {
  const [y, m, day] = d.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, day));
}

export function dayString(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(d: string, n: number): string {
  const x = parseDay(d);
  x.setUTCDate(x.getUTCDate() + n);
  return dayString(x);
}

// weekday: 0 Sunday … 6 Saturday.
export function weekday(d: string): number {
  return parseDay(d).getUTCDay();
}

export function isWeekend(d: string): boolean {
  const w = weekday(d);
  return w === 0 || w === 6;
}

// formatDay shows a date as 2026年12月1日(火) in Japanese, Tue 1 Dec 2026 in English.
export function formatDay(d: string, lang: string): string {
  const x = parseDay(d);
  if (lang === "en") return `${formatShortDay(d, lang)} ${x.getUTCFullYear()}`;
  return `${x.getUTCFullYear()}年${x.getUTCMonth() + 1}月${x.getUTCDate()}日(${WEEKDAYS_JA[x.getUTCDay()]})`;
}

// formatShortDay is the same without the year: 12月1日(火) / Tue 1 Dec.
export function formatShortDay(d: string, lang: string): string {
  const x = parseDay(d);
  if (lang === "en") return `${WEEKDAYS_EN[x.getUTCDay()]} ${x.getUTCDate()} ${MONTHS_EN[x.getUTCMonth()]}`;
  return `${x.getUTCMonth() + 1}月${x.getUTCDate()}日(${WEEKDAYS_JA[x.getUTCDay()]})`;
}

export function formatMonth(d: string, lang: string): string {
  const x = parseDay(d);
  if (lang === "en") return new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(x);
  return `${x.getUTCFullYear()}年${x.getUTCMonth() + 1}月`;
}

// dayIn is the civil date of an instant in a time zone.
export function dayIn(instant: string | Date, tz: string): string {
  const x = typeof instant === "string" ? new Date(instant) : instant;
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(x);
}

// timeIn is HH:MM of an instant in a time zone.
export function timeIn(instant: string, tz: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(instant));
}

export function formatInstant(instant: string, tz: string, lang: string): string {
  return `${formatDay(dayIn(instant, tz), lang)} ${timeIn(instant, tz)}`;
}

// weekOf lists the Monday-to-Sunday week holding d.
export function weekOf(d: string): string[] {
  const monday = addDays(d, -((weekday(d) + 6) % 7));
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

// monthGrid lists the weeks (Monday first) covering the month of d; days of
// the neighbouring months fill the first and last week.
export function monthGrid(d: string): string[][] {
  const first = d.slice(0, 8) + "01";
  const next = addDays(first, 40).slice(0, 8) + "01";
  const weeks: string[][] = [];
  for (let w = weekOf(first)[0]; w < next; w = addDays(w, 7)) weeks.push(weekOf(w));
  return weeks;
}

export function monthRange(d: string): { from: string; to: string } {
  const first = d.slice(0, 8) + "01";
  const next = addDays(first, 40).slice(0, 8) + "01";
  return { from: first, to: addDays(next, -1) };
}

// daysBetween lists every date from..to inclusive (empty when to < from).
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
}

// zonedInstant is the RFC 3339 instant of a civil date and HH:MM in the
// zone's fixed offset (Asia/Tokyo has no daylight saving; others are read
// from Intl at that moment).
export function zonedInstant(day: string, hhmm: string, tz: string): string {
  const guess = new Date(`${day}T${hhmm}:00Z`);
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" }).formatToParts(guess);
  const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const offset = name === "GMT" ? "+00:00" : name.replace("GMT", "");
  return `${day}T${hhmm}:00${offset}`;
}
