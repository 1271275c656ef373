import { Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../api/client";
import { useMe } from "../../auth";
import { ConfirmDialog, ProblemAlert, useLang } from "../../components/common";
import { formatDay } from "../../lib/dates";
import { fieldErrors, generalMessage, problemOf } from "../../lib/problem";
import { CsvImport, notifyDone, PageHead, StaffPicker } from "./shared";

type StaffDay = Schemas["StaffDay"];
type LeaveImport = Schemas["LeaveImport"];

// LeavePage is where HR enters leave and essential-staff days, one at a time
// or from a CSV checked first.
export function LeavePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const from = me.today.slice(0, 8) + "01";
  const list = useQuery({
    queryKey: ["leave", from],
    queryFn: async () => unwrap(await api.GET("/api/v1/leave", { params: { query: { from } } })).items,
  });
  const [employee, setEmployee] = useState<string | null>(null);
  const [date, setDate] = useState<string | null>(null);
  const [kind, setKind] = useState<"leave" | "essential">("leave");
  const [portion, setPortion] = useState<"full" | "am" | "pm">("full");
  const [note, setNote] = useState("");
  const [removing, setRemoving] = useState<StaffDay | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["leave"] });
  const put = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/leave", { body: { days: [{ employee_id: employee ?? "", date: date ?? "", kind, portion, ...(note ? { note } : {}) }] } })),
    onSuccess: async () => {
      setNote("");
      setDate(null);
      notifyDone(t("leave.saved"));
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: async (d: StaffDay) =>
      unwrap(await api.DELETE("/api/v1/leave/{employee_id}/{date}", { params: { path: { employee_id: d.employee_id, date: d.date }, query: { kind: d.kind } } } as never)),
    onSuccess: async () => {
      setRemoving(null);
      await refresh();
    },
  });
  const problem = problemOf(put.error);
  const fe = fieldErrors(problem);
  const f = (k: string) => fe[`days.${k}`] ?? fe[`days[0].${k}`];
  const dayRows = (items: StaffDay[], removable: boolean) => (
    <Table striped withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("leave.employee")}</Table.Th>
          <Table.Th>{t("leave.date")}</Table.Th>
          <Table.Th>{t("leave.kind")}</Table.Th>
          <Table.Th>{t("leave.portion")}</Table.Th>
          <Table.Th>{t("leave.note")}</Table.Th>
          {removable && <Table.Th><span className="visually-hidden">{t("leave.remove")}</span></Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((d) => (
          <Table.Tr key={`${d.employee_id}-${d.date}-${d.kind}`}>
            <Table.Td>{d.employee_name ?? d.employee_id}</Table.Td>
            <Table.Td>{formatDay(d.date, lang)}</Table.Td>
            <Table.Td>{t(`leave.kinds.${d.kind}`)}</Table.Td>
            <Table.Td>{t(`leave.portions.${d.portion}`)}</Table.Td>
            <Table.Td>{d.note}</Table.Td>
            {removable && (
              <Table.Td>
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRemoving(d)} aria-label={`${t("leave.remove")}: ${d.employee_name ?? ""} ${formatDay(d.date, lang)}`}>
                  {t("leave.remove")}
                </Button>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return (
    <>
      <PageHead title={t("leave.title")} intro={t("leave.intro")} topic="leave" />
      <Card withBorder component="section" aria-labelledby="leave-one" mb="lg">
        <Title order={2} size="h4" id="leave-one" mb="sm">
          {t("leave.one")}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            put.mutate();
          }}
        >
          <Stack>
            <ProblemAlert message={generalMessage(problem, ["days.employee_id", "days.date", "days.kind", "days.portion", "days.note"])} />
            <StaffPicker label={t("leave.employee")} value={employee} onChange={(v) => setEmployee(v)} error={f("employee_id")} required />
            <Group grow align="flex-start">
              <DatePickerInput
                label={t("leave.date")}
                value={date}
                onChange={(v) => setDate(v as string | null)}
                valueFormat={lang === "ja" ? "YYYY年M月D日(dd)" : "ddd D MMM YYYY"}
                error={f("date")}
                required
                getDayProps={(d) => ({ "aria-label": formatDay(String(d).slice(0, 10), lang) })}
              />
              <Select label={t("leave.kind")} value={kind} onChange={(v) => setKind((v ?? "leave") as "leave" | "essential")} allowDeselect={false}
                data={(["leave", "essential"] as const).map((k) => ({ value: k, label: t(`leave.kinds.${k}`) }))} />
              <Select label={t("leave.portion")} value={portion} onChange={(v) => setPortion((v ?? "full") as "full" | "am" | "pm")} allowDeselect={false}
                data={(["full", "am", "pm"] as const).map((k) => ({ value: k, label: t(`leave.portions.${k}`) }))} />
            </Group>
            <TextInput label={t("leave.note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={f("note")} maxLength={200} />
            <Group>
              <Button type="submit" loading={put.isPending} disabled={!employee || !date}>
                {t("leave.save")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <Card withBorder component="section" aria-labelledby="leave-import" mb="lg">
        <Title order={2} size="h4" id="leave-import" mb="sm">
          {t("leave.importTitle")}
        </Title>
        <CsvImport<LeaveImport>
          path="/api/v1/leave/import"
          testId="leave-import"
          help={t("leave.importHelp")}
          result={(r) => dayRows(r.items, false)}
          onImported={(r) => {
            notifyDone(`${t("importer.done")} ${t("importer.stored", { n: r.items.length })}`);
            void refresh();
          }}
        />
      </Card>
      <Title order={2} size="h4" mb="xs">
        {t("leave.list")}
      </Title>
      <div data-testid="leave-list">{list.data?.length === 0 ? <Text>{t("leave.empty")}</Text> : dayRows(list.data ?? [], true)}</div>
      <ConfirmDialog
        opened={!!removing}
        title={removing ? t("leave.removeConfirm", { name: removing.employee_name ?? "", date: formatDay(removing.date, lang) }) : ""}
        action={t("leave.remove")}
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      />
    </>
  );
}
