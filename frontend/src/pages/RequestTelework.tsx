import { Alert, Badge, Button, Card, Chip, CloseButton, Group, Loader, NativeSelect, Radio, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title, Accordion, SegmentedControl, Input, Checkbox } from "@mantine/core";
import { DatePicker } from "@mantine/dates";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { api, unwrap, type Problem, type TeleworkInput } from "../api/client";
import { useMe } from "../auth";
import { OutcomeBadge, PageTitle, ProblemAlert, ResultList, text, useLang } from "../components/common";
import { addDays, dayIn, formatDay, formatShortDay, timeIn, zonedInstant } from "../lib/dates";
import { usePolicy, type PolicyInfo } from "../lib/policy";
import { summarize } from "../lib/preview";
import { fieldErrors, generalMessage, problemOf, refusalResults } from "../lib/problem";

type Unit = TeleworkInput["unit"];
type Place = TeleworkInput["place"];

interface FormState {
  dates: string[];
  unit: Unit;
  start: string;
  end: string;
  place: Place;
  officeId: string;
  placeDetail: string;
  reason: string;
  familyId: string;
  note: string;
  // Issue 22: what the policy version may define besides (scheme, pool,
  // kind of work) and the prior notice of a late or after-the-fact request.
  scheme: string;
  workKind: string;
  pool: string;
  noticeOn: boolean;
  notice: { method: NoticeMethod; to: string; day: string; time: string };
}

type NoticeMethod = NonNullable<TeleworkInput["notice"]>["method"];

// The flags of a date applied for after its deadline, for which a prior
// notice can be given (and the policy may require one).
const LATE_FLAGS = ["late_application", "after_the_fact", "prior_notice"];

const FORM_FIELDS = ["dates", "unit", "start_time", "end_time", "place", "office_id", "place_detail", "reason", "family_member_id", "note",
  "scheme", "work_kind", "pool", "notice", "notice.method", "notice.to", "notice.at"];

function toInput(f: FormState, tz: string): TeleworkInput {
  const body: TeleworkInput = { dates: [...f.dates].sort(), unit: f.unit, place: f.place, reason: f.reason };
  if (f.unit === "hours") {
    body.start_time = f.start;
    body.end_time = f.end;
  }
  if (f.place === "satellite" && f.officeId) body.office_id = f.officeId;
  if (f.place === "elsewhere") body.place_detail = f.placeDetail;
  if (f.familyId) body.family_member_id = f.familyId;
  if (f.note) body.note = f.note;
  if (f.scheme) body.scheme = f.scheme;
  if (f.workKind) body.work_kind = f.workKind;
  if (f.pool) body.pool = f.pool;
  if (f.noticeOn) body.notice = { method: f.notice.method, to: f.notice.to, at: f.notice.day && f.notice.time ? zonedInstant(f.notice.day, f.notice.time, tz) : "" };
  return body;
}

