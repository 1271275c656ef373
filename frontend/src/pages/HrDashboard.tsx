import { ActionIcon, Card, Group, NativeSelect, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../api/client";
import { useMe } from "../auth";
import { DownloadButtons, ForecastTable, RatioChart, RatioTable, usePeriodLabel } from "../components/attendance";
import { PageTitle, ProblemAlert, useLang } from "../components/common";
import { fiscalYearStart, jsonOf, fourWeeks, heatOf, monthsBack, type Occupancy } from "../lib/attendance";
import { addDays, formatDay, monthRange } from "../lib/dates";
import { problemOf } from "../lib/problem";

type Group = "day" | "week" | "month";
type Span = "month" | "quarter" | "fiscal";

export function HrDashboardPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t("att.dashboard.title")}</PageTitle>
      <Text size="sm" mb="md">
        {t("att.dashboard.intro")}
      </Text>
      <Stack gap="lg">
        <RatioSection />
        <ForecastSection />
        <OccupancySection />
      </Stack>
    </>
  );
}

// spanOf is the period the ratio section shows: this month, the last three
// months, or the fiscal year so far (to the end of this month).
function spanOf(span: Span, today: string): { from: string; to: string } {
  const to = monthRange(today).to;
  if (span === "quarter") return { from: monthsBack(today, 2), to };
  if (span === "fiscal") return { from: fiscalYearStart(today), to };
  return monthRange(today);
}

function Section({ id, title, actions, children }: { id: string; title: string; actions?: React.ReactNode; children: React.ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Card>
  );
}

function RatioSection() {
  const { t } = useTranslation();
  const me = useMe();
  const periodLabel = usePeriodLabel();
  const [span, setSpan] = useState<Span>("month");
  const [group, setGroup] = useState<Group>("day");
  const [chartDept, setChartDept] = useState<string>("");
  const { from, to } = spanOf(span, me.today);
  const ratio = useQuery({
    queryKey: ["attendance-ratio", from, to, group],
    queryFn: async () => jsonOf(unwrap(await api.GET("/api/v1/reports/attendance-ratio", { params: { query: { from, to, group } } }))),
  });
  // Days the offices are closed have no ratio: the day columns leave them out.
  const rows = useMemo(() => (ratio.data?.items ?? []).filter((r) => r.working_days > 0), [ratio.data]);
  // The chart's department: the one chosen, else the first that breached
  // its band, else the first with a ratio.
  const depts = useMemo(() => {
    const seen = new Map<string, { id: string; name: string; depth: number }>();
    for (const r of rows) if (!r.excluded && !seen.has(r.department_id)) seen.set(r.department_id, { id: r.department_id, name: r.department_name, depth: r.depth });
    return [...seen.values()];
  }, [rows]);
  const shown = depts.find((d) => d.id === chartDept)?.id ?? rows.find((r) => !r.excluded && r.breach_days.length > 0)?.department_id ?? depts[0]?.id ?? "";
  const series = rows.filter((r) => r.department_id === shown).sort((a, b) => a.period_start.localeCompare(b.period_start));
  const shownName = depts.find((d) => d.id === shown)?.name ?? "";
  return (
    <Section
      id="ratio"
      title={t("att.ratio.title")}
      actions={<DownloadButtons what={t("att.ratio.title")} path="/api/v1/reports/attendance-ratio" query={{ from, to, group }} name="attendance-ratio" />}
    >
      <Group mb="sm" wrap="wrap" align="flex-end">
        <NativeSelect
          label={t("att.ratio.period")}
          value={span}
          onChange={(e) => setSpan(e.currentTarget.value as Span)}
          data={(["month", "quarter", "fiscal"] as const).map((s) => ({ value: s, label: t(`att.ratio.span.${s}`) }))}
        />
        <div>
          <Text size="sm" fw={500} id="ratio-group">
            {t("att.ratio.group")}
          </Text>
          <SegmentedControl
            aria-labelledby="ratio-group"
            value={group}
            onChange={(v) => setGroup(v as Group)}
            data={(["day", "week", "month"] as const).map((g) => ({ value: g, label: t(`att.ratio.by.${g}`) }))}
          />
        </div>
        {depts.length > 0 && <NativeSelect
          label={t("att.ratio.chartDept")}
          value={shown}
          onChange={(e) => setChartDept(e.currentTarget.value)}
          data={depts.map((d) => ({ value: d.id, label: `${"　".repeat(d.depth)}${d.name}` }))}
        />}
      </Group>
      <ProblemAlert problem={problemOf(ratio.error)} />
      {ratio.isSuccess && rows.length === 0 && <Text size="sm">{t("att.ratio.noData")}</Text>}
      {series.length > 0 && (
        <RatioChart
          title={t("att.ratio.chart", { name: shownName })}
          band={[...series].reverse().find((r) => r.band)?.band ?? null}
          points={series.map((r) => ({ key: r.period_start, label: periodLabel(r.period_start, group), ratio: r.ratio, breach: r.breach_days.length > 0 }))}
        />
      )}
      {rows.length > 0 && <RatioTable rows={rows} group={group} caption={t("att.ratio.table")} />}
    </Section>
  );
}

