import { Anchor, Badge, Button, Card, Checkbox, Group, Modal, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Table, TagsInput, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, unwrap, type Office, type Problem, type Schemas } from "../../api/client";
import { useMe } from "../../auth";
import { PageTitle, ProblemAlert, useLang } from "../../components/common";
import { addDays, formatDay, monthRange } from "../../lib/dates";
import { fieldErrors, generalMessage, problemOf } from "../../lib/problem";
import { HelpLink, notifyDone, PageHead, StaffPicker } from "./shared";

type Space = Schemas["Space"];
type SpaceInput = Schemas["SpaceInput"];
type OfficeInput = Schemas["OfficeInput"];
type Weekday = Schemas["Weekday"];
const weekdays: Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const weekdayIndex: Record<Weekday, number> = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 };
const spaceKinds = ["open_seat", "booth", "private_room", "meeting_room"] as const;
const attributes = ["monitor", "privacy_filter", "web_camera", "calls_allowed"] as const;
const units = ["15m", "30m", "60m", "half_day"] as const;

// OfficesPage lists the offices the organisation owns or shares.
export function OfficesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const list = useQuery({ queryKey: ["offices", "all"], queryFn: async () => unwrap(await api.GET("/api/v1/offices", { params: { query: { limit: 200 } } })).items });
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHead title={t("offices.title")} intro={t("offices.intro")} topic="offices" />
      {me.roles.includes("admin") && (
        <Button mb="sm" onClick={() => setCreating(true)}>
          {t("offices.add")}
        </Button>
      )}
      <ProblemAlert problem={problemOf(list.error)} />
      <Table striped withTableBorder data-testid="office-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("offices.name")}</Table.Th>
            <Table.Th>{t("offices.kind")}</Table.Th>
            <Table.Th>{t("offices.owner")}</Table.Th>
            <Table.Th>{t("offices.address")}</Table.Th>
            <Table.Th>{t("offices.sharing")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data ?? []).map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td>
                <Anchor component={Link} to={`/offices/${o.id}`}>
                  {o.name}
                </Anchor>
                {!o.active && (
                  <Badge ml="xs" color="gray" variant="light" autoContrast>
                    {t("offices.inactive")}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{t(`officeKind.${o.kind}`)}</Table.Td>
              <Table.Td>{o.organization.name}</Table.Td>
              <Table.Td>{o.address}</Table.Td>
              <Table.Td>{(o.shared_with ?? []).map((p) => p.name).join("・")}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {creating && <OfficeForm onClose={() => setCreating(false)} />}
    </>
  );
}

// OfficePage is one office: its settings, its spaces and its use.
export function OfficePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const office = useQuery({ queryKey: ["offices", id], queryFn: async () => unwrap(await api.GET("/api/v1/offices/{id}", { params: { path: { id } } })) });
  const [editing, setEditing] = useState(false);
  const o = office.data;
  return (
    <>
      <PageTitle>{o ? t("offices.detailTitle", { name: o.name }) : t("offices.title")}</PageTitle>
      <Group justify="space-between" mb="md">
        <Anchor component={Link} to="/offices" size="sm">
          ← {t("offices.title")}
        </Anchor>
        <HelpLink topic="offices" />
      </Group>
      <ProblemAlert problem={problemOf(office.error)} />
      {o && (
        <Stack>
          <OfficeSummary office={o} onEdit={o.can_edit ? () => setEditing(true) : undefined} />
          <Spaces office={o} />
          <OccupancyCard office={o} />
          {o.can_edit && (
            <Anchor component={Link} to={`/offices/${o.id}/qr-sheet`}>
              {t("offices.qrSheet")}
            </Anchor>
          )}
        </Stack>
      )}
      {editing && o && <OfficeForm office={o} onClose={() => setEditing(false)} />}
    </>
  );
}

