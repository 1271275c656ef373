import { ActionIcon, Alert, Badge, Button, Card, Group, Modal, NativeSelect, NumberInput, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { DatePickerInput, MonthPickerInput } from "@mantine/dates";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Problem, type Schemas } from "../api/client";
import { useMe } from "../auth";
import { AttendanceGrid, DownloadButtons, LedgerLegend, useDayLabel, useNotify } from "../components/attendance";
import { ConfirmDialog, PageTitle, ProblemAlert, useLang } from "../components/common";
import { byPerson, jsonOf, treeOrder, type AttendanceDay, type DeptNode, type Person } from "../lib/attendance";
import { addDays, daysBetween, formatDay, formatMonth, monthRange } from "../lib/dates";
import { fieldErrors, generalMessage, problemOf } from "../lib/problem";

type Assignment = Schemas["Assignment"];
type Location = "office" | "home" | "satellite" | "elsewhere" | "leave";
type Portion = "full" | "am" | "pm" | "hours";
const LOCATIONS: Location[] = ["office", "home", "satellite", "elsewhere", "leave"];
const PORTIONS: Portion[] = ["full", "am", "pm", "hours"];

// useDepartments is the organisation chart in tree order.
export function useDepartments() {
  return useQuery({
    queryKey: ["departments", "tree"],
    queryFn: async () => treeOrder(unwrap(await api.GET("/api/v1/departments", { params: { query: { limit: 200 } } })).items.filter((d) => d.active)),
  });
}

function deptOptions(depts: DeptNode[]) {
  return depts.map((d) => ({ value: d.id, label: `${"　".repeat(d.depth)}${d.name}` }));
}

// A change to the ledger moves the ratios and the forecast too.
async function ledgerChanged(qc: QueryClient) {
  await Promise.all(["attendance", "attendance-ratio", "attendance-forecast", "assignments"].map((k) => qc.invalidateQueries({ queryKey: [k] })));
}

export function LedgerPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const depts = useDepartments();
  const [deptId, setDeptId] = useState(me.department.id);
  const [month, setMonth] = useState(me.today.slice(0, 8) + "01");
  const [cell, setCell] = useState<{ person: Person; day: AttendanceDay } | null>(null);
  const [person, setPerson] = useState<Person | null>(null);
  const { from, to } = monthRange(month);
  const ledger = useQuery({
    queryKey: ["attendance", deptId, from, to],
    enabled: Boolean(deptId),
    queryFn: async () => jsonOf(unwrap(await api.GET("/api/v1/attendance", { params: { query: { from, to, department_id: deptId } } }))).items,
  });
  const people = byPerson(ledger.data ?? []);
  const deptName = depts.data?.find((d) => d.id === deptId)?.name ?? "";
  const step = (n: number) => setMonth(addDays(month.slice(0, 8) + "15", 30 * n).slice(0, 8) + "01");
  return (
    <>
      <PageTitle>{t("att.ledger.title")}</PageTitle>
      <Text size="sm" mb="md">
        {t("att.ledger.intro")}
      </Text>
      <Group mb="sm" wrap="wrap" align="flex-end" justify="space-between">
        <Group wrap="wrap" align="flex-end">
          <NativeSelect label={t("att.ledger.department")} value={deptId} onChange={(e) => setDeptId(e.currentTarget.value)} data={deptOptions(depts.data ?? [])} />
          <Group gap={4} align="flex-end">
            <ActionIcon variant="default" size="lg" onClick={() => step(-1)} aria-label={t("att.ledger.prevMonth")}>
              <IconChevronLeft size={18} aria-hidden />
            </ActionIcon>
            <MonthPickerInput
              label={t("att.ledger.month")}
              value={month}
              onChange={(v) => v && setMonth(String(v).slice(0, 8) + "01")}
              valueFormat={lang === "ja" ? "YYYY年M月" : "MMMM YYYY"}
              w={160}
            />
            <ActionIcon variant="default" size="lg" onClick={() => step(1)} aria-label={t("att.ledger.nextMonth")}>
              <IconChevronRight size={18} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
        <DownloadButtons what={t("att.ledger.title")} path="/api/v1/attendance" query={{ from, to, department_id: deptId }} name="attendance" />
      </Group>
      <LedgerLegend />
      <Text size="sm" c="dimmed" mb="xs">
        {t("att.ledger.hint")}
      </Text>
      <ProblemAlert problem={problemOf(ledger.error)} />
      {ledger.isSuccess && people.length === 0 && <Text>{t("att.ledger.empty")}</Text>}
      {people.length > 0 && (
        <AttendanceGrid
          people={people}
          days={daysBetween(from, to)}
          caption={t("att.ledger.caption", { dept: deptName, month: formatMonth(month, lang) })}
          onCell={(p, d) => setCell({ person: p, day: d })}
          onPerson={setPerson}
        />
      )}
      {cell && <CorrectionDialog person={cell.person} day={cell.day} onClose={() => setCell(null)} />}
      {person && <TransferDialog person={person} depts={depts.data ?? []} today={me.today} onClose={() => setPerson(null)} />}
    </>
  );
}

