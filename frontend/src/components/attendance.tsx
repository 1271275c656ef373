import { Button, Group, List, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload } from "@tabler/icons-react";
import { useState, type KeyboardEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDay, formatMonth, formatShortDay, isWeekend, weekday } from "../lib/dates";
import { outsideBand, percent, pivotForecast, pivotRatio, type AttendanceDay, type Band, type ForecastDay, type Person, type Pivot, type RatioRow } from "../lib/attendance";
import { download, type DownloadPath } from "../lib/download";
import { problemOf } from "../lib/problem";
import { useLang } from "./common";

// useNotify shows a short message whose close button has a name (axe asks
// for one; Mantine's has none).
export function useNotify() {
  const { t } = useTranslation();
  return (color: "green" | "red", message: string) => notifications.show({ color, message, closeButtonProps: { "aria-label": t("common.close") } });
}

// DownloadButtons offers a report as CSV and as Excel.
export function DownloadButtons({ what, path, query, name }: { what: string; path: DownloadPath; query: Record<string, string | number | undefined>; name: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const notify = useNotify();
  const run = async (format: "csv" | "xlsx") => {
    setBusy(format);
    try {
      const saved = await download(path, query, format, name);
      notify("green", t("att.download.done", { name: saved }));
    } catch (e) {
      notify("red", problemOf(e)?.detail ?? t("common.error"));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Group gap="xs">
      {(["csv", "xlsx"] as const).map((f) => (
        <Button
          key={f}
          size="compact-sm"
          variant="default"
          leftSection={<IconDownload size={14} aria-hidden />}
          loading={busy === f}
          onClick={() => void run(f)}
          aria-label={t("att.download.of", { what, format: t(`att.download.${f}`) })}
        >
          {t(`att.download.${f}`)}
        </Button>
      ))}
    </Group>
  );
}

// useBandText words a band: 下限40%・上限80%.
export function useBandText() {
  const { t } = useTranslation();
  return (b: Band | null | undefined) => {
    if (!b || (b.min_percent == null && b.max_percent == null)) return t("att.band.none");
    return [b.min_percent != null ? t("att.band.min", { n: b.min_percent }) : null, b.max_percent != null ? t("att.band.max", { n: b.max_percent }) : null]
      .filter(Boolean)
      .join(t("common.sep"));
  };
}

export function usePeriodLabel() {
  const lang = useLang();
  const { t } = useTranslation();
  return (start: string, group: "day" | "week" | "month") =>
    group === "day" ? formatShortDay(start, lang) : group === "month" ? formatMonth(start, lang) : t("att.ratio.weekOf", { day: formatShortDay(start, lang) });
}

export interface ChartPoint {
  key: string;
  label: string;
  ratio: number | null;
  breach: boolean;
}

const W = 640;
const H = 220;
const PAD = { l: 64, r: 40, t: 12, b: 34 };

// RatioChart draws a department's office-attendance ratio over time against
// its band: the band as a shaded strip between its floor and ceiling, each
// period as a point, a breach as a larger triangle (its shape, not only its
// colour, tells it). Screen readers get the figures in words through the
// description, and the same figures stand in the table beside it.
export function RatioChart({ title, points, band }: { title: string; points: ChartPoint[]; band: Band | null }) {
  const { t } = useTranslation();
  const bandText = useBandText();
  const x = (i: number) => PAD.l + (points.length <= 1 ? (W - PAD.l - PAD.r) / 2 : (i * (W - PAD.l - PAD.r)) / (points.length - 1));
  const y = (r: number) => PAD.t + (1 - r) * (H - PAD.t - PAD.b);
  const lo = band?.min_percent != null ? band.min_percent / 100 : null;
  const hi = band?.max_percent != null ? band.max_percent / 100 : null;
  const segments: string[] = [];
  let cur = "";
  points.forEach((p, i) => {
    if (p.ratio == null) {
      if (cur) segments.push(cur);
      cur = "";
      return;
    }
    cur += `${cur ? "L" : "M"}${x(i).toFixed(1)},${y(p.ratio).toFixed(1)}`;
  });
  if (cur) segments.push(cur);
  const every = Math.max(1, Math.ceil(points.length / 8));
  const breaches = points.filter((p) => p.breach);
  const desc = `${t("att.band.label")}: ${bandText(band)}. ${points.map((p) => `${p.label} ${percent(p.ratio)}${p.breach ? ` (${t("att.ratio.outside")})` : ""}`).join(", ")}. ${
    breaches.length ? t("att.ratio.breachSummary", { n: breaches.length }) : t("att.ratio.noBreach")
  }`;
  const id = `chart-${title.replace(/[^\p{L}\p{N}]/gu, "")}`;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W, display: "block" }} role="img" aria-labelledby={`${id}-t`} aria-describedby={`${id}-d`} data-testid="ratio-chart">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {(lo != null || hi != null) && <rect x={PAD.l} width={W - PAD.l - PAD.r} y={y(hi ?? 1)} height={y(lo ?? 0) - y(hi ?? 1)} fill="#d3f9d8" opacity={0.7} />}
      {[0, 0.25, 0.5, 0.75, 1].map((g) => (
        <g key={g}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(g)} y2={y(g)} stroke="#dee2e6" />
          <text x={PAD.l - 6} y={y(g) + 4} textAnchor="end" fontSize={11} fill="#495057">
            {g * 100}%
          </text>
        </g>
      ))}
      {[lo, hi].map((b, i) =>
        b == null ? null : (
          <g key={i}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(b)} y2={y(b)} stroke="#1e6b30" strokeDasharray="6 4" strokeWidth={1.5} />
            <text x={W - PAD.r - 4} y={y(b) - 4} textAnchor="end" fontSize={11} fill="#1e6b30">
              {i === 0 ? t("att.band.min", { n: band?.min_percent }) : t("att.band.max", { n: band?.max_percent })}
            </text>
          </g>
        ),
      )}
      {segments.map((d, i) => (
        <path key={i} d={d} fill="none" stroke="#1864ab" strokeWidth={2} />
      ))}
      {points.map((p, i) =>
        p.ratio == null ? null : p.breach ? (
          <path key={p.key} d={`M${x(i)},${y(p.ratio) - 7}l6,11h-12z`} fill="#b02525" />
        ) : (
          <circle key={p.key} cx={x(i)} cy={y(p.ratio)} r={3.5} fill="#1864ab" />
        ),
      )}
      {points.map((p, i) =>
        i % every === 0 ? (
          <text key={p.key} x={x(i)} y={H - PAD.b + 16} textAnchor="middle" fontSize={11} fill="#343a40">
            {p.label}
          </text>
        ) : null,
      )}
    </svg>
  );
}

