import { ActionIcon, Alert, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../api/client";
import { useMe } from "../auth";
import { PageTitle, text, useLang } from "../components/common";
import { addDays, dayIn, formatDay, formatMonth, formatShortDay, isWeekend, monthGrid, timeIn, weekOf, zonedInstant } from "../lib/dates";
import { usePolicy } from "../lib/policy";

interface DayEntry {
  kind: "telework" | "booking" | "leave" | "essential";
  label: string;
  status?: string;
  // wholeDayAway: a full day of telework or leave, so no office day.
  wholeDayAway?: boolean;
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
  const calendar = useQuery({
    queryKey: ["calendar", from, to],
    queryFn: async () => new Map(unwrap(await api.GET("/api/v1/calendar", { params: { query: { from, to } } })).days.map((d) => [d.date, d])),
  });
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
        for (const d of r.days) push(d.date, { kind: "telework", wholeDayAway: d.unit === "full", label: `${t("schedule.telework")}${t("common.paren", { x: t(`unit.${d.unit}`) + t("common.sep") + t(`place.${r.place}`) })}`, status: r.status });
      }
      for (const b of books.items) push(dayIn(b.start, b.time_zone), { kind: "booking", label: `${b.office.name} ${b.space.name} ${timeIn(b.start, b.time_zone)}〜${timeIn(b.end, b.time_zone)}` });
      for (const l of leave.items) push(l.date, { kind: l.kind, wholeDayAway: l.kind === "leave" && l.portion === "full", label: l.kind === "leave" ? `${t("schedule.leave")}${t("common.paren", { x: t(`unit.${l.portion}`) })}` : t("schedule.essential") });
      return byDay;
    },
  });
  // The organisation's calendar (holidays by name, closing days); weekends
  // until it has loaded.
  const closed = (d: string) => {
    const c = calendar.data?.get(d);
    return c ? !c.office_day : isWeekend(d);
  };
  const closureName = (d: string) => text(calendar.data?.get(d)?.closure ?? undefined, lang);
  const entries = (d: string) => data.data?.get(d) ?? [];
  const step = (n: number) => setAnchor(view === "week" ? addDays(anchor, 7 * n) : addDays(anchor.slice(0, 8) + "15", 30 * n));
  const minOffice = policy.data?.minOfficeDaysPerWeek ?? null;
  const weekCheck = (week: string[]) => {
    const office = week.filter((d) => !closed(d)).length;
    const remote = week.filter((d) => !closed(d) && entries(d).some((e) => e.wholeDayAway)).length;
    return { have: office - remote };
  };
  const renderEntries = (d: string) => (
    <Stack gap={2}>
      {entries(d).map((e, i) => (
        <div key={i} className={`entry entry-${e.kind}${e.status === "pending" ? " entry-pending" : ""}`}>
          {e.label}
          {e.status ? `${t("common.sep")}${t(`status.${e.status}`)}` : ""}
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
          {closureName(d) && !isWeekend(d) ? t("common.paren", { x: closureName(d) }) : ""}
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