export function RequestPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const { id } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form, setForm] = useState<FormState>({
    dates: [], unit: "full", start: "09:00", end: "12:00", place: "home", officeId: "", placeDetail: "", reason: "general", familyId: "", note: "",
    scheme: "", workKind: "", pool: "", noticeOn: false, notice: { method: "phone", to: "", day: me.today, time: "08:30" },
  });
  // The form offers what the version in force on the first chosen date defines.
  const policy = usePolicy([...form.dates].sort()[0]);
  const tz = me.organization.time_zone;
  const [problem, setProblem] = useState<Problem | null>(null);
  // "Book a seat for these days": the seat and hours booked at the satellite
  // office once the request is made (held while it is pending).
  const [seat, setSeat] = useState({ on: false, spaceId: "", from: "09:00", to: "17:00" });
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));

  // Resubmitting a returned request starts from what was sent.
  const existing = useQuery({
    queryKey: ["request", id],
    enabled: !!id,
    queryFn: async () => unwrap(await api.GET("/api/v1/telework-requests/{id}", { params: { path: { id: id! } } })),
  });
  useEffect(() => {
    const r = existing.data;
    if (!r) return;
    setForm({
      dates: r.dates, unit: r.unit, start: r.start_time ?? "09:00", end: r.end_time ?? "12:00", place: r.place, officeId: r.office_id ?? "",
      placeDetail: r.place_detail, reason: r.reason, familyId: r.family_member_id ?? "", note: r.note,
      scheme: r.scheme, workKind: r.work_kind, pool: r.pool, noticeOn: !!r.notice,
      notice: r.notice ? { method: r.notice.method, to: r.notice.to, day: dayIn(r.notice.at, tz), time: timeIn(r.notice.at, tz) } : { method: "phone", to: "", day: me.today, time: "08:30" },
    });
  }, [existing.data, tz, me.today]);

  const family = useQuery({ queryKey: ["family"], queryFn: async () => unwrap(await api.GET("/api/v1/me/family-members")).items });
  const offices = useQuery({ queryKey: ["offices"], queryFn: async () => unwrap(await api.GET("/api/v1/offices")).items });
  const reason = policy.data?.reasons.find((r) => r.id === form.reason);
  const units: Unit[] = (reason?.units as Unit[] | null) ?? ["full", "am", "pm", "hours"];

  const input = useMemo(() => toInput(form, tz), [form, tz]);
  const [debounced] = useDebouncedValue(input, 300);
  const preview = useQuery({
    queryKey: ["preview", debounced],
    enabled: debounced.dates.length > 0,
    placeholderData: (prev) => prev,
    queryFn: async () => {
      const r = await api.POST("/api/v1/telework-requests/preview", { body: debounced });
      return unwrap(r);
    },
  });
  const view = preview.data ? summarize(preview.data.refused, preview.data.decision) : null;
  const schemeNames = Object.fromEntries((policy.data?.schemes ?? []).map((x) => [x.id, text(x.name, lang)]));
  const previewProblem = problemOf(preview.error);

  const submit = useMutation({
    mutationFn: async () => {
      if (id) return unwrap(await api.PATCH("/api/v1/telework-requests/{id}", { params: { path: { id } }, body: input }));
      return unwrap(await api.POST("/api/v1/telework-requests", { body: input, headers: { "Idempotency-Key": crypto.randomUUID() } }));
    },
    onSuccess: async (r) => {
      notifications.show({ color: "green", message: t("request.submitted"), closeButtonProps: { "aria-label": t("common.close") } });
      await qc.invalidateQueries({ queryKey: ["requests"] });
      await qc.invalidateQueries({ queryKey: ["schedule"] });
      if (!id && seat.on && seat.spaceId && form.place === "satellite" && office) {
        await bookSeats(r.dates, office.time_zone);
        navigate(`/telework-requests/${r.id}`);
        return;
      }
      navigate("/requests");
    },
    onError: (err) => setProblem(problemOf(err)),
  });

  const office = offices.data?.find((o) => o.id === form.officeId);
  const spaces = useQuery({
    queryKey: ["spaces", form.officeId],
    enabled: form.place === "satellite" && !!form.officeId,
    queryFn: async () => unwrap(await api.GET("/api/v1/offices/{id}/spaces", { params: { path: { id: form.officeId } } })).items,
  });
  // bookSeats books the chosen seat on each day; a day that cannot be booked
  // is named with the office's reason, and the others stay booked.
  const bookSeats = async (dates: string[], tz: string) => {
    let booked = 0;
    for (const d of dates) {
      const r = await api.POST("/api/v1/bookings", {
        body: { space_id: seat.spaceId, start: zonedInstant(d, seat.from, tz), end: zonedInstant(d, seat.to, tz) },
        headers: { "Idempotency-Key": crypto.randomUUID() },
      });
      if (r.data) booked++;
      else notifications.show({ color: "red", message: t("held.seatFailed", { day: formatDay(d, lang), why: (r.error as Problem | undefined)?.detail ?? "" }), autoClose: false });
    }
    if (booked > 0) notifications.show({ color: "green", message: t("held.bookedSeats", { n: booked }) });
    await qc.invalidateQueries({ queryKey: ["bookings"] });
  };
  const fe = { ...fieldErrors(previewProblem), ...fieldErrors(problem) };
  const refusal = refusalResults(problem);
  const today = me.today;

  return (
    <>
      <PageTitle>{id ? t("request.resubmitTitle") : t("request.title")}</PageTitle>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(null);
          submit.mutate();
        }}
        noValidate
      >
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Stack>
            {problem && refusal.length === 0 && <ProblemAlert message={generalMessage(problem, FORM_FIELDS)} />}
            {refusal.length > 0 && (
              <Alert color="red" title={t("request.refusedTitle")} role="alert">
                <Text size="sm" mb="xs">
                  {problem?.detail}
                </Text>
                <ResultList results={refusal} showDate />
              </Alert>
            )}
            <Input.Wrapper label={t("request.dates")} description={t("request.datesHint")} error={fe.dates} id="dates-field">
              <DatePicker
                type="multiple"
                value={form.dates}
                onChange={(v) => set("dates", (v as string[]).map((d) => d.slice(0, 10)))}
                minDate={addDays(today, -31)}
                defaultDate={today}
                hideOutsideDates
                monthLabelFormat={lang === "ja" ? "YYYY年M月" : "MMMM YYYY"}
                getDayProps={(d) => ({ "aria-label": formatDay(d.slice(0, 10), lang) })}
                ariaLabels={{ previousMonth: t("schedule.prevMonth"), nextMonth: t("schedule.nextMonth") }}
                mt="xs"
              />
            </Input.Wrapper>
            <div>
              <Text size="sm" fw={500} id="chosen-label">
                {t("request.selected")}
              </Text>
              {form.dates.length === 0 && <Text size="sm" c="dimmed">{t("common.none")}</Text>}
              <Group gap={6} mt={4} aria-labelledby="chosen-label" role="list">
                {[...form.dates].sort().map((d) => (
                  <Badge key={d} variant="light" size="lg" role="listitem" rightSection={<CloseButton size="xs" aria-label={t("request.removeDate", { date: formatDay(d, lang) })} onClick={() => set("dates", form.dates.filter((x) => x !== d))} />}>
                    {formatShortDay(d, lang)}
                  </Badge>
                ))}
              </Group>
            </div>
            <Input.Wrapper label={t("request.unit")} error={fe.unit}>
              <div>
                <SegmentedControl
                  value={form.unit}
                  onChange={(v) => set("unit", v as Unit)}
                  data={(["full", "am", "pm", "hours"] as Unit[]).map((u) => ({ value: u, label: t(`unit.${u}`), disabled: !units.includes(u) }))}
                  aria-label={t("request.unit")}
                />
              </div>
            </Input.Wrapper>
            {form.unit === "hours" && (
              <Group grow>
                <TextInput type="time" label={t("request.start")} value={form.start} onChange={(e) => set("start", e.currentTarget.value)} error={fe.start_time} />
                <TextInput type="time" label={t("request.end")} value={form.end} onChange={(e) => set("end", e.currentTarget.value)} error={fe.end_time} />
              </Group>
            )}
            <Radio.Group label={t("request.place")} value={form.place} onChange={(v) => set("place", v as Place)} error={fe.place}>
              <Group mt="xs">
                {(["home", "satellite", "elsewhere"] as Place[]).map((p) => (
                  <Radio key={p} value={p} label={t(`place.${p}`)} />
                ))}
              </Group>
            </Radio.Group>
            {form.place === "satellite" && (
              <NativeSelect
                label={t("request.office")}
                value={form.officeId}
                onChange={(e) => set("officeId", e.currentTarget.value)}
                error={fe.office_id}
                data={[{ value: "", label: "—" }, ...(offices.data ?? []).filter((o) => o.kind !== "main_building").map((o) => ({ value: o.id, label: o.name }))]}
              />
            )}
            {form.place === "satellite" && !!form.officeId && !id && (
              <Card withBorder padding="sm">
                <Stack gap="xs">
                  <Checkbox label={t("held.bookSeats")} checked={seat.on} onChange={(e) => setSeat({ ...seat, on: e.currentTarget.checked })} />
                  {seat.on && (
                    <Group grow align="flex-end">
                      <NativeSelect
                        label={t("held.space")}
                        value={seat.spaceId}
                        onChange={(e) => setSeat({ ...seat, spaceId: e.currentTarget.value })}
                        data={[{ value: "", label: "—" }, ...(spaces.data ?? []).filter((sp) => sp.active).map((sp) => ({ value: sp.id, label: `${sp.name}${t("common.paren", { x: t(`kind.${sp.kind}`) })}` }))]}
                      />
                      <TextInput type="time" label={t("book.from")} value={seat.from} step={900} onChange={(e) => setSeat({ ...seat, from: e.currentTarget.value })} />
                      <TextInput type="time" label={t("book.to")} value={seat.to} step={900} onChange={(e) => setSeat({ ...seat, to: e.currentTarget.value })} />
                    </Group>
                  )}
                </Stack>
              </Card>
            )}
            {form.place === "elsewhere" && (
              <TextInput label={t("request.placeDetail")} value={form.placeDetail} onChange={(e) => set("placeDetail", e.currentTarget.value)} error={fe.place_detail} />
            )}
            <NativeSelect
              label={t("request.reason")}
              value={form.reason}
              onChange={(e) => set("reason", e.currentTarget.value)}
              error={fe.reason}
              data={(policy.data?.reasons ?? [{ id: form.reason, name: { ja: form.reason, en: form.reason } }]).map((r) => ({ value: r.id, label: text(r.name, lang) }))}
            />
            {reason && reason.family !== "none" && (
              <>
                <Select
                  label={t("request.family")}
                  description={reason.family === "required" ? t("request.familyNeeded") : undefined}
                  required={reason.family === "required"}
                  value={form.familyId || null}
                  onChange={(v) => set("familyId", v ?? "")}
                  error={fe.family_member_id}
                  clearable
                  data={(family.data ?? []).map((m) => ({ value: m.id, label: `${m.name}${t("common.paren", { x: t(`relation.${m.relation}`, { defaultValue: m.relation }) })}` }))}
                />
                {family.data?.length === 0 && (
                  <Text size="sm">
                    {t("request.noFamily")} <Link to="/family">{t("nav.family")}</Link>
                  </Text>
                )}
              </>
            )}
            <RequestExtras form={form} set={set} policy={policy.data} fe={fe} late={!!view?.days.some((d) => d.flags.some((f) => LATE_FLAGS.includes(f)))} />
            <Textarea label={t("request.note")} value={form.note} onChange={(e) => set("note", e.currentTarget.value)} error={fe.note} autosize minRows={2} maxLength={2000} />
            <Group>
              <Button type="submit" loading={submit.isPending} disabled={form.dates.length === 0}>
                {id ? t("request.resubmit") : t("request.submit")}
              </Button>
            </Group>
          </Stack>
          <PreviewPanel view={view} loading={preview.isFetching} problem={previewProblem} hasDates={form.dates.length > 0} schemeNames={schemeNames} />
        </SimpleGrid>
      </form>
    </>
  );
}

