import { ActionIcon, Alert, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../api/client";
import { useMe } from "../auth";
import { PageTitle, useLang } from "../components/common";
import { addDays, dayIn, formatDay, formatMonth, formatShortDay, isWeekend, monthGrid, timeIn, weekOf, zonedInstant } from "../lib/dates";
import { usePolicy } from "../lib/policy";

interface DayEntry {
  kind: "telework" | "booking" | "leave" | "essential";
  label: string;
  status?: string;
}

export function SchedulePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const tz = me.organization.time_zone;
  const [view, setView] = useState<"week" | "month">("week");
  const [anchor, setAnchor] = useState(me.today);
  const days = view === "week" ? weekOf(anchor) : monthGrid(anchor).flat();
  const from = days[0];
  const to = days[days.length - 1];
  const policy = usePolicy();
  const org = useQuery({ queryKey: ["organization"], queryFn: async () => unwrap(await api.GET("/api/v1/organization")) });
  const data = useQuery({
    queryKey: ["schedule", from, to],
    queryFn: async () => {
      const [reqs, books, leave] = await Promise.all([
        api.GET("/api/v1/telework-requests", { params: { query: { employee_id: me.id, from, to, limit: 200 } } }).then(unwrap),
        api.GET("/api/v1/bookings", { params: { query: { from: zonedInstant(from, "00:00", tz), to: zonedInstant(addDays(to, 1), "00:00", tz), status: "confirmed", limit: 200 } } }).then(unwrap),
        api.GET("/api/v1/leave", { params: { query: { from, to } } }).then(unwrap),
      ]);
      const byDay = new Map<string, DayEntry[]>();
      const push = (d: string, e: DayEntry) => byDay.set(d, [...(byDay.get(d) ?? []), e]);
      for (const r of reqs.items) {
        if (["withdrawn", "rejected", "cancelled"].includes(r.status)) continue;
        for (const d of r.days) push(d.date, { kind: "telework", label: `${t("schedule.telework")}（${t(`unit.${d.unit}`)}・${t(`place.${r.place}`)}）`, status: r.status });
      }
      for (const b of books.items) push(dayIn(b.start, b.time_zone), { kind: "booking", label: `${b.office.name} ${b.space.name} ${timeIn(b.start, b.time_zone)}〜${timeIn(b.end, b.time_zone)}` });
      for (const l of leave.items) push(l.date, { kind: l.kind, label: l.kind === "leave" ? `${t("schedule.leave")}（${t(`unit.${l.portion}`)}）` : t("schedule.essential") });
      return byDay;
    },
  });
  const closing = new Set([...(org.data?.closing_days ?? []).map((c) => c.date)]);
  const closed = (d: string) => isWeekend(d) || closing.has(d) || (policy.data?.closingDays ?? []).includes(d.slice(5));
  const entries = (d: string) => data.data?.get(d) ?? [];
  const step = (n: number) => setAnchor(view === "week" ? addDays(anchor, 7 * n) : addDays(anchor.slice(0, 8) + "15", 30 * n));
  const minOffice = policy.data?.minOfficeDaysPerWeek ?? null;
  const weekCheck = (week: string[]) => {
    const office = week.filter((d) => !closed(d)).length;
    const remote = week.filter((d) => entries(d).some((e) => e.kind === "telework" && e.label.includes(t("unit.full"))) || entries(d).some((e) => e.kind === "leave")).length;
    return { have: office - remote };
  };
  const renderEntries = (d: string) => (
    <Stack gap={2}>
      {entries(d).map((e, i) => (
        <div key={i} className={`entry entry-${e.kind}${e.status === "pending" ? " entry-pending" : ""}`}>
          {e.label}
          {e.status ? `・${t(`status.${e.status}`)}` : ""}
        </div>
      ))}
      {!closed(d) && entries(d).length === 0 && (
        <Text size="xs" c="dimmed">
          {t("schedule.office")}
        </Text>
      )}
      {closed(d) && (
        <Text size="xs" c="dimmed">
          {t("schedule.closed")}
        </Text>
      )}
    </Stack>
  );
  const week = weekOf(anchor);
  const wc = weekCheck(week);
  return (
    <>
      <PageTitle>{t("schedule.title")}</PageTitle>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="xs">
          <ActionIcon variant="default" onClick={() => step(-1)} aria-label={view === "week" ? t("schedule.prevWeek") : t("schedule.prevMonth")}>
            <IconChevronLeft size={18} aria-hidden />
          </ActionIcon>
          <Title order={2} size="h4" aria-live="polite">
            {view === "week" ? `${formatShortDay(week[0], lang)}〜${formatShortDay(week[6], lang)}` : formatMonth(anchor, lang)}
          </Title>
          <ActionIcon variant="default" onClick={() => step(1)} aria-label={view === "week" ? t("schedule.nextWeek") : t("schedule.nextMonth")}>
            <IconChevronRight size={18} aria-hidden />
          </ActionIcon>
        </Group>
        <SegmentedControl aria-label={t("schedule.view")} value={view} onChange={(v) => setView(v as "week" | "month")} data={[{ value: "week", label: t("schedule.week") }, { value: "month", label: t("schedule.month") }]} />
      </Group>
      {view === "week" && minOffice != null && (
        <Alert color={wc.have >= minOffice ? "green" : "orange"} mb="sm" p="xs" data-testid="office-days">
          {t("schedule.officeDaysAsked", { n: minOffice, have: wc.have })}
        </Alert>
      )}
      {view === "week" ? (
        <Stack gap="xs">
          {week.map((d) => (
            <Group key={d} align="flex-start" wrap="nowrap" p="xs" style={{ borderBottom: "1px solid #dee2e6", background: d === me.today ? "#e7f5ff" : undefined }}>
              <Text fw={600} w={{ base: 110, sm: 150 }} size="sm" style={{ flexShrink: 0 }}>
                {formatDay(d, lang)}
              </Text>
              <div style={{ flex: 1, minWidth: 0 }}>{renderEntries(d)}</div>
            </Group>
          ))}
        </Stack>
      ) : (
        <div className="grid-wrap">
          <table className="cal-table">
            <caption className="skip-link">{formatMonth(anchor, lang)}</caption>
            <thead>
              <tr>
                {(lang === "ja" ? ["月", "火", "水", "木", "金", "土", "日"] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]).map((w) => (
                  <th key={w} scope="col">
                    {w}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {monthGrid(anchor).map((wk) => (
                <tr key={wk[0]}>
                  {wk.map((d) => (
                    <td key={d} className={[d.slice(0, 7) !== anchor.slice(0, 7) ? "other-month" : "", closed(d) ? "closed" : "", d === me.today ? "today" : ""].join(" ")} aria-label={formatDay(d, lang)}>
                      <Text size="xs" fw={600}>
                        {Number(d.slice(8))}
                      </Text>
                      {renderEntries(d)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