// DeptPeriodTable is departments (rows, indented under their parents) by
// periods (columns), with each department's band: the frame of the ratio
// and forecast tables.
function DeptPeriodTable<T>({ caption, testId, pivot, periodLabel, band, cell }: {
  caption: string;
  testId: string;
  pivot: Pivot<T>;
  periodLabel(period: string): string;
  band(departmentId: string): string;
  cell(x: T): { className?: string; title?: string; content: ReactNode };
}) {
  const { t } = useTranslation();
  return (
    <div className="grid-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="slot-grid ratio-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("att.ratio.department")}</th>
            <th scope="col">{t("att.band.label")}</th>
            {pivot.periods.map((d) => (
              <th scope="col" key={d}>
                {periodLabel(d)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {pivot.departments.map((d) => (
            <tr key={d.id} data-testid={`${testId}-row`}>
              <th scope="row" style={{ paddingLeft: 4 + d.depth * 16 }}>
                {d.name}
              </th>
              <td>{band(d.id)}</td>
              {pivot.periods.map((period) => {
                const x = pivot.cell(d.id, period);
                if (!x) return <td key={period} data-period={period} />;
                const c = cell(x);
                return (
                  <td key={period} data-period={period} className={c.className} title={c.title}>
                    {c.content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// RatioTable lists every department by period: the ratio, and in words
// when it left its band.
export function RatioTable({ rows, group, caption }: { rows: RatioRow[]; group: "day" | "week" | "month"; caption: string }) {
  const { t } = useTranslation();
  const label = usePeriodLabel();
  const bandText = useBandText();
  const p = pivotRatio(rows);
  // The band of the latest period that had one (a closed day has none).
  const bandOf = (id: string) => {
    const latest = [...p.periods].reverse().map((x) => p.cell(id, x));
    const r = latest.find((x) => x?.band) ?? latest[0];
    return r?.excluded ? t("att.ratio.excluded") : bandText(r?.band);
  };
  return (
    <DeptPeriodTable
      caption={caption}
      testId="ratio"
      pivot={p}
      periodLabel={(d) => label(d, group)}
      band={bandOf}
      cell={(r) => {
        const out = r.breach_days.length > 0 ? (outsideBand(r.ratio, r.band) ?? "below_min") : null;
        return {
          className: out ? "cell-breach" : undefined,
          title: t("att.ratio.detail", { inOffice: r.in_office, working: r.working }),
          content: (
            <>
              {r.excluded ? t("att.ratio.excludedShort") : percent(r.ratio)}
              {out && (
                <Text span size="xs" fw={700} display="block">
                  ▼{group === "day" ? t(`att.breach.${out}`) : t("att.ratio.breachDays", { n: r.breach_days.length })}
                </Text>
              )}
            </>
          ),
        };
      }}
    />
  );
}

// ForecastTable shows the coming days of each department against its band;
// each forecast breach is marked in the cell and explained in a sentence
// below the table.
export function ForecastTable({ days, caption }: { days: ForecastDay[]; caption: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const bandText = useBandText();
  const p = pivotForecast(days);
  const breaches = days.filter((d) => d.breach);
  return (
    <>
      <DeptPeriodTable
        caption={caption}
        testId="forecast"
        pivot={p}
        periodLabel={(d) => formatShortDay(d, lang)}
        band={(id) => bandText(p.cell(id, p.periods[0])?.band)}
        cell={(f) => ({
          className: f.breach ? "cell-breach" : undefined,
          content: (
            <>
              {percent(f.ratio)}
              {f.pending_remote > 0 && (
                <Text span size="xs" display="block">
                  {t("att.forecast.pendingShort", { n: f.pending_remote })}
                </Text>
              )}
              {f.breach && (
                <Text span size="xs" fw={700} display="block">
                  ▼{t(`att.breach.${f.breach}`)}
                </Text>
              )}
            </>
          ),
        })}
      />
      <Text fw={600} size="sm" mt="sm">
        {t("att.forecast.list")}
      </Text>
      {breaches.length === 0 ? (
        <Text size="sm">{t("att.forecast.none")}</Text>
      ) : (
        <List size="sm" spacing={2} data-testid="forecast-breaches">
          {breaches.map((f) => (
            <List.Item key={`${f.department_id}-${f.date}`}>
              {t(f.breach === "above_max" ? "att.forecast.explainAbove" : "att.forecast.explainBelow", {
                date: formatDay(f.date, lang),
                dept: f.department_name,
                ratio: percent(f.ratio),
                min: f.band.min_percent,
                max: f.band.max_percent,
                inOffice: f.in_office,
                working: f.working,
                approved: f.approved_remote,
                pending: f.pending_remote,
              })}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}

// dayLabel is a ledger entry in words: 在宅勤務（午前）・予定・人事課が修正.
export function useDayLabel() {
  const { t } = useTranslation();
  return (d: AttendanceDay) => {
    const parts = [t(`att.loc.${d.location}`)];
    if (d.location !== "off" && d.portion && d.portion !== "full") {
      parts[0] += t("common.paren", { x: d.portion === "hours" ? t("att.portionHours", { h: hours(d.minutes) }) : t(`att.portion.${d.portion}`) });
    }
    if (d.location !== "off") parts.push(d.planned ? t("att.mark.planned") : t("att.mark.actual"));
    if (d.corrected) parts.push(t("att.mark.corrected"));
    return parts.join(t("common.sep"));
  };
}

function hours(minutes: number): string {
  return String(Math.round((minutes / 60) * 10) / 10);
}

// DayCode is the compact form of a ledger entry: 在, with 前/後 for a half
// day or the hours, and ＊ when HR corrected it.
function DayCode({ d }: { d: AttendanceDay }) {
  const { t } = useTranslation();
  if (d.location === "off") return null;
  const sub = d.portion === "am" || d.portion === "pm" ? t(`att.portionCode.${d.portion}`) : d.portion === "hours" ? t("att.portionCode.hours", { h: hours(d.minutes) }) : "";
  return (
    <span aria-hidden className={d.planned ? undefined : "day-actual"}>
      {t(`att.code.${d.location}`)}
      {sub && <sub>{sub}</sub>}
      {d.corrected && <sup>＊</sup>}
    </span>
  );
}

export function LedgerLegend() {
  const { t } = useTranslation();
  const codes = ["office", "home", "satellite", "elsewhere", "leave"] as const;
  return (
    <Group gap="md" mb="xs" role="group" aria-label={t("att.ledger.legend")} data-testid="legend">
      <Text size="sm" fw={600}>
        {t("att.ledger.legend")}:
      </Text>
      {codes.map((c) => (
        <Text size="sm" key={c}>
          <span className={`loc-${c} legend-chip`}>{t(`att.code.${c}`)}</span> {t(`att.loc.${c}`)}
        </Text>
      ))}
      <Text size="sm">
        <span className="legend-chip">
          {t("att.code.home")}
          <sub>{t("att.portionCode.am")}</sub>
        </span>{" "}
        {t("att.ledger.halfAm")}
      </Text>
      <Text size="sm">
        <span className="legend-chip">
          {t("att.code.home")}
          <sub>{t("att.portionCode.pm")}</sub>
        </span>{" "}
        {t("att.ledger.halfPm")}
      </Text>
      <Text size="sm">
        <span className="legend-chip day-actual">{t("att.code.office")}</span> {t("att.ledger.actualMark")}
      </Text>
      <Text size="sm">
        <span className="legend-chip">
          {t("att.code.home")}
          <sup>＊</sup>
        </span>{" "}
        {t("att.mark.corrected")}
      </Text>
      <Text size="sm">
        <span className="legend-chip loc-off">&nbsp;</span> {t("att.loc.off")}
      </Text>
    </Group>
  );
}

// AttendanceGrid is the ledger as people (rows) by days (columns). With
// onCell and onPerson, the cells and names are buttons; the arrow keys move
// between them so that the grid is one stop for the Tab key.
export function AttendanceGrid({ people, days, caption, onCell, onPerson }: {
  people: Person[];
  days: string[];
  caption: string;
  onCell?(p: Person, d: AttendanceDay): void;
  onPerson?(p: Person): void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const dayLabel = useDayLabel();
  const [at, setAt] = useState<[number, number]>([0, 0]);
  const interactive = Boolean(onCell || onPerson);
  const move = (e: KeyboardEvent, r: number, c: number) => {
    const step: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Home: [0, -c], End: [0, days.length - c] };
    const s = step[e.key];
    if (!s) return;
    e.preventDefault();
    const table = e.currentTarget.closest("table");
    // Closed days have no button: the move goes on past them.
    const dr = Math.sign(s[0]);
    const dc = Math.sign(s[1]);
    let [nr, nc] = [r + s[0], c + s[1]];
    while (nr >= 0 && nr < people.length && nc >= 0 && nc <= days.length) {
      const el = table?.querySelector(`[data-at="${nr}-${nc}"]`) as HTMLElement | null;
      if (el) {
        setAt([nr, nc]);
        el.focus();
        return;
      }
      if (dr === 0 && dc === 0) return;
      nr += dr;
      nc += dc;
    }
  };
  const tab = (r: number, c: number) => (at[0] === r && at[1] === c ? 0 : -1);
  return (
    <div className="grid-wrap" data-testid="attendance-grid">
      <table className="slot-grid ledger-grid">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("att.ledger.person")}</th>
            {days.map((d) => (
              <th scope="col" key={d} className={isWeekend(d) ? "weekend" : undefined}>
                <span aria-hidden>
                  {Number(d.slice(8))}
                  <br />
                  {t(`att.weekday.${weekday(d)}`)}
                </span>
                <span className="visually-hidden">{formatDay(d, lang)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {people.map((p, r) => (
            <tr key={p.id} data-testid="ledger-row">
              <th scope="row">
                {onPerson ? (
                  <button type="button" className="cell-button name-button" data-at={`${r}-0`} tabIndex={tab(r, 0)} onKeyDown={(e) => move(e, r, 0)} onClick={() => { setAt([r, 0]); onPerson(p); }}>
                    {p.name}
                  </button>
                ) : (
                  p.name
                )}
              </th>
              {days.map((day, i) => {
                const d = p.days.get(day);
                if (!d) return <td key={day} />;
                const cls = `loc-${d.location}${d.corrected ? " day-corrected" : ""}`;
                const label = `${formatDay(day, lang)} ${p.name}: ${dayLabel(d)}`;
                if (onCell && d.location !== "off") {
                  return (
                    <td key={day} className={cls} data-date={day}>
                      <button type="button" className="cell-button" data-at={`${r}-${i + 1}`} tabIndex={tab(r, i + 1)} aria-label={label} onKeyDown={(e) => move(e, r, i + 1)} onClick={() => { setAt([r, i + 1]); onCell(p, d); }}>
                        <DayCode d={d} />
                      </button>
                    </td>
                  );
                }
                return (
                  <td key={day} className={cls} data-date={day}>
                    <DayCode d={d} />
                    <span className="visually-hidden">{interactive ? dayLabel(d) : label}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
