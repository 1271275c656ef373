import { Button, Card, Chip, Group, Modal, NativeSelect, SegmentedControl, Stack, Text, Title, VisuallyHidden, Alert, Input, Checkbox, Badge, Anchor, List } from "@mantine/core";
import { Link } from "react-router";
import { DatePickerInput } from "@mantine/dates";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Availability, type Booking, type Problem, type Schemas } from "../api/client";
import { useMe } from "../auth";
import { ConfirmDialog, PageTitle, ProblemAlert, StatusBadge, useLang } from "../components/common";
import { formatDay, timeIn, dayIn, zonedInstant, addDays, weekday } from "../lib/dates";
import { fieldErrors, generalMessage, problemOf } from "../lib/problem";

type SpaceKind = Schemas["SpaceKind"];
type Attr = Schemas["SpaceAttribute"];
const KINDS: SpaceKind[] = ["open_seat", "booth", "private_room", "meeting_room"];
const ATTRS: Attr[] = ["monitor", "privacy_filter", "web_camera", "calls_allowed"];

// freeFor tells whether a space is free over the whole [start, end).
export function freeFor(space: Availability["spaces"][number], start: string, end: string): boolean {
  const s = Date.parse(start), e = Date.parse(end);
  return space.free.some((iv) => Date.parse(iv.start) <= s && Date.parse(iv.end) >= e);
}