function ForecastSection() {
  const { t } = useTranslation();
  const forecast = useQuery({
    queryKey: ["attendance-forecast", 14],
    queryFn: async () => jsonOf(unwrap(await api.GET("/api/v1/reports/attendance-forecast", { params: { query: { days: 14 } } }))),
  });
  return (
    <Section
      id="forecast"
      title={t("att.forecast.title")}
      actions={<DownloadButtons what={t("att.forecast.title")} path="/api/v1/reports/attendance-forecast" query={{ days: 14 }} name="attendance-forecast" />}
    >
      <Text size="sm" mb="sm">
        {t("att.forecast.intro")}
      </Text>
      <ProblemAlert problem={problemOf(forecast.error)} />
      {forecast.data && <ForecastTable days={forecast.data.items} caption={t("att.forecast.title")} />}
    </Section>
  );
}

function OccupancySection() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const [anchor, setAnchor] = useState(me.today);
  const [officeId, setOfficeId] = useState("");
  const offices = useQuery({
    queryKey: ["offices", "not-main"],
    queryFn: async () => unwrap(await api.GET("/api/v1/offices", { params: { query: { limit: 200, active: true } } })).items.filter((o) => o.kind !== "main_building"),
  });
  const office = offices.data?.find((o) => o.id === officeId) ?? offices.data?.[0];
  const { from, to } = fourWeeks(anchor);
  // One report for the four weeks, by weekday and hour: the server adds up
  // the booked and open hours of every Monday 09:00 and so on.
  const report = useQuery({
    queryKey: ["occupancy", office?.id, from, to, "weekday_hour"],
    enabled: Boolean(office),
    queryFn: async (): Promise<Occupancy> =>
      jsonOf(unwrap(await api.GET("/api/v1/reports/occupancy", { params: { query: { office_id: office?.id ?? "", from, to, bucket: "weekday_hour" } } }))),
  });
  const error = report.error;
  const heat = report.data ? heatOf(report.data) : null;
  return (
    <Section
      id="occupancy"
      title={t("att.occupancy.title")}
      actions={
        office && (
          <DownloadButtons what={t("att.occupancy.title")} path="/api/v1/reports/occupancy" query={{ office_id: office.id, from, to, bucket: "weekday_hour" }} name="occupancy" />
        )
      }
    >
      {offices.isSuccess && offices.data.length === 0 ? (
        <Text size="sm">{t("att.occupancy.none")}</Text>
      ) : (
        <>
          <Group mb="sm" wrap="wrap" align="flex-end">
            <NativeSelect label={t("att.occupancy.office")} value={office?.id ?? ""} onChange={(e) => setOfficeId(e.currentTarget.value)} data={(offices.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />
            <Group gap="xs">
              <ActionIcon variant="default" onClick={() => setAnchor(addDays(anchor, -28))} aria-label={t("att.occupancy.prev")}>
                <IconChevronLeft size={18} aria-hidden />
              </ActionIcon>
              <Text size="sm" fw={600} aria-live="polite">
                {t("att.occupancy.period", { from: formatDay(from, lang), to: formatDay(to, lang) })}
              </Text>
              <ActionIcon variant="default" onClick={() => setAnchor(addDays(anchor, 28))} aria-label={t("att.occupancy.next")}>
                <IconChevronRight size={18} aria-hidden />
              </ActionIcon>
            </Group>
          </Group>
          <ProblemAlert problem={problemOf(error)} />
          {heat && heat.hours.length === 0 && <Text size="sm">{t("att.occupancy.noOpen")}</Text>}
          {heat && heat.hours.length > 0 && (
            <>
              <Text size="sm" mb="xs">
                {t("att.occupancy.scale")}
              </Text>
              <div className="grid-wrap" tabIndex={0} role="region" aria-label={t("att.occupancy.heat")}>
                <table className="slot-grid heat-table" data-testid="heatmap">
                  <caption className="visually-hidden">{t("att.occupancy.heat")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("att.occupancy.weekday")}</th>
                      {heat.hours.map((h) => (
                        <th scope="col" key={h}>
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {heat.weekdays.map((w) => (
                      <tr key={w}>
                        <th scope="row">{t(`att.weekdayLong.${w}`)}</th>
                        {heat.hours.map((h) => {
                          const c = heat.cell(w, h);
                          if (!c) return <td key={h}>—</td>;
                          const u = c.open > 0 ? c.booked / c.open : 0;
                          return (
                            <td key={h} style={heatStyle(u)} title={t("att.occupancy.cell", { booked: round1(c.booked), open: round1(c.open) })}>
                              {Math.round(u * 100)}%
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </Section>
  );
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

// heatStyle shades a cell by its utilisation; past the middle the text turns
// white so that it keeps its contrast on the darker blues.
function heatStyle(u: number): React.CSSProperties {
  const steps = ["#ffffff", "#e7f5ff", "#a5d8ff", "#4dabf7", "#1971c2", "#1864ab"];
  const i = u <= 0 ? 0 : Math.min(steps.length - 1, 1 + Math.floor(u * (steps.length - 1)));
  return { background: steps[i], color: i >= 4 ? "#fff" : "#212529" };
}