export function PreviewPanel({ view, loading, problem, hasDates, schemeNames = {} }: { view: ReturnType<typeof summarize> | null; loading: boolean; problem: Problem | null; hasDates: boolean; schemeNames?: Record<string, string> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ruleLabel: Record<string, string> = { "limit.per_week": t("request.perWeek"), "limit.per_month": t("request.perMonth"), "limit.per_fiscal_year": t("request.perYear") };
  return (
    <Card withBorder component="section" aria-labelledby="preview-title" padding="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="preview-title">
          {t("request.preview")}
        </Title>
        {loading && <Loader size="xs" aria-label={t("common.loading")} />}
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        {t("request.previewLive")}
      </Text>
      <div aria-live="polite" data-testid="preview">
        {!hasDates && <Text size="sm">{t("request.noDates")}</Text>}
        {hasDates && problem && <ProblemAlert problem={problem} />}
        {hasDates && view && (
          <Stack gap="sm">
            <Alert color={view.refused ? "red" : view.days.some((d) => d.outcome === "warn") ? "orange" : "green"} data-testid="preview-verdict">
              {view.refused ? t("request.refused") : view.days.some((d) => d.outcome === "warn") ? t("request.warned") : t("request.accepted")}
            </Alert>
            <ResultList results={view.general} />
            {view.remaining.length > 0 && (
              <div>
                <Text size="sm" fw={600}>
                  {t("request.remaining")}
                </Text>
                <Group gap="xs" mt={4}>
                  {view.remaining.map((r) => (
                    <Chip key={r.rule} checked={false} readOnly variant="outline" color={r.over ? "red" : "blue"}>
                      {ruleLabel[r.rule]}: {r.over ? t("request.over") : t("request.left", { n: r.left })}{t("common.paren", { x: t("request.of", { n: r.limit }) })}
                    </Chip>
                  ))}
                </Group>
              </div>
            )}
            {view.days.map((d) => (
              <Card key={d.date} withBorder padding="xs">
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600}>{formatDay(d.date, lang)}</Text>
                  <Group gap={4} wrap="nowrap">
                    {d.scheme && (
                      <Badge variant="outline" color="gray" autoContrast data-testid="preview-scheme">
                        {t("extras.schemeOf", { name: schemeNames[d.scheme] ?? d.scheme })}
                      </Badge>
                    )}
                    <OutcomeBadge outcome={d.outcome} />
                  </Group>
                </Group>
                {d.flags.length > 0 && (
                  <Group gap={4} mt={4}>
                    {d.flags.map((f) => (
                      <Badge key={f} color="orange" variant="outline" size="sm">
                        {t(`flag.${f}`, { defaultValue: f })}
                      </Badge>
                    ))}
                  </Group>
                )}
                {d.deadline && (
                  <Text size="sm" mt={4} data-testid="deadline">
                    {text(d.deadline.message, lang)}
                  </Text>
                )}
                <ResultList results={d.issues.filter((r) => r !== d.deadline)} />
                <Accordion variant="default" chevronPosition="left" mt={4}>
                  <Accordion.Item value="all">
                    <Accordion.Control>
                      <Text size="xs">{t("request.details")}</Text>
                    </Accordion.Control>
                    <Accordion.Panel>
                      <ResultList results={d.results} />
                    </Accordion.Panel>
                  </Accordion.Item>
                </Accordion>
              </Card>
            ))}
          </Stack>
        )}
      </div>
    </Card>
  );
}