// CorrectionDialog is HR's correction of one day, with its reason, and the
// withdrawal of an earlier correction.
export function CorrectionDialog({ person, day, onClose }: { person: Person; day: AttendanceDay; onClose(): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const dayLabel = useDayLabel();
  const notify = useNotify();
  const [location, setLocation] = useState<Location>(day.location === "off" ? "office" : day.location);
  const [portion, setPortion] = useState<Portion>(day.portion ?? "full");
  const [minutes, setMinutes] = useState<number | string>(day.minutes || 60);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [missing, setMissing] = useState(false);
  const path = { employee_id: person.id, date: day.date };
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT("/api/v1/attendance/{employee_id}/{date}", {
          params: { path },
          body: { location, portion, reason: reason.trim(), ...(portion === "hours" ? { minutes: Number(minutes) } : {}) },
        }),
      ),
    onSuccess: async () => {
      notify("green", t("att.correct.done"));
      await ledgerChanged(qc);
      onClose();
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const withdraw = useMutation({
    mutationFn: async () => unwrap(await api.DELETE("/api/v1/attendance/{employee_id}/{date}/correction", { params: { path } })),
    onSuccess: async () => {
      notify("green", t("att.correct.withdrawn"));
      await ledgerChanged(qc);
      onClose();
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const fe = fieldErrors(problem);
  return (
    <Modal opened onClose={onClose} title={t("att.correct.title", { name: person.name, date: formatDay(day.date, lang) })} closeButtonProps={{ "aria-label": t("common.close") }} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(null);
          if (!reason.trim()) {
            setMissing(true);
            return;
          }
          save.mutate();
        }}
      >
        <Stack>
          <Text size="sm" data-testid="current-entry">
            {t("att.correct.current")}: {dayLabel(day)}
          </Text>
          {day.corrected && day.correction && (
            <Alert color="orange" p="xs">
              {t("att.correct.reasonWas", { reason: day.correction })}
            </Alert>
          )}
          <ProblemAlert message={generalMessage(problem, ["location", "portion", "minutes", "reason"])} />
          <Group grow align="flex-start">
            <NativeSelect label={t("att.correct.location")} value={location} onChange={(e) => setLocation(e.currentTarget.value as Location)} error={fe.location} data={LOCATIONS.map((l) => ({ value: l, label: t(`att.loc.${l}`) }))} />
            <NativeSelect label={t("att.correct.portion")} value={portion} onChange={(e) => setPortion(e.currentTarget.value as Portion)} error={fe.portion} data={PORTIONS.map((p) => ({ value: p, label: t(`att.portion.${p}`) }))} />
          </Group>
          {portion === "hours" && <NumberInput label={t("att.correct.minutes")} value={minutes} onChange={setMinutes} min={0} max={1440} step={30} error={fe.minutes} />}
          <Textarea
            label={t("att.correct.reason")}
            description={t("att.correct.reasonHelp")}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? t("att.correct.reasonMissing") : fe.reason}
            withAsterisk
            aria-required
            maxLength={500}
            autosize
            minRows={2}
          />
          <Group justify="space-between">
            {day.corrected ? (
              <Button color="red" variant="light" loading={withdraw.isPending} onClick={() => withdraw.mutate()}>
                {t("att.correct.withdraw")}
              </Button>
            ) : (
              <span />
            )}
            <Group>
              <Button variant="default" onClick={onClose}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t("att.correct.submit")}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// TransferDialog shows a person's departments over time and enters a
// transfer from a date; a transfer not yet in effect can be changed or
// withdrawn.
export function TransferDialog({ person, depts, today, onClose }: { person: Person; depts: DeptNode[]; today: string; onClose(): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const notify = useNotify();
  const history = useQuery({
    queryKey: ["assignments", person.id],
    queryFn: async () => unwrap(await api.GET("/api/v1/employees/{id}/assignments", { params: { path: { id: person.id } } })).items,
  });
  const [editing, setEditing] = useState<Assignment | null>(null);
  const [dept, setDept] = useState("");
  const [effective, setEffective] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [withdrawing, setWithdrawing] = useState<Assignment | null>(null);
  const reset = () => {
    setEditing(null);
    setDept("");
    setEffective(null);
    setNote("");
    setProblem(null);
  };
  const save = useMutation({
    mutationFn: async () => {
      const body = { department_id: dept, effective_from: effective ?? "", ...(note ? { note } : {}) };
      if (editing) {
        return unwrap(await api.PATCH("/api/v1/employees/{id}/transfers/{transfer_id}", { params: { path: { id: person.id, transfer_id: editing.id } }, body: { ...body, note } }));
      }
      return unwrap(await api.POST("/api/v1/employees/{id}/transfers", { params: { path: { id: person.id } }, body, headers: { "Idempotency-Key": crypto.randomUUID() } }));
    },
    onSuccess: async () => {
      notify("green", editing ? t("att.transfer.changed") : t("att.transfer.created"));
      reset();
      await ledgerChanged(qc);
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const withdraw = useMutation({
    mutationFn: async (a: Assignment) => unwrap(await api.DELETE("/api/v1/employees/{id}/transfers/{transfer_id}", { params: { path: { id: person.id, transfer_id: a.id } } })),
    onSuccess: async () => {
      setWithdrawing(null);
      notify("green", t("att.transfer.withdrawn"));
      reset();
      await ledgerChanged(qc);
    },
  });
  const fe = fieldErrors(problem);
  const edit = (a: Assignment) => {
    setEditing(a);
    setDept(a.department_id);
    setEffective(a.valid_from);
    setNote(a.note);
    setProblem(null);
  };
  const items = history.data ?? [];
  const current = items.find((a) => a.in_effect && a.valid_from <= today && (a.valid_to == null || a.valid_to > today));
  return (
    <Modal opened onClose={onClose} title={t("att.transfer.title", { name: person.name })} closeButtonProps={{ "aria-label": t("common.close") }} size="lg">
      <Title order={3} size="h5" mb="xs">
        {t("att.transfer.history")}
      </Title>
      <ProblemAlert problem={problemOf(history.error)} />
      <Stack gap="xs" mb="md" data-testid="assignments">
        {items.map((a) => (
          <Card key={a.id} withBorder p="xs" data-testid="assignment">
            <Group justify="space-between" wrap="wrap">
              <div>
                <Text size="sm" fw={600}>
                  {a.department_name}{" "}
                  {a === current && (
                    <Badge size="sm" variant="light" color="blue">
                      {t("att.transfer.current")}
                    </Badge>
                  )}
                  {!a.in_effect && (
                    <Badge size="sm" variant="light" color="orange">
                      {t("att.transfer.scheduled")}
                    </Badge>
                  )}
                </Text>
                <Text size="sm">
                  {formatDay(a.valid_from, lang)}〜{a.valid_to ? formatDay(addDays(a.valid_to, -1), lang) : ""}
                  {a.note ? `　${a.note}` : ""}
                </Text>
              </div>
              {!a.in_effect && (
                <Group gap="xs">
                  <Button size="compact-sm" variant="default" onClick={() => edit(a)}>
                    {t("att.transfer.change")}
                  </Button>
                  <Button size="compact-sm" color="red" variant="light" onClick={() => setWithdrawing(a)}>
                    {t("att.transfer.withdraw")}
                  </Button>
                </Group>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
      <Title order={3} size="h5" mb="xs">
        {editing ? t("att.transfer.editing") : t("att.transfer.new")}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(null);
          save.mutate();
        }}
      >
        <Stack>
          <ProblemAlert message={generalMessage(problem, ["department_id", "effective_from", "note"])} />
          <NativeSelect label={t("att.transfer.department")} value={dept} onChange={(e) => setDept(e.currentTarget.value)} error={fe.department_id} required data={[{ value: "", label: t("att.transfer.choose") }, ...deptOptions(depts)]} />
          <DatePickerInput
            label={t("att.transfer.effective")}
            description={t("att.transfer.effectiveHelp")}
            value={effective}
            onChange={(v) => setEffective(v ? String(v).slice(0, 10) : null)}
            valueFormat={lang === "ja" ? "YYYY年M月D日(dd)" : "ddd D MMM YYYY"}
            getDayProps={(d) => ({ "aria-label": formatDay(String(d).slice(0, 10), lang) })}
            ariaLabels={{ previousMonth: t("schedule.prevMonth"), nextMonth: t("schedule.nextMonth") }}
            error={fe.effective_from}
            required
          />
          <TextInput label={t("att.transfer.note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={200} error={fe.note} />
          <Group justify="flex-end">
            {editing && (
              <Button variant="default" onClick={reset}>
                {t("att.transfer.cancelEdit")}
              </Button>
            )}
            <Button type="submit" loading={save.isPending}>
              {editing ? t("att.transfer.save") : t("att.transfer.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
      <ConfirmDialog
        opened={withdrawing !== null}
        title={t("att.transfer.withdrawConfirm")}
        action={t("att.transfer.withdraw")}
        busy={withdraw.isPending}
        error={withdraw.error}
        onConfirm={() => withdrawing && withdraw.mutate(withdrawing)}
        onClose={() => setWithdrawing(null)}
      />
    </Modal>
  );
}
