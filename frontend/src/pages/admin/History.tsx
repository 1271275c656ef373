import { List, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../api/client";
import { useMe } from "../../auth";
import { useLang } from "../../components/common";
import { formatInstant } from "../../lib/dates";
import { useDepartments } from "./shared";

type AuditEvent = Schemas["AuditEvent"];

// auditTrail reads every audit event of one target, oldest first.
export async function auditTrail(targetId: string): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let cursor: string | null = null;
  do {
    const page: Schemas["AuditEventList"] = unwrap(
      await api.GET("/api/v1/audit-events", { params: { query: { target_id: targetId, order: "asc", limit: 200, ...(cursor ? { cursor } : {}) } } }),
    );
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

function field(v: unknown, k: string): unknown {
  return v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
}

// departmentMoves picks, from an employee's audit trail, the events that
// placed them in a department (creation, or a change of department).
export function departmentMoves(events: AuditEvent[]): { at: string; departmentId: string; by: string }[] {
  return events
    .filter((e) => typeof field(e.after, "department_id") === "string" && field(e.after, "department_id") !== field(e.before, "department_id"))
    .map((e) => ({ at: e.created_at, departmentId: field(e.after, "department_id") as string, by: e.actor_name ?? "" }));
}

// DepartmentHistory shows where a staff member has belonged, read from the
// audit trail of their record (HR and administrators read it).
export function DepartmentHistory({ employeeId }: { employeeId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const trail = useQuery({ queryKey: ["audit", "target", employeeId], queryFn: () => auditTrail(employeeId) });
  const depts = useDepartments();
  const nameOf = (id: string) => depts.data?.find((d) => d.id === id)?.name ?? id;
  const moves = departmentMoves(trail.data ?? []).reverse();
  return (
    <section aria-labelledby={`history-${employeeId}`}>
      <Title order={2} size="h5" id={`history-${employeeId}`} mb={4}>
        {t("staff.historyFromAudit")}
      </Title>
      {trail.isSuccess && moves.length === 0 && <Text size="sm">{t("staff.historyEmpty")}</Text>}
      <List size="sm" data-testid="department-history">
        {moves.map((m, i) => (
          <List.Item key={m.at + m.departmentId}>
            {nameOf(m.departmentId)}　{t("staff.historyFrom", { from: formatInstant(m.at, me.organization.time_zone, lang) })}
            {i === 0 ? `（${t("staff.historyNow")}）` : ""}
          </List.Item>
        ))}
      </List>
    </section>
  );
}
