import { Button, Group, List, Select, Text, TextInput, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../api/client";
import { ProblemAlert, useLang } from "../../components/common";
import { addDays, formatDay } from "../../lib/dates";
import { fieldErrors, generalMessage, problemOf } from "../../lib/problem";
import { notifyDone, useDepartments } from "./shared";

type AuditEvent = Schemas["AuditEvent"];

// auditTrail reads every audit event of one target, oldest first.
export async function auditTrail(targetId: string): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let cursor: string | null = null;
  do {
    const page = unwrap(
      await api.GET("/api/v1/audit-events", { params: { query: { target_id: targetId, order: "asc", limit: 200, ...(cursor ? { cursor } : {}) } } }),
    ) as Schemas["AuditEventList"];
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

// DepartmentHistory shows where a staff member has belonged over time (異動の
// 履歴), a transfer still to come included; an administrator or HR enters a
// transfer with its effective date (the 1 April moves are entered in March).
export function DepartmentHistory({ employeeId, canTransfer }: { employeeId: string; canTransfer: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const depts = useDepartments();
  const history = useQuery({
    queryKey: ["assignments", employeeId],
    queryFn: async () => unwrap(await api.GET("/api/v1/employees/{id}/assignments", { params: { path: { id: employeeId } } })).items,
  });
  const [dept, setDept] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const transfer = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/employees/{id}/transfers", {
          params: { path: { id: employeeId } },
          body: { department_id: dept ?? "", effective_from: from ?? "", ...(note ? { note } : {}) },
        }),
      ),
    onSuccess: async () => {
      setDept(null);
      setFrom(null);
      setNote("");
      notifyDone(t("staff.transferred"));
      await qc.invalidateQueries({ queryKey: ["assignments", employeeId] });
      await qc.invalidateQueries({ queryKey: ["employees"] });
    },
  });
  const problem = problemOf(transfer.error);
  const fe = fieldErrors(problem);
  return (
    <section aria-labelledby={`history-${employeeId}`}>
      <Title order={2} size="h5" id={`history-${employeeId}`} mb={4}>
        {t("staff.history")}
      </Title>
      {history.isSuccess && history.data.length === 0 && <Text size="sm">{t("staff.historyEmpty")}</Text>}
      <List size="sm" data-testid="department-history">
        {(history.data ?? []).map((a) => (
          <List.Item key={a.id}>
            {a.department_name}　{formatDay(a.valid_from, lang)}〜{a.valid_to ? formatDay(addDays(a.valid_to, -1), lang) : t("staff.historyNow")}
            {a.in_effect ? "" : `（${t("staff.planned")}）`}
            {a.note ? `　${a.note}` : ""}
          </List.Item>
        ))}
      </List>
      {canTransfer && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            transfer.mutate();
          }}
        >
          <Group align="flex-end" mt="xs" wrap="wrap">
            <Select
              label={t("staff.transferTo")}
              data={(depts.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: `${d.name}（${d.code}）` }))}
              value={dept}
              onChange={setDept}
              searchable
              error={fe.department_id}
              w={240}
            />
            <DatePickerInput
              label={t("staff.effectiveFrom")}
              value={from}
              onChange={(v) => setFrom(v as string | null)}
              valueFormat={lang === "ja" ? "YYYY年M月D日(dd)" : "ddd D MMM YYYY"}
              error={fe.effective_from}
              getDayProps={(d) => ({ "aria-label": formatDay(String(d).slice(0, 10), lang) })}
              w={200}
            />
            <TextInput label={t("staff.transferNote")} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fe.note} w={220} />
            <Button type="submit" variant="light" disabled={!dept || !from} loading={transfer.isPending}>
              {t("staff.transfer")}
            </Button>
          </Group>
          <ProblemAlert message={generalMessage(problem, ["department_id", "effective_from", "note"])} />
        </form>
      )}
    </section>
  );
}