export function BookPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const offices = useQuery({ queryKey: ["offices"], queryFn: async () => unwrap(await api.GET("/api/v1/offices")).items });
  const [chosenOffice, setOfficeId] = useState("");
  const officeId = chosenOffice || offices.data?.[0]?.id || "";
  const [date, setDate] = useState<string>(me.today);
  const [kind, setKind] = useState<string>("");
  const [attrs, setAttrs] = useState<string[]>([]);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  // A weekly series from the chosen day: the pattern's weekdays and last day.
  const [repeat, setRepeat] = useState(false);
  const [weekdays, setWeekdays] = useState<string[]>([]);
  const [until, setUntil] = useState<string>(addDays(me.today, 28));
  const [seriesResult, setSeriesResult] = useState<Schemas["BookingSeries"] | null>(null);
  const avail = useQuery({
    queryKey: ["availability", officeId, date, kind, attrs],
    enabled: !!officeId && !!date,
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/offices/{id}/availability", {
          params: { path: { id: officeId }, query: { date, ...(kind ? { kind: kind as SpaceKind } : {}), ...(attrs.length ? { attr: attrs as Attr[] } : {}) } },
        }),
      ),
  });
  const a = avail.data;
  const tz = a?.time_zone ?? me.organization.time_zone;
  const bounds = useMemo(() => {
    const set = new Set<string>();
    for (const s of a?.slots ?? []) {
      set.add(s.start);
      set.add(s.end);
    }
    return [...set].sort();
  }, [a]);
  useEffect(() => {
    if (bounds.length < 2) return;
    if (!bounds.includes(from)) setFrom(bounds[0]);
    if (!bounds.includes(to)) setTo(bounds[Math.min(bounds.length - 1, Math.max(1, Math.floor(bounds.length / 2)))]);
  }, [bounds, from, to]);
  const book = useMutation({
    mutationFn: async (spaceId: string) =>
      unwrap(await api.POST("/api/v1/bookings", { body: { space_id: spaceId, start: from, end: to }, headers: { "Idempotency-Key": crypto.randomUUID() } })),
    onSuccess: async () => {
      setProblem(null);
      notifications.show({ color: "green", message: t("book.booked") });
      await qc.invalidateQueries({ queryKey: ["availability"] });
      await qc.invalidateQueries({ queryKey: ["bookings"] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const series = useMutation({
    mutationFn: async (spaceId: string) =>
      unwrap(
        await api.POST("/api/v1/booking-series", {
          body: { space_id: spaceId, weekdays: (weekdays.length ? weekdays : [WEEKDAYS[weekday(date)]]) as Schemas["BookingSeriesInput"]["weekdays"], start_time: timeIn(from, tz), end_time: timeIn(to, tz) === "00:00" ? "24:00" : timeIn(to, tz), from: date, until },
        }),
      ),
    onSuccess: async (r) => {
      setProblem(null);
      setSeriesResult(r);
      await qc.invalidateQueries({ queryKey: ["availability"] });
      await qc.invalidateQueries({ queryKey: ["bookings"] });
      await qc.invalidateQueries({ queryKey: ["booking-series"] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const fe = fieldErrors(problem);
  const office = offices.data?.find((o) => o.id === officeId);
  const inRange = (s: { start: string; end: string }) => from && to && s.start >= from && s.end <= to;
  return (
    <>
      <PageTitle>{t("book.title")}</PageTitle>
      <Stack>
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t("book.office")}
            value={officeId}
            onChange={(e) => setOfficeId(e.currentTarget.value)}
            data={(offices.data ?? []).map((o) => ({ value: o.id, label: `${o.name}${t("common.paren", { x: t(`officeKind.${o.kind}`) })}` }))}
            miw={260}
          />
          <DatePickerInput
              hideOutsideDates
            label={t("book.date")}
            value={date}
            onChange={(v) => v && setDate(String(v).slice(0, 10))}
            valueFormat={lang === "ja" ? "YYYY年M月D日(dd)" : "ddd D MMM YYYY"}
            miw={200}
            getDayProps={(d) => ({ "aria-label": formatDay(String(d).slice(0, 10), lang) })}
          />
          <NativeSelect label={t("book.from")} value={from} onChange={(e) => setFrom(e.currentTarget.value)} data={bounds.slice(0, -1).map((b) => ({ value: b, label: timeIn(b, tz) }))} error={fe.start} />
          <NativeSelect label={t("book.to")} value={to} onChange={(e) => setTo(e.currentTarget.value)} data={bounds.slice(1).map((b) => ({ value: b, label: timeIn(b, tz) }))} error={fe.end} />
        </Group>
        <Group align="flex-end" wrap="wrap">
          <Input.Wrapper label={t("book.kind")}>
            <div>
              <SegmentedControl
                aria-label={t("book.kind")}
                value={kind}
                onChange={setKind}
                data={[{ value: "", label: t("book.allKinds") }, ...KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))]}
                size="xs"
              />
            </div>
          </Input.Wrapper>
          <div role="group" aria-label={t("book.attributes")}>
            <Text size="sm" fw={500}>
              {t("book.attributes")}
            </Text>
            <Chip.Group multiple value={attrs} onChange={setAttrs}>
              <Group gap={6} mt={4}>
                {ATTRS.map((x) => (
                  <Chip key={x} value={x} size="xs">
                    {t(`attr.${x}`)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </div>
        </Group>
        <Group align="flex-end" wrap="wrap">
          <Checkbox label={t("series.repeat")} checked={repeat} onChange={(e) => setRepeat(e.currentTarget.checked)} />
          {repeat && (
            <>
              <div role="group" aria-label={t("series.weekdays")}>
                <Text size="sm" fw={500}>
                  {t("series.weekdays")}
                </Text>
                <Chip.Group multiple value={weekdays.length ? weekdays : [WEEKDAYS[weekday(date)]]} onChange={setWeekdays}>
                  <Group gap={4} mt={4}>
                    {WEEKDAYS.slice(1, 6).map((w) => (
                      <Chip key={w} value={w} size="xs">
                        {t(`weekday.${w}`)}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
              </div>
              <DatePickerInput
                hideOutsideDates
                label={t("series.until")}
                value={until}
                onChange={(v) => v && setUntil(String(v).slice(0, 10))}
                valueFormat={lang === "ja" ? "YYYY年M月D日(dd)" : "ddd D MMM YYYY"}
                miw={200}
                error={fe.until}
                getDayProps={(d) => ({ "aria-label": formatDay(String(d).slice(0, 10), lang) })}
              />
            </>
          )}
          {office?.can_edit && (
            <Anchor component={Link} to={`/offices/${office.id}/qr-sheet`} size="sm">
              {t("qr.open")}
            </Anchor>
          )}
          <Anchor component={Link} to="/check-in" size="sm">
            {t("checkin.typeCode")}
          </Anchor>
        </Group>
        {office && (office.shared_with?.length ?? 0) > 0 && (
          <Text size="sm" c="dimmed">
            {t("book.sharedNote")}
          </Text>
        )}
        <ProblemAlert message={generalMessage(problem, ["start", "end"])} />
        {a && (!a.open || !a.bookable) && (
          <Alert color="yellow" role="status">
            {t("book.closedDay")}
            {a.closed_reason || a.reason ? `: ${a.closed_reason ?? a.reason}` : ""}
          </Alert>
        )}
        {a && a.open && (
          <section aria-labelledby="grid-title">
            <Title order={2} size="h4" id="grid-title" mb="xs">
              {t("book.grid")} — {formatDay(a.date, lang)}
            </Title>
            {a.spaces.length === 0 && <Text>{t("book.noSpaces")}</Text>}
            {a.spaces.length > 0 && (
              <div className="grid-wrap" tabIndex={0} role="region" aria-labelledby="grid-title">
                <table className="slot-grid">
                  <thead>
                    <tr>
                      <th scope="col">{t("book.space")}</th>
                      {a.slots.map((s) => (
                        <th scope="col" key={s.start} className={inRange(s) ? "slot-chosen" : undefined}>
                          {timeIn(s.start, tz)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {a.spaces.map((sp) => {
                      const whole = !!from && !!to && from < to && freeFor(sp, from, to);
                      return (
                        <tr key={sp.id} data-testid="space-row">
                          <th scope="row">
                            <Group gap={6} wrap="nowrap" justify="space-between">
                              <span>
                                {sp.name}
                                <Text span size="xs" c="dimmed">
                                  {" "}
                                  {t(`kind.${sp.kind}`)}
                                </Text>
                              </span>
                              <Button
                                size="compact-xs"
                                disabled={!whole || !a.bookable}
                                loading={(book.isPending && book.variables === sp.id) || (series.isPending && series.variables === sp.id)}
                                onClick={() => (repeat ? series.mutate(sp.id) : book.mutate(sp.id))}
                                aria-label={t(repeat ? "series.bookSeries" : "book.bookSpace", { space: sp.name, from: from ? timeIn(from, tz) : "", to: to ? timeIn(to, tz) : "" })}
                                title={whole ? undefined : t("book.notFreeWhole")}
                              >
                                {t("book.book")}
                              </Button>
                            </Group>
                          </th>
                          {a.slots.map((s) => {
                            const free = freeFor(sp, s.start, s.end);
                            return (
                              <td key={s.start} className={`${free ? "slot-free" : "slot-taken"}${inRange(s) ? " slot-chosen" : ""}`}>
                                <span aria-hidden>{free ? "○" : "×"}</span>
                                <VisuallyHidden>{free ? t("book.free") : t("book.taken")}</VisuallyHidden>
                              </td>
                            );
                          })}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        )}
        <MyBookings />
      </Stack>
      {seriesResult && <SeriesResult series={seriesResult} onClose={() => setSeriesResult(null)} />}
    </>
  );
}

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

const outcomeColors: Record<string, string> = { booked: "green", failed: "red", later: "gray" };

// SeriesResult lists each occurrence of a new series with its outcome and,
// for one not booked, why.
function SeriesResult({ series, onClose }: { series: Schemas["BookingSeries"]; onClose(): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened onClose={onClose} title={t("series.resultTitle")} size="lg">
      <Stack>
        <Text>
          {series.office.name} / {series.space.name} — <SeriesPattern s={series} />
        </Text>
        <List spacing={4} listStyleType="none" data-testid="series-result">
          {(series.occurrences ?? []).map((o) => (
            <List.Item key={o.date}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Badge color={outcomeColors[o.outcome]} variant="light" autoContrast miw={110} style={{ flexShrink: 0 }}>
                  {t(`series.${o.outcome}`)}
                </Badge>
                <Text size="sm">
                  {formatDay(o.date, lang)}
                  {o.message ? ` — ${o.message}` : ""}
                </Text>
              </Group>
            </List.Item>
          ))}
        </List>
        <Group justify="flex-end">
          <Button onClick={onClose}>{t("common.close")}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function SeriesPattern({ s }: { s: Schemas["BookingSeries"] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <>
      {t("series.pattern", {
        days: s.weekdays.map((w) => t(`weekday.${w}`)).join(t("common.sep")),
        from: s.start_time,
        to: s.end_time,
        first: formatDay(s.from, lang),
        last: formatDay(s.until, lang),
      })}
    </>
  );
}

// BookingBadges shows a booking's state beyond confirmed: held for a
// request, checked in, an occurrence of a series.
function BookingBadges({ b }: { b: Booking }) {
  const { t } = useTranslation();
  return (
    <>
      {b.tentative && (
        <Badge color="orange" variant="light" autoContrast>
          {t("held.tentative")}
        </Badge>
      )}
      {b.checked_in_at && (
        <Badge color="teal" variant="light" autoContrast>
          {t("checkin.checkedIn")}
        </Badge>
      )}
      {b.series_id && (
        <Badge color="violet" variant="light" autoContrast>
          {t("series.badge")}
        </Badge>
      )}
    </>
  );
}

// MySeries lists the person's recurring bookings, each with its pattern,
// and cancels the rest of one.
function MySeries() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ["booking-series"], queryFn: async () => unwrap(await api.GET("/api/v1/booking-series")).items });
  const [cancelling, setCancelling] = useState<string | null>(null);
  const cancel = useMutation({
    mutationFn: async (id: string) => unwrap(await api.POST("/api/v1/booking-series/{id}/cancel", { params: { path: { id } } })),
    onSuccess: async () => {
      setCancelling(null);
      notifications.show({ color: "green", message: t("series.cancelledRest") });
      await qc.invalidateQueries({ queryKey: ["booking-series"] });
      await qc.invalidateQueries({ queryKey: ["bookings"] });
      await qc.invalidateQueries({ queryKey: ["availability"] });
    },
  });
  if (!list.data?.length) return null;
  return (
    <section aria-labelledby="series-title">
      <Title order={2} size="h4" id="series-title" mb="xs" mt="md">
        {t("series.mine")}
      </Title>
      <Stack gap="xs">
        {list.data.map((s) => (
          <Card key={s.id} withBorder padding="sm" data-testid="my-series">
            <Group justify="space-between" wrap="wrap">
              <div>
                <Text fw={600}>
                  <SeriesPattern s={s} />
                </Text>
                <Text size="sm">
                  {s.office.name} / {s.space.name}
                </Text>
              </div>
              {s.status === "active" ? (
                <Button size="xs" variant="light" color="red" onClick={() => setCancelling(s.id)}>
                  {t("series.cancelRest")}
                </Button>
              ) : (
                <Badge color="gray" variant="light">
                  {t("series.cancelled")}
                </Badge>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
      <ConfirmDialog opened={!!cancelling} title={t("series.cancelRestConfirm")} action={t("series.cancelRest")} busy={cancel.isPending} error={cancel.error} onConfirm={() => cancelling && cancel.mutate(cancelling)} onClose={() => setCancelling(null)} />
    </section>
  );
}

function MyBookings() {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ["bookings"],
    queryFn: async () => unwrap(await api.GET("/api/v1/bookings", { params: { query: { status: "confirmed", limit: 100 } } })).items,
  });
  const [moving, setMoving] = useState<Booking | null>(null);
  const [cancelling, setCancelling] = useState<Booking | null>(null);
  const checkOut = useMutation({
    mutationFn: async (b: Booking) => unwrap(await api.POST("/api/v1/bookings/{id}/check-out", { params: { path: { id: b.id } } })),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("checkin.checkedOut") });
      await qc.invalidateQueries({ queryKey: ["bookings"] });
      await qc.invalidateQueries({ queryKey: ["availability"] });
    },
  });
  const cancel = useMutation({
    mutationFn: async (b: Booking) => unwrap(await api.POST("/api/v1/bookings/{id}/cancel", { params: { path: { id: b.id } } })),
    onSuccess: async () => {
      setCancelling(null);
      notifications.show({ color: "green", message: t("book.cancelled") });
      await qc.invalidateQueries({ queryKey: ["bookings"] });
      await qc.invalidateQueries({ queryKey: ["availability"] });
    },
  });
  return (
    <section aria-labelledby="mine-title">
      <Title order={2} size="h4" id="mine-title" mb="xs" mt="md">
        {t("book.mine")}
      </Title>
      {list.data?.length === 0 && <Text>{t("book.noneMine")}</Text>}
      <Stack gap="xs">
        {(list.data ?? []).map((b) => (
          <Card key={b.id} withBorder padding="sm" data-testid="my-booking">
            <Group justify="space-between" wrap="wrap">
              <div>
                <Text fw={600}>
                  {formatDay(dayIn(b.start, b.time_zone), lang)} {timeIn(b.start, b.time_zone)}〜{timeIn(b.end, b.time_zone)}
                </Text>
                <Text size="sm">
                  {b.office.name} / {b.space.name}
                </Text>
              </div>
              <Group gap="xs">
                <StatusBadge status={b.status} />
                <BookingBadges b={b} />
                {b.checked_in_at && !b.checked_out_at && (
                  <Button size="xs" variant="light" loading={checkOut.isPending && checkOut.variables?.id === b.id} onClick={() => checkOut.mutate(b)}>
                    {t("checkin.checkOut")}
                  </Button>
                )}
                {b.can_move && (
                  <Button size="xs" variant="light" onClick={() => setMoving(b)}>
                    {t("book.move")}
                  </Button>
                )}
                {b.can_cancel && (
                  <Button size="xs" variant="light" color="red" onClick={() => setCancelling(b)}>
                    {t("book.cancel")}
                  </Button>
                )}
              </Group>
            </Group>
          </Card>
        ))}
      </Stack>
      <ConfirmDialog opened={!!cancelling} title={t("book.cancelConfirm")} action={t("book.cancel")} busy={cancel.isPending} error={cancel.error} onConfirm={() => cancelling && cancel.mutate(cancelling)} onClose={() => setCancelling(null)} />
      {moving && <MoveModal booking={moving} onClose={() => setMoving(null)} />}
      <ProblemAlert problem={problemOf(checkOut.error)} />
      <MySeries />
    </section>
  );
}

function MoveModal({ booking, onClose }: { booking: Booking; onClose(): void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const tz = booking.time_zone;
  const day = dayIn(booking.start, tz);
  const [spaceId, setSpaceId] = useState(booking.space.id);
  const [start, setStart] = useState(timeIn(booking.start, tz));
  const [end, setEnd] = useState(timeIn(booking.end, tz));
  const [problem, setProblem] = useState<Problem | null>(null);
  const avail = useQuery({
    queryKey: ["availability", booking.office.id, day, "", []],
    queryFn: async () => unwrap(await api.GET("/api/v1/offices/{id}/availability", { params: { path: { id: booking.office.id }, query: { date: day } } })),
  });
  const move = useMutation({
    mutationFn: async () =>
      unwrap(await api.PATCH("/api/v1/bookings/{id}", { params: { path: { id: booking.id } }, body: { space_id: spaceId, start: zonedInstant(day, start, tz), end: zonedInstant(day, end, tz) } })),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("book.moved") });
      await qc.invalidateQueries({ queryKey: ["bookings"] });
      await qc.invalidateQueries({ queryKey: ["availability"] });
      onClose();
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const fe = fieldErrors(problem);
  const spaces = avail.data?.spaces ?? [];
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened onClose={onClose} title={t("book.moveTitle")}>
      <Stack>
        <ProblemAlert message={generalMessage(problem, ["space_id", "start", "end"])} />
        <NativeSelect
          label={t("book.space")}
          value={spaceId}
          onChange={(e) => setSpaceId(e.currentTarget.value)}
          error={fe.space_id}
          data={[...(spaces.some((s) => s.id === booking.space.id) ? [] : [{ value: booking.space.id, label: booking.space.name }]), ...spaces.map((s) => ({ value: s.id, label: `${s.name}${t("common.paren", { x: t(`kind.${s.kind}`) })}` }))]}
        />
        <Group grow>
          <Input.Wrapper label={t("book.from")} error={fe.start}>
            <input className="mantine-Input-input" type="time" value={start} step={900} onChange={(e) => setStart(e.currentTarget.value)} aria-label={t("book.from")} style={{ width: "100%", padding: 6 }} />
          </Input.Wrapper>
          <Input.Wrapper label={t("book.to")} error={fe.end}>
            <input className="mantine-Input-input" type="time" value={end} step={900} onChange={(e) => setEnd(e.currentTarget.value)} aria-label={t("book.to")} style={{ width: "100%", padding: 6 }} />
          </Input.Wrapper>
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button loading={move.isPending} onClick={() => move.mutate()}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