// RequestExtras offers what the policy version in force defines beyond the
// days: its schemes (制度), the shared pools (貸出用パソコン …), the kinds of
// work a rule excludes, and the prior notice (事前連絡) a late or
// after-the-fact request gives. Nothing shows when the version defines none.
function RequestExtras({ form, set, policy, fe, late }: {
  form: FormState;
  set: <K extends keyof FormState>(k: K, v: FormState[K]) => void;
  policy: PolicyInfo | undefined;
  fe: Record<string, string>;
  // late: the preview found a date applied for after its deadline.
  late: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!policy) return null;
  const schemes = policy.schemes.filter((x) => x.places.length === 0 || x.places.includes(form.place) || x.id === form.scheme);
  return (
    <>
      {policy.schemes.length > 0 && (
        <NativeSelect
          label={t("extras.scheme")}
          description={t("extras.schemeHelp")}
          value={form.scheme}
          onChange={(e) => set("scheme", e.currentTarget.value)}
          error={fe.scheme}
          data={[{ value: "", label: t("extras.schemeAuto") }, ...schemes.map((x) => ({ value: x.id, label: text(x.name, lang) }))]}
        />
      )}
      {policy.workKinds.length > 0 && (
        <NativeSelect
          label={t("extras.workKind")}
          description={t("extras.workKindHelp")}
          value={form.workKind}
          onChange={(e) => set("workKind", e.currentTarget.value)}
          error={fe.work_kind}
          data={[{ value: "", label: t("extras.workKindOrdinary") }, ...policy.workKinds.map((k) => ({ value: k, label: t(`extras.kinds.${k}`, { defaultValue: k }) }))]}
        />
      )}
      {policy.pools.length > 0 && (
        <NativeSelect
          label={t("extras.pool")}
          description={t("extras.poolHelp")}
          value={form.pool}
          onChange={(e) => set("pool", e.currentTarget.value)}
          error={fe.pool}
          data={[{ value: "", label: t("extras.poolNone") }, ...policy.pools.map((x) => ({ value: x.id, label: text(x.name, lang) }))]}
        />
      )}
      {(policy.notice || late || form.noticeOn) && (
        <Card withBorder padding="sm" role="group" aria-label={t("extras.notice")} aria-describedby="notice-help">
          <Stack gap="xs">
            <Checkbox label={t("extras.noticeOn")} checked={form.noticeOn} onChange={(e) => set("noticeOn", e.currentTarget.checked)} />
            <Text size="xs" c="dimmed" id="notice-help">
              {t("extras.noticeHelp")}
            </Text>
            {form.noticeOn && (
              <>
                <Radio.Group label={t("extras.noticeMethod")} value={form.notice.method} onChange={(v) => set("notice", { ...form.notice, method: v as NoticeMethod })} error={fe["notice.method"]}>
                  <Group mt={4}>
                    {(["phone", "email", "chat"] as NoticeMethod[]).map((m) => (
                      <Radio key={m} value={m} label={t(`extras.methods.${m}`)} />
                    ))}
                  </Group>
                </Radio.Group>
                <TextInput label={t("extras.noticeTo")} value={form.notice.to} onChange={(e) => set("notice", { ...form.notice, to: e.currentTarget.value })} error={fe["notice.to"] ?? fe.notice} maxLength={100} />
                <Group grow>
                  <TextInput type="date" label={t("extras.noticeDay")} value={form.notice.day} onChange={(e) => set("notice", { ...form.notice, day: e.currentTarget.value })} error={fe["notice.at"]} />
                  <TextInput type="time" label={t("extras.noticeTime")} value={form.notice.time} onChange={(e) => set("notice", { ...form.notice, time: e.currentTarget.value })} />
                </Group>
              </>
            )}
          </Stack>
        </Card>
      )}
    </>
  );
}