function OfficeSummary({ office: o, onEdit }: { office: Office; onEdit?: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const wd = t("offices.weekdays", { returnObjects: true }) as string[];
  const hours = weekdays.map((d) => {
    const h = o.opening_hours.find((x) => x.weekday === d);
    return `${wd[weekdayIndex[d]]} ${h ? `${h.opens}〜${h.closes}` : t("offices.closedDay")}`;
  });
  const row = (label: string, value: string) => (
    <Table.Tr>
      <Table.Th scope="row" w={240}>
        {label}
      </Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  );
  return (
    <Card withBorder component="section" aria-labelledby="office-settings">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="office-settings">
          {t("offices.settings")}
        </Title>
        {onEdit && <Button onClick={onEdit}>{t("common.edit")}</Button>}
      </Group>
      <Table withTableBorder data-testid="office-summary">
        <Table.Tbody>
          {row(t("offices.kind"), t(`officeKind.${o.kind}`))}
          {row(t("offices.address"), o.address)}
          {row(t("offices.hours"), hours.join("、"))}
          {row(t("offices.closedOnHolidays"), o.closed_on_holidays ? t("common.yes") : t("common.no"))}
          {row(t("offices.closedDaysShort"), o.closed_days.map((d) => `${formatDay(d.date, lang)}${d.name ? ` ${d.name}` : ""}`).join("、") || t("common.none"))}
          {row(t("offices.unit"), t(`offices.units.${o.booking_unit}`))}
          {row(t("offices.midday"), o.midday)}
          {row(t("offices.advance"), t("common.days", { n: o.max_advance_days }))}
          {row(t("offices.perDay"), String(o.max_minutes_per_day))}
          {row(t("offices.checkin"), o.checkin_required
            ? t("offices.checkinRule", { before: o.checkin_opens_before_minutes, grace: o.checkin_grace_minutes })
            : t("offices.checkinNotRequired"))}
          {row(t("offices.walkIns"), o.walk_ins ? t("common.yes") : t("common.no"))}
          {o.managers && row(t("offices.managers"), o.managers.map((m) => m.name).join("・") || t("common.none"))}
          {o.shared_with && row(t("offices.sharing"), o.shared_with.map((p) => `${p.name}（${p.slug}）`).join("・") || t("common.none"))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

type Hours = { weekday: Weekday; open: boolean; opens: string; closes: string };

function OfficeForm({ office, onClose }: { office?: Office; onClose(): void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const wd = t("offices.weekdays", { returnObjects: true }) as string[];
  const [v, setV] = useState<OfficeInput>(() =>
    office
      ? {
          name: office.name, kind: office.kind, address: office.address, closed_on_holidays: office.closed_on_holidays, booking_unit: office.booking_unit,
          midday: office.midday, max_advance_days: office.max_advance_days, max_minutes_per_day: office.max_minutes_per_day,
          checkin_required: office.checkin_required, checkin_opens_before_minutes: office.checkin_opens_before_minutes,
          checkin_grace_minutes: office.checkin_grace_minutes, walk_ins: office.walk_ins,
          shared_with: (office.shared_with ?? []).map((p) => p.slug), managers: (office.managers ?? []).map((m) => m.id),
        }
      : { kind: "satellite", booking_unit: "30m", closed_on_holidays: true, max_advance_days: 30, shared_with: [], managers: [] },
  );
  const [hours, setHours] = useState<Hours[]>(() =>
    weekdays.map((d) => {
      const h = office?.opening_hours.find((x) => x.weekday === d);
      const weekday = !["saturday", "sunday"].includes(d);
      return { weekday: d, open: office ? !!h : weekday, opens: h?.opens ?? "08:30", closes: h?.closes ?? "17:15" };
    }),
  );
  const [closedDays, setClosedDays] = useState((office?.closed_days ?? []).map((d) => d.date).join(", "));
  const [managerNames, setManagerNames] = useState<Record<string, string>>(Object.fromEntries((office?.managers ?? []).map((m) => [m.id, m.name])));
  const [pick, setPick] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const save = useMutation({
    mutationFn: async () => {
      const body: OfficeInput = {
        ...v,
        opening_hours: hours.filter((h) => h.open).map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes })),
        // A day kept from before keeps its name.
        closed_days: closedDays.split(/[,、\s]+/).filter(Boolean).map((date) => ({ date, name: office?.closed_days.find((d) => d.date === date)?.name ?? "" })),
      };
      if (!office?.can_manage_sharing && office) {
        delete body.shared_with;
        delete body.managers;
      }
      if (office) return unwrap(await api.PATCH("/api/v1/offices/{id}", { params: { path: { id: office.id } }, body }));
      return unwrap(await api.POST("/api/v1/offices", { body, headers: { "Idempotency-Key": crypto.randomUUID() } }));
    },
    onSuccess: async () => {
      notifyDone(t("offices.saved"));
      await qc.invalidateQueries({ queryKey: ["offices"] });
      onClose();
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const fe = fieldErrors(problem);
  const governs = !office || office.can_manage_sharing;
  return (
    <Modal opened onClose={onClose} size="xl" title={office ? `${t("common.edit")}: ${office.name}` : t("offices.add")} closeButtonProps={{ "aria-label": t("common.close") }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <ProblemAlert message={generalMessage(problem, ["name", "kind", "address", "booking_unit", "midday", "max_advance_days", "max_minutes_per_day", "checkin_required", "checkin_opens_before_minutes", "checkin_grace_minutes", "walk_ins", "shared_with", "managers", "closed_days", "opening_hours"])} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t("offices.name")} value={v.name ?? ""} onChange={(e) => setV({ ...v, name: e.currentTarget.value })} error={fe.name} required />
            <Select
              label={t("offices.kind")}
              data={(["main_building", "satellite", "partner_coworking"] as const).map((k) => ({ value: k, label: t(`officeKind.${k}`) }))}
              value={v.kind ?? "satellite"}
              onChange={(x) => setV({ ...v, kind: (x ?? "satellite") as OfficeInput["kind"] })}
              allowDeselect={false}
            />
          </SimpleGrid>
          <TextInput label={t("offices.address")} value={v.address ?? ""} onChange={(e) => setV({ ...v, address: e.currentTarget.value })} error={fe.address} />
          <fieldset style={{ border: "1px solid #ced4da", borderRadius: 4, padding: 8 }}>
            <legend>{t("offices.hours")}</legend>
            <Stack gap={4}>
              {hours.map((h, i) => (
                <Group key={h.weekday} gap="xs" wrap="nowrap">
                  <Checkbox w={90} label={wd[weekdayIndex[h.weekday]]} checked={h.open} onChange={(e) => setHours(hours.map((x, j) => (j === i ? { ...x, open: e.currentTarget.checked } : x)))} />
                  <TextInput size="xs" w={90} aria-label={`${wd[weekdayIndex[h.weekday]]} ${t("offices.opens")}`} value={h.opens} disabled={!h.open}
                    onChange={(e) => setHours(hours.map((x, j) => (j === i ? { ...x, opens: e.currentTarget.value } : x)))} />
                  <Text size="sm">〜</Text>
                  <TextInput size="xs" w={90} aria-label={`${wd[weekdayIndex[h.weekday]]} ${t("offices.closes")}`} value={h.closes} disabled={!h.open}
                    onChange={(e) => setHours(hours.map((x, j) => (j === i ? { ...x, closes: e.currentTarget.value } : x)))} />
                </Group>
              ))}
            </Stack>
            {fe.opening_hours && <Text c="red.8" size="sm">{fe.opening_hours}</Text>}
          </fieldset>
          <Checkbox label={t("offices.closedOnHolidays")} checked={!!v.closed_on_holidays} onChange={(e) => setV({ ...v, closed_on_holidays: e.currentTarget.checked })} />
          <TextInput label={t("offices.closedDays")} value={closedDays} onChange={(e) => setClosedDays(e.currentTarget.value)} error={fe.closed_days} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label={t("offices.unit")} data={units.map((u) => ({ value: u, label: t(`offices.units.${u}`) }))} value={v.booking_unit ?? "30m"}
              onChange={(x) => setV({ ...v, booking_unit: (x ?? "30m") as OfficeInput["booking_unit"] })} error={fe.booking_unit} allowDeselect={false} />
            <TextInput label={t("offices.midday")} value={v.midday ?? "12:00"} onChange={(e) => setV({ ...v, midday: e.currentTarget.value })} error={fe.midday} />
            <NumberInput label={t("offices.advance")} value={v.max_advance_days} min={0} onChange={(x) => setV({ ...v, max_advance_days: Number(x) })} error={fe.max_advance_days} />
            <NumberInput label={t("offices.perDay")} value={v.max_minutes_per_day} min={0} step={30} onChange={(x) => setV({ ...v, max_minutes_per_day: Number(x) || undefined })} error={fe.max_minutes_per_day} />
          </SimpleGrid>
          <fieldset>
            <legend>{t("offices.checkin")}</legend>
            <Stack gap="xs">
              <Checkbox label={t("offices.checkinRequired")} checked={!!v.checkin_required} onChange={(e) => setV({ ...v, checkin_required: e.currentTarget.checked })} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NumberInput label={t("offices.checkinBefore")} value={v.checkin_opens_before_minutes ?? 15} min={0} max={240}
                  onChange={(x) => setV({ ...v, checkin_opens_before_minutes: Number(x) })} error={fe.checkin_opens_before_minutes} />
                <NumberInput label={t("offices.checkinGrace")} value={v.checkin_grace_minutes ?? 15} min={0} max={240}
                  onChange={(x) => setV({ ...v, checkin_grace_minutes: Number(x) })} error={fe.checkin_grace_minutes} />
              </SimpleGrid>
              <Checkbox label={t("offices.walkInsAllowed")} checked={!!v.walk_ins} onChange={(e) => setV({ ...v, walk_ins: e.currentTarget.checked })} />
            </Stack>
          </fieldset>
          {governs && (
            <>
              <TagsInput label={t("offices.sharedWith")} description={t("offices.sharedWithHelp")} value={v.shared_with ?? []} onChange={(x) => setV({ ...v, shared_with: x })} error={fe.shared_with} />
              <Stack gap={4}>
                <Group align="flex-end">
                  <div style={{ flex: 1 }}>
                    <StaffPicker label={t("offices.managers")} value={pick} onChange={(x, label) => {
                      if (x && !(v.managers ?? []).includes(x)) {
                        setV({ ...v, managers: [...(v.managers ?? []), x] });
                        setManagerNames({ ...managerNames, [x]: label });
                      }
                      setPick(null);
                    }} error={fe.managers} />
                  </div>
                </Group>
                <Group gap="xs">
                  {(v.managers ?? []).map((m) => (
                    <Badge key={m} variant="light" autoContrast rightSection={
                      <button type="button" aria-label={`${t("common.remove")}: ${managerNames[m] ?? m}`} style={{ border: 0, background: "none", cursor: "pointer" }}
                        onClick={() => setV({ ...v, managers: (v.managers ?? []).filter((x) => x !== m) })}>×</button>
                    }>
                      {managerNames[m] ?? m}
                    </Badge>
                  ))}
                </Group>
              </Stack>
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("offices.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Spaces({ office }: { office: Office }) {
  const { t } = useTranslation();
  const spaces = useQuery({
    queryKey: ["offices", office.id, "spaces"],
    queryFn: async () => unwrap(await api.GET("/api/v1/offices/{id}/spaces", { params: { path: { id: office.id }, query: { limit: 200 } } })).items,
  });
  const [editing, setEditing] = useState<{ space?: Space } | null>(null);
  return (
    <Card withBorder component="section" aria-labelledby="office-spaces">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="office-spaces">
          {t("offices.spaces")}
        </Title>
        {office.can_edit && <Button onClick={() => setEditing({})}>{t("offices.addSpace")}</Button>}
      </Group>
      <Table striped withTableBorder data-testid="space-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("offices.spaceName")}</Table.Th>
            <Table.Th>{t("offices.kind")}</Table.Th>
            <Table.Th>{t("offices.floor")}</Table.Th>
            <Table.Th>{t("offices.zone")}</Table.Th>
            <Table.Th>{t("offices.capacity")}</Table.Th>
            <Table.Th>{t("offices.attributes")}</Table.Th>
            {office.can_edit && (
              <Table.Th>
                <span className="visually-hidden">{t("common.edit")}</span>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(spaces.data ?? []).map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                {s.name}
                {!s.active && (
                  <Badge ml="xs" color="gray" variant="light" autoContrast>
                    {t("offices.inactive")}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{t(`kind.${s.kind}`)}</Table.Td>
              <Table.Td>{s.floor}</Table.Td>
              <Table.Td>{s.zone}</Table.Td>
              <Table.Td>{s.capacity}</Table.Td>
              <Table.Td>{s.attributes.map((a) => t(`attr.${a}`)).join("・")}</Table.Td>
              {office.can_edit && (
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ space: s })} aria-label={`${t("common.edit")}: ${s.name}`}>
                    {t("common.edit")}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {editing && <SpaceForm office={office} space={editing.space} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function SpaceForm({ office, space, onClose }: { office: Office; space?: Space; onClose(): void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [v, setV] = useState<SpaceInput>(
    space ? { name: space.name, kind: space.kind, floor: space.floor, zone: space.zone, capacity: space.capacity, attributes: space.attributes, active: space.active }
      : { kind: "booth", capacity: 1, attributes: [], active: true },
  );
  const [problem, setProblem] = useState<Problem | null>(null);
  const save = useMutation({
    mutationFn: async () =>
      space
        ? unwrap(await api.PATCH("/api/v1/spaces/{id}", { params: { path: { id: space.id } }, body: v }))
        : unwrap(await api.POST("/api/v1/offices/{id}/spaces", { params: { path: { id: office.id } }, body: v, headers: { "Idempotency-Key": crypto.randomUUID() } })),
    onSuccess: async () => {
      notifyDone(space ? t("offices.spaceSaved") : t("offices.spaceAdded"));
      await qc.invalidateQueries({ queryKey: ["offices", office.id, "spaces"] });
      onClose();
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const fe = fieldErrors(problem);
  return (
    <Modal opened onClose={onClose} title={space ? `${t("common.edit")}: ${space.name}` : t("offices.addSpace")} closeButtonProps={{ "aria-label": t("common.close") }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <ProblemAlert message={generalMessage(problem, ["name", "kind", "floor", "zone", "capacity", "attributes"])} />
          <TextInput label={t("offices.spaceName")} value={v.name ?? ""} onChange={(e) => setV({ ...v, name: e.currentTarget.value })} error={fe.name} required />
          <Select label={t("offices.kind")} data={spaceKinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))} value={v.kind ?? "booth"}
            onChange={(x) => setV({ ...v, kind: (x ?? "booth") as SpaceInput["kind"] })} allowDeselect={false} />
          <Group grow>
            <TextInput label={t("offices.floor")} value={v.floor ?? ""} onChange={(e) => setV({ ...v, floor: e.currentTarget.value })} error={fe.floor} />
            <TextInput label={t("offices.zone")} value={v.zone ?? ""} onChange={(e) => setV({ ...v, zone: e.currentTarget.value })} error={fe.zone} />
            <NumberInput label={t("offices.capacity")} value={v.capacity} min={1} onChange={(x) => setV({ ...v, capacity: Number(x) })} error={fe.capacity} />
          </Group>
          <MultiSelect label={t("offices.attributes")} data={attributes.map((a) => ({ value: a, label: t(`attr.${a}`) }))} value={v.attributes ?? []}
            onChange={(x) => setV({ ...v, attributes: x as SpaceInput["attributes"] })} error={fe.attributes} />
          {space && <Checkbox label={t("offices.active")} checked={!!v.active} onChange={(e) => setV({ ...v, active: e.currentTarget.checked })} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("offices.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// OccupancyCard shows the office's use this month and next: in total and
// per organisation, counts and hours only (no names).
function OccupancyCard({ office }: { office: Office }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const from = monthRange(me.today).from;
  const to = monthRange(addDays(monthRange(me.today).to, 1)).to;
  const occ = useQuery({
    queryKey: ["occupancy", office.id, from, to],
    retry: false,
    queryFn: async () => unwrap(await api.GET("/api/v1/reports/occupancy", { params: { query: { office_id: office.id, from, to, bucket: "weekday" } } })) as Schemas["Occupancy"],
  });
  // The period's total per organisation (the report gives it per bucket).
  const by = new Map<string, { name: string; bookings: number; hours: number }>();
  for (const b of occ.data?.buckets ?? [])
    for (const p of b.by_organization) {
      const k = p.organization_id ?? "others";
      const cur = by.get(k) ?? { name: p.name ?? "", bookings: 0, hours: 0 };
      by.set(k, { name: cur.name, bookings: cur.bookings + p.bookings, hours: cur.hours + p.booked_hours });
    }
  const parts = [...by.values()];
  const total = (occ.data?.buckets ?? []).reduce((a, b) => ({ bookings: a.bookings + b.bookings, hours: a.hours + b.booked_hours, open: a.open + b.open_hours }), { bookings: 0, hours: 0, open: 0 });
  return (
    <Card withBorder component="section" aria-labelledby="office-occupancy">
      <Title order={2} size="h4" id="office-occupancy" mb="xs">
        {t("offices.occupancy", { from: formatDay(from, lang), to: formatDay(to, lang) })}
      </Title>
      {occ.isError ? (
        <Text size="sm">{t("offices.noOccupancy")}</Text>
      ) : (
        <Stack gap="xs">
          <Text size="sm">{t("offices.occupancyHelp")}</Text>
          <Text size="sm" data-testid="occupancy-total">
            {t("offices.bookings")}: {total.bookings}・{t("offices.hoursBooked")}: {total.hours.toFixed(1)}・{t("offices.utilisation")}:{" "}
            {total.open ? `${((total.hours / total.open) * 100).toFixed(1)}%` : "—"}
          </Text>
          <Table withTableBorder data-testid="occupancy-by-organization">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("offices.byOrganization")}</Table.Th>
                <Table.Th>{t("offices.bookings")}</Table.Th>
                <Table.Th>{t("offices.hoursBooked")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {parts.map((p) => (
                <Table.Tr key={p.name}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>{p.bookings}</Table.Td>
                  <Table.Td>{p.hours.toFixed(1)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Card>
  );
}
