import { Badge, Button, Card, Checkbox, Group, MultiSelect, NativeSelect, NumberInput, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../api/client";
import { useMe } from "../../auth";
import { ConfirmDialog, ProblemAlert, useLang } from "../../components/common";
import { addDays, formatDay } from "../../lib/dates";
import { fieldErrors, generalMessage, problemOf } from "../../lib/problem";
import { CsvImport, notifyDone, PageHead, StaffPicker, useDepartments } from "./shared";

// HR's screens for the facts the rules read on each date (issue 22): the
// dated staff record (人事記録) of each employee, and the emergency periods
// (非常時の期間) HR declares.

type StaffRecord = Schemas["StaffRecord"];
type StaffRecordImport = Schemas["StaffRecordImport"];
type Emergency = Schemas["EmergencyPeriod"];

const employmentTypes = ["regular", "reappointed", "reappointed_short", "fixed_term", "fiscal_year", "temporary", "probationary"] as const;
const ranks = ["", "staff", "shunin", "kakaricho", "kacho_hosa", "kacho", "jicho", "bucho"] as const;
const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

interface RecordForm {
  validFrom: string;
  hireDate: string;
  employmentType: string;
  probationUntil: string;
  termUntil: string;
  rank: string;
  workDays: string[];
  commuteMinutes: number | "";
  commuteKm: number | "";
  workplaceId: string;
}

const RECORD_FIELDS = ["valid_from", "hire_date", "employment_type", "probation_until", "term_until", "rank", "work_days", "commute_minutes", "commute_km", "workplace_id"];

// formOf starts a new record from the latest one, so that HR changes only
// what changed from the new date.
function formOf(r: StaffRecord | undefined, validFrom: string): RecordForm {
  return {
    validFrom, hireDate: r?.hire_date ?? "", employmentType: r?.employment_type ?? "regular", probationUntil: r?.probation_until ?? "",
    termUntil: r?.term_until ?? "", rank: r?.rank ?? "", workDays: r?.work_days ?? [], commuteMinutes: r?.commute_minutes ?? "",
    commuteKm: r?.commute_km ?? "", workplaceId: r?.workplace_id ?? "",
  };
}

export function StaffRecordsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const [employee, setEmployee] = useState<string | null>(null);
  const [form, setForm] = useState<RecordForm>(formOf(undefined, me.today));
  const [removing, setRemoving] = useState<StaffRecord | null>(null);
  const set = <K extends keyof RecordForm>(k: K, v: RecordForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const records = useQuery({
    queryKey: ["staff-records", employee],
    enabled: !!employee,
    queryFn: async () => unwrap(await api.GET("/api/v1/employees/{id}/staff-records", { params: { path: { id: employee! } } })).items,
  });
  const offices = useQuery({ queryKey: ["offices"], queryFn: async () => unwrap(await api.GET("/api/v1/offices")).items });
  const officeName = (id: string | null) => offices.data?.find((o) => o.id === id)?.name ?? id ?? "";
  const choose = (id: string | null) => {
    setEmployee(id);
    put.reset();
    if (!id) return;
    // The form starts from the record in force as soon as it is read.
    void qc.fetchQuery({
      queryKey: ["staff-records", id],
      queryFn: async () => unwrap(await api.GET("/api/v1/employees/{id}/staff-records", { params: { path: { id } } })).items,
    }).then((rs) => setForm(formOf(rs[rs.length - 1], me.today)));
  };
  const put = useMutation({
    mutationFn: async () => {
      const opt = (s: string) => (s ? s : null);
      const num = (n: number | "") => (n === "" ? null : n);
      return unwrap(await api.PUT("/api/v1/employees/{id}/staff-records/{valid_from}", {
        params: { path: { id: employee!, valid_from: form.validFrom } },
        body: {
          hire_date: opt(form.hireDate), employment_type: form.employmentType, probation_until: opt(form.probationUntil), term_until: opt(form.termUntil),
          rank: form.rank, work_days: form.workDays, commute_minutes: num(form.commuteMinutes), commute_km: num(form.commuteKm), workplace_id: opt(form.workplaceId),
        },
      }));
    },
    onSuccess: async () => {
      notifyDone(t("records.saved"));
      await qc.invalidateQueries({ queryKey: ["staff-records"] });
    },
  });
  const remove = useMutation({
    mutationFn: async (r: StaffRecord) =>
      unwrap(await api.DELETE("/api/v1/employees/{id}/staff-records/{valid_from}", { params: { path: { id: r.employee_id, valid_from: r.valid_from } } })),
    onSuccess: async () => {
      setRemoving(null);
      notifyDone(t("records.removed"));
      await qc.invalidateQueries({ queryKey: ["staff-records"] });
    },
  });
  const problem = problemOf(put.error);
  const fe = fieldErrors(problem);
  const date = (d: string | null) => (d ? formatDay(d, lang) : "—");
  return (
    <>
      <PageHead title={t("records.title")} intro={t("records.intro")} topic="records" />
      <Card withBorder component="section" aria-labelledby="records-who" mb="lg">
        <Title order={2} size="h4" id="records-who" mb="sm">
          {t("records.who")}
        </Title>
        <StaffPicker label={t("records.employee")} value={employee} onChange={(v) => choose(v)} />
        {employee && (
          <div data-testid="record-history">
            <Text size="sm" fw={600} mt="md" mb={4}>
              {t("records.history")}
            </Text>
            {records.data?.length === 0 && <Text size="sm">{t("records.none")}</Text>}
            {(records.data?.length ?? 0) > 0 && (
              <Table.ScrollContainer minWidth={900}>
                <Table striped withTableBorder>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("records.validFrom")}</Table.Th>
                      <Table.Th>{t("records.employmentType")}</Table.Th>
                      <Table.Th>{t("records.hireDate")}</Table.Th>
                      <Table.Th>{t("records.until")}</Table.Th>
                      <Table.Th>{t("records.rank")}</Table.Th>
                      <Table.Th>{t("records.workDays")}</Table.Th>
                      <Table.Th>{t("records.commute")}</Table.Th>
                      <Table.Th>{t("records.workplace")}</Table.Th>
                      <Table.Th><span className="visually-hidden">{t("records.remove")}</span></Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {records.data?.map((r) => (
                      <Table.Tr key={r.valid_from}>
                        <Table.Td>{formatDay(r.valid_from, lang)}</Table.Td>
                        <Table.Td>{t(`staff.employmentTypes.${r.employment_type}`)}</Table.Td>
                        <Table.Td>{date(r.hire_date)}</Table.Td>
                        <Table.Td>
                          {r.probation_until && <div>{t("records.probationUntilShort", { date: date(r.probation_until) })}</div>}
                          {r.term_until && <div>{t("records.termUntilShort", { date: date(r.term_until) })}</div>}
                          {!r.probation_until && !r.term_until && "—"}
                        </Table.Td>
                        <Table.Td>{r.rank ? t(`records.ranks.${r.rank}`) : "—"}</Table.Td>
                        <Table.Td>{r.work_days.length ? r.work_days.map((d) => t(`records.days.${d}`)).join("・") : t("records.everyDay")}</Table.Td>
                        <Table.Td>
                          {r.commute_minutes == null && r.commute_km == null ? "—" : t("records.commuteValue", { min: r.commute_minutes ?? "—", km: r.commute_km ?? "—" })}
                        </Table.Td>
                        <Table.Td>{r.workplace_id ? officeName(r.workplace_id) : "—"}</Table.Td>
                        <Table.Td>
                          {r.valid_from > me.today ? (
                            <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRemoving(r)} aria-label={t("records.removeOne", { date: formatDay(r.valid_from, lang) })}>
                              {t("records.remove")}
                            </Button>
                          ) : (
                            <Badge variant="light" color="gray" autoContrast>
                              {t("records.past")}
                            </Badge>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </div>
        )}
      </Card>
      {employee && (
        <Card withBorder component="section" aria-labelledby="records-put" mb="lg">
          <Title order={2} size="h4" id="records-put" mb={4}>
            {t("records.put")}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t("records.putHelp")}
          </Text>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              put.mutate();
            }}
            noValidate
          >
            <Stack>
              <ProblemAlert message={generalMessage(problem, RECORD_FIELDS)} />
              <Group grow align="flex-start">
                <TextInput type="date" label={t("records.validFrom")} required value={form.validFrom} onChange={(e) => set("validFrom", e.currentTarget.value)} error={fe.valid_from} />
                <NativeSelect label={t("records.employmentType")} value={form.employmentType} onChange={(e) => set("employmentType", e.currentTarget.value)} error={fe.employment_type}
                  data={employmentTypes.map((k) => ({ value: k, label: t(`staff.employmentTypes.${k}`) }))} />
                <TextInput type="date" label={t("records.hireDate")} value={form.hireDate} onChange={(e) => set("hireDate", e.currentTarget.value)} error={fe.hire_date} />
              </Group>
              <Group grow align="flex-start">
                <TextInput type="date" label={t("records.probationUntil")} description={t("records.probationHelp")} value={form.probationUntil} onChange={(e) => set("probationUntil", e.currentTarget.value)} error={fe.probation_until} />
                <TextInput type="date" label={t("records.termUntil")} description={t("records.termHelp")} value={form.termUntil} onChange={(e) => set("termUntil", e.currentTarget.value)} error={fe.term_until} />
                <NativeSelect label={t("records.rank")} value={form.rank} onChange={(e) => set("rank", e.currentTarget.value)} error={fe.rank}
                  data={ranks.map((k) => ({ value: k, label: k ? t(`records.ranks.${k}`) : t("records.noRank") }))} />
              </Group>
              <Checkbox.Group label={t("records.workDays")} description={t("records.workDaysHelp")} value={form.workDays} onChange={(v) => set("workDays", v)} error={fe.work_days}>
                <Group mt={4}>
                  {weekdays.map((d) => (
                    <Checkbox key={d} value={d} label={t(`records.days.${d}`)} />
                  ))}
                </Group>
              </Checkbox.Group>
              <Group grow align="flex-start">
                <NumberInput label={t("records.commuteMinutes")} description={t("records.sensitive")} min={0} max={600} value={form.commuteMinutes}
                  onChange={(v) => set("commuteMinutes", v === "" ? "" : Number(v))} error={fe.commute_minutes} />
                <NumberInput label={t("records.commuteKm")} description={t("records.sensitive")} min={0} max={1000} value={form.commuteKm}
                  onChange={(v) => set("commuteKm", v === "" ? "" : Number(v))} error={fe.commute_km} />
                <NativeSelect label={t("records.workplace")} value={form.workplaceId} onChange={(e) => set("workplaceId", e.currentTarget.value)} error={fe.workplace_id}
                  data={[{ value: "", label: t("records.noWorkplace") }, ...(offices.data ?? []).map((o) => ({ value: o.id, label: o.name }))]} />
              </Group>
              <Group>
                <Button type="submit" loading={put.isPending} disabled={!form.validFrom}>
                  {t("records.save")}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
      <Card withBorder component="section" aria-labelledby="records-import" mb="lg">
        <Title order={2} size="h4" id="records-import" mb="sm">
          {t("records.importTitle")}
        </Title>
        <CsvImport<StaffRecordImport>
          path="/api/v1/staff-records/import"
          testId="records-import"
          help={t("records.importHelp")}
          result={(r) => <ImportRows rows={r.items} />}
          onImported={(r) => {
            notifyDone(`${t("importer.done")} ${t("importer.stored", { n: r.rows })}`);
            void qc.invalidateQueries({ queryKey: ["staff-records"] });
          }}
        />
      </Card>
      <ConfirmDialog
        opened={!!removing}
        title={removing ? t("records.removeConfirm", { date: formatDay(removing.valid_from, lang) }) : ""}
        action={t("records.remove")}
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      />
    </>
  );
}

// ImportRows shows a checked file row by row: whose record from which date,
// and whether it adds one or replaces the one from that date.
function ImportRows({ rows }: { rows: StaffRecordImport["items"] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table striped withTableBorder data-testid="import-rows">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("importer.line")}</Table.Th>
          <Table.Th>{t("records.employee")}</Table.Th>
          <Table.Th>{t("records.validFrom")}</Table.Th>
          <Table.Th>{t("records.employmentType")}</Table.Th>
          <Table.Th>{t("records.rank")}</Table.Th>
          <Table.Th>{t("importer.outcome")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.line}>
            <Table.Td>{r.line}</Table.Td>
            <Table.Td>{r.employee_name}（{r.employee_number}）</Table.Td>
            <Table.Td>{formatDay(r.valid_from, lang)}</Table.Td>
            <Table.Td>{t(`staff.employmentTypes.${r.employment_type}`, { defaultValue: r.employment_type })}</Table.Td>
            <Table.Td>{r.rank ? t(`records.ranks.${r.rank}`, { defaultValue: r.rank }) : "—"}</Table.Td>
            <Table.Td>
              <Badge color={r.outcome === "create" ? "green" : "blue"} variant="light" autoContrast>
                {t(`records.outcomes.${r.outcome}`)}
              </Badge>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const kinds = ["disaster", "infection", "other"] as const;

// EmergenciesPage lists the emergency periods around today, declares one
// (for everyone or for some departments or usual workplaces), ends one on a
// date and removes one recorded by mistake.
export function EmergenciesPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const from = addDays(me.today, -366);
  const to = addDays(me.today, 366);
  const list = useQuery({
    queryKey: ["emergencies", from, to],
    queryFn: async () => unwrap(await api.GET("/api/v1/emergency-periods", { params: { query: { from, to } } })).items,
  });
  const departments = useDepartments();
  const offices = useQuery({ queryKey: ["offices"], queryFn: async () => unwrap(await api.GET("/api/v1/offices")).items });
  const own = (offices.data ?? []).filter((o) => o.organization.id === me.organization.id);
  const [form, setForm] = useState({ name: "", kind: "disaster", startsOn: me.today, endsOn: me.today, departmentIds: [] as string[], officeIds: [] as string[] });
  const [ending, setEnding] = useState<{ period: Emergency; endsOn: string } | null>(null);
  const [removing, setRemoving] = useState<Emergency | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["emergencies"] });
  const create = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/emergency-periods", {
        body: { name: form.name, kind: form.kind, starts_on: form.startsOn, ends_on: form.endsOn, department_ids: form.departmentIds, office_ids: form.officeIds },
        headers: { "Idempotency-Key": crypto.randomUUID() },
      })),
    onSuccess: async () => {
      notifyDone(t("emergencies.declared"));
      setForm((f) => ({ ...f, name: "", departmentIds: [], officeIds: [] }));
      await refresh();
    },
  });
  const end = useMutation({
    mutationFn: async (e: { period: Emergency; endsOn: string }) =>
      unwrap(await api.PATCH("/api/v1/emergency-periods/{id}", { params: { path: { id: e.period.id } }, body: { ends_on: e.endsOn } })),
    onSuccess: async () => {
      setEnding(null);
      notifyDone(t("emergencies.ended"));
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: async (e: Emergency) => unwrap(await api.DELETE("/api/v1/emergency-periods/{id}", { params: { path: { id: e.id } } })),
    onSuccess: async () => {
      setRemoving(null);
      notifyDone(t("emergencies.removed"));
      await refresh();
    },
  });
  const problem = problemOf(create.error);
  const fe = fieldErrors(problem);
  const deptName = (id: string) => departments.data?.find((d) => d.id === id)?.name ?? id;
  const officeName = (id: string) => offices.data?.find((o) => o.id === id)?.name ?? id;
  return (
    <>
      <PageHead title={t("emergencies.title")} intro={t("emergencies.intro")} topic="emergencies" />
      <Card withBorder component="section" aria-labelledby="em-declare" mb="lg">
        <Title order={2} size="h4" id="em-declare" mb="sm">
          {t("emergencies.declare")}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
          noValidate
        >
          <Stack>
            <ProblemAlert message={generalMessage(problem, ["name", "kind", "starts_on", "ends_on", "department_ids", "office_ids"])} />
            <Group grow align="flex-start">
              <TextInput label={t("emergencies.name")} description={t("emergencies.nameHelp")} required maxLength={100} value={form.name}
                onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={fe.name} />
              <NativeSelect label={t("emergencies.kind")} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.currentTarget.value })} error={fe.kind}
                data={kinds.map((k) => ({ value: k, label: t(`emergencies.kinds.${k}`) }))} />
            </Group>
            <Group grow align="flex-start">
              <TextInput type="date" label={t("emergencies.startsOn")} required value={form.startsOn} onChange={(e) => setForm({ ...form, startsOn: e.currentTarget.value })} error={fe.starts_on} />
              <TextInput type="date" label={t("emergencies.endsOn")} required value={form.endsOn} onChange={(e) => setForm({ ...form, endsOn: e.currentTarget.value })} error={fe.ends_on} />
            </Group>
            <MultiSelect label={t("emergencies.departments")} description={t("emergencies.scopeHelp")} searchable clearable value={form.departmentIds}
              onChange={(v) => setForm({ ...form, departmentIds: v })} error={fe.department_ids}
              data={(departments.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: d.name }))} />
            <MultiSelect label={t("emergencies.offices")} searchable clearable value={form.officeIds} onChange={(v) => setForm({ ...form, officeIds: v })} error={fe.office_ids}
              data={own.map((o) => ({ value: o.id, label: o.name }))} />
            <Group>
              <Button type="submit" loading={create.isPending} disabled={!form.name.trim()}>
                {t("emergencies.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <Title order={2} size="h4" mb="xs">
        {t("emergencies.list")}
      </Title>
      <div data-testid="emergency-list">
        {list.data?.length === 0 && <Text>{t("emergencies.empty")}</Text>}
        {(list.data?.length ?? 0) > 0 && (
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("emergencies.name")}</Table.Th>
                <Table.Th>{t("emergencies.kind")}</Table.Th>
                <Table.Th>{t("emergencies.period")}</Table.Th>
                <Table.Th>{t("emergencies.scope")}</Table.Th>
                <Table.Th><span className="visually-hidden">{t("emergencies.actions")}</span></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data?.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.name}</Table.Td>
                  <Table.Td>{t(`emergencies.kinds.${e.kind}`)}</Table.Td>
                  <Table.Td>{formatDay(e.starts_on, lang)}〜{formatDay(e.ends_on, lang)}</Table.Td>
                  <Table.Td>
                    {e.department_ids.length + e.office_ids.length === 0
                      ? t("emergencies.everyone")
                      : [...e.department_ids.map(deptName), ...e.office_ids.map(officeName)].join("、")}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="light" onClick={() => setEnding({ period: e, endsOn: e.ends_on < me.today ? e.ends_on : me.today })}
                        aria-label={t("emergencies.endOne", { name: e.name })}>
                        {t("emergencies.end")}
                      </Button>
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRemoving(e)} aria-label={t("emergencies.removeOne", { name: e.name })}>
                        {t("emergencies.remove")}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </div>
      <ConfirmDialog
        opened={!!ending}
        title={ending ? t("emergencies.endTitle", { name: ending.period.name }) : ""}
        action={t("emergencies.end")}
        busy={end.isPending}
        error={end.error}
        onConfirm={() => ending && end.mutate(ending)}
        onClose={() => {
          setEnding(null);
          end.reset();
        }}
      >
        {ending && (
          <TextInput type="date" label={t("emergencies.newEnd")} value={ending.endsOn} onChange={(e) => setEnding({ ...ending, endsOn: e.currentTarget.value })} />
        )}
      </ConfirmDialog>
      <ConfirmDialog
        opened={!!removing}
        title={removing ? t("emergencies.removeConfirm", { name: removing.name }) : ""}
        action={t("emergencies.remove")}
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      />
    </>
  );
}
