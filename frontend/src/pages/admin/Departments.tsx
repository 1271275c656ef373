import { Badge, Button, Checkbox, Code, Group, List, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Problem, type Schemas } from "../../api/client";
import { useMe } from "../../auth";
import { ConfirmDialog, ProblemAlert, useLang } from "../../components/common";
import { formatInstant } from "../../lib/dates";
import { fieldErrors, generalMessage, problemOf } from "../../lib/problem";
import { auditTrail } from "./History";
import { notifyDone, PageHead, StaffPicker, useDepartments } from "./shared";

type Department = Schemas["Department"];
type DepartmentInput = Schemas["DepartmentInput"];
const kinds = ["bureau", "department", "division", "section"] as const;

// DepartmentsPage is the organisation chart as a nested list: heads, the
// counter and My Number flags; an administrator adds, moves and closes.
export function DepartmentsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = me.roles.includes("admin");
  const qc = useQueryClient();
  const depts = useDepartments();
  const [showClosed, setShowClosed] = useState(false);
  const [editing, setEditing] = useState<{ dept?: Department; parent?: string | null } | null>(null);
  const [closing, setClosing] = useState<Department | null>(null);
  const [history, setHistory] = useState<Department | null>(null);
  const setActive = useMutation({
    mutationFn: async ({ d, active }: { d: Department; active: boolean }) =>
      unwrap(await api.PATCH("/api/v1/departments/{id}", { params: { path: { id: d.id } }, body: { active } })),
    onSuccess: async () => {
      setClosing(null);
      notifyDone(t("dept.saved"));
      await qc.invalidateQueries({ queryKey: ["departments"] });
    },
  });
  const all = (depts.data ?? []).filter((d) => showClosed || d.active);
  const children = (parent: string | null) =>
    all.filter((d) => (d.parent_id ?? null) === parent || (parent === null && d.parent_id && !all.some((p) => p.id === d.parent_id))).sort((a, b) => a.code.localeCompare(b.code));
  const node = (d: Department) => (
    <List.Item key={d.id} data-testid="department-node">
      <Group gap="xs" wrap="wrap" py={2}>
        <Text fw={600} c={d.active ? undefined : "dimmed"}>
          {d.name}
        </Text>
        <Text size="sm" c="dimmed">
          {d.code}・{t(`dept.kinds.${d.kind}`)}
          {d.head_name ? `・${t("dept.head")}: ${d.head_name}` : ""}
        </Text>
        {d.counter_work && (
          <Badge variant="light" color="orange" autoContrast>
            {t("dept.counter")}
          </Badge>
        )}
        {d.my_number_work && (
          <Badge variant="light" color="grape" autoContrast>
            {t("dept.myNumber")}
          </Badge>
        )}
        {!d.active && (
          <Badge variant="light" color="gray" autoContrast>
            {t("dept.closed")}
          </Badge>
        )}
        <Button size="compact-xs" variant="subtle" onClick={() => setHistory(d)} aria-label={`${t("dept.history")}: ${d.name}`}>
          {t("dept.history")}
        </Button>
        {admin && d.active && (
          <>
            <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ dept: d })} aria-label={`${t("dept.edit")}: ${d.name}`}>
              {t("dept.edit")}
            </Button>
            <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ parent: d.id })} aria-label={t("dept.addUnder", { name: d.name })}>
              {t("dept.add")}
            </Button>
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => { setActive.reset(); setClosing(d); }} aria-label={`${t("dept.deactivate")}: ${d.name}`}>
              {t("dept.deactivate")}
            </Button>
          </>
        )}
        {admin && !d.active && (
          <Button size="compact-xs" variant="subtle" onClick={() => setActive.mutate({ d, active: true })} aria-label={`${t("dept.reactivate")}: ${d.name}`}>
            {t("dept.reactivate")}
          </Button>
        )}
      </Group>
      {children(d.id).length > 0 && (
        <List withPadding listStyleType="disc">
          {children(d.id).map(node)}
        </List>
      )}
    </List.Item>
  );
  return (
    <>
      <PageHead title={t("dept.title")} intro={t("dept.intro")} topic="departments" />
      <Group mb="sm">
        {admin && <Button onClick={() => setEditing({ parent: null })}>{t("dept.add")}</Button>}
        <Checkbox label={t("dept.showClosed")} checked={showClosed} onChange={(e) => setShowClosed(e.currentTarget.checked)} />
      </Group>
      <ProblemAlert problem={problemOf(depts.error)} />
      <nav aria-label={t("dept.tree")}>
        <List listStyleType="none" data-testid="department-tree">
          {children(null).map(node)}
        </List>
      </nav>
      {editing && <DepartmentForm dept={editing.dept} parent={editing.parent} all={depts.data ?? []} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        opened={!!closing}
        title={closing ? t("dept.deactivateConfirm", { name: closing.name }) : ""}
        action={t("dept.deactivate")}
        busy={setActive.isPending}
        error={setActive.error}
        onConfirm={() => closing && setActive.mutate({ d: closing, active: false })}
        onClose={() => setClosing(null)}
      />
      {history && <DepartmentHistoryDialog dept={history} onClose={() => setHistory(null)} />}
    </>
  );
}

function DepartmentForm({ dept, parent, all, onClose }: { dept?: Department; parent?: string | null; all: Department[]; onClose(): void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [v, setV] = useState<DepartmentInput>(
    dept
      ? { code: dept.code, name: dept.name, name_kana: dept.name_kana, kind: dept.kind, parent_id: dept.parent_id, head_id: dept.head_id, counter_work: dept.counter_work, my_number_work: dept.my_number_work }
      : { parent_id: parent ?? null, kind: "division", counter_work: false, my_number_work: false },
  );
  const [problem, setProblem] = useState<Problem | null>(null);
  const save = useMutation({
    mutationFn: async () => {
      if (dept) {
        const changed = Object.fromEntries(Object.entries(v).filter(([k, x]) => JSON.stringify(x) !== JSON.stringify((dept as unknown as Record<string, unknown>)[k])));
        return unwrap(await api.PATCH("/api/v1/departments/{id}", { params: { path: { id: dept.id } }, body: changed as DepartmentInput }));
      }
      return unwrap(await api.POST("/api/v1/departments", { body: v, headers: { "Idempotency-Key": crypto.randomUUID() } }));
    },
    onSuccess: async () => {
      notifyDone(dept ? t("dept.saved") : t("dept.created"));
      await qc.invalidateQueries({ queryKey: ["departments"] });
      onClose();
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const fe = fieldErrors(problem);
  const parents = all.filter((d) => d.active && d.id !== dept?.id).map((d) => ({ value: d.id, label: `${d.name}（${d.code}）` }));
  return (
    <Modal opened onClose={onClose} size="lg" title={dept ? `${t("dept.edit")}: ${dept.name}` : t("dept.add")} closeButtonProps={{ "aria-label": t("common.close") }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <ProblemAlert message={generalMessage(problem, ["code", "name", "name_kana", "kind", "parent_id", "head_id"])} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t("dept.code")} value={v.code ?? ""} onChange={(e) => setV({ ...v, code: e.currentTarget.value })} error={fe.code} required />
            <Select
              label={t("dept.kind")}
              data={kinds.map((k) => ({ value: k, label: t(`dept.kinds.${k}`) }))}
              value={v.kind ?? "division"}
              onChange={(x) => setV({ ...v, kind: (x ?? "division") as DepartmentInput["kind"] })}
              error={fe.kind}
              allowDeselect={false}
            />
            <TextInput label={t("dept.name")} value={v.name ?? ""} onChange={(e) => setV({ ...v, name: e.currentTarget.value })} error={fe.name} required />
            <TextInput label={t("dept.kana")} value={v.name_kana ?? ""} onChange={(e) => setV({ ...v, name_kana: e.currentTarget.value })} error={fe.name_kana} />
          </SimpleGrid>
          <Select
            label={t("dept.parent")}
            data={[{ value: "", label: t("dept.noParent") }, ...parents]}
            value={v.parent_id ?? ""}
            onChange={(x) => setV({ ...v, parent_id: x ? x : null })}
            error={fe.parent_id}
            searchable
            allowDeselect={false}
          />
          <StaffPicker label={t("dept.head")} value={v.head_id ?? null} initialLabel={dept?.head_name ?? undefined} onChange={(x) => setV({ ...v, head_id: x })} error={fe.head_id} clearable />
          <Group>
            <Checkbox label={t("dept.counter")} checked={!!v.counter_work} onChange={(e) => setV({ ...v, counter_work: e.currentTarget.checked })} />
            <Checkbox label={t("dept.myNumber")} checked={!!v.my_number_work} onChange={(e) => setV({ ...v, my_number_work: e.currentTarget.checked })} />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("dept.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// DepartmentHistoryDialog shows a department's own trail (created, renamed,
// moved, closed), which stays readable after it is closed.
function DepartmentHistoryDialog({ dept, onClose }: { dept: Department; onClose(): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const trail = useQuery({ queryKey: ["audit", "target", dept.id], queryFn: () => auditTrail(dept.id) });
  const changes = (e: Schemas["AuditEvent"]) => {
    const b = (e.before ?? {}) as Record<string, unknown>;
    const a = (e.after ?? {}) as Record<string, unknown>;
    return Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]) && k !== "updated_at").map((k) => `${k}: ${JSON.stringify(b[k] ?? null)} → ${JSON.stringify(a[k])}`);
  };
  return (
    <Modal opened onClose={onClose} size="xl" title={`${t("dept.history")}: ${dept.name}`} closeButtonProps={{ "aria-label": t("common.close") }}>
      <ProblemAlert problem={problemOf(trail.error)} />
      <Table withTableBorder striped data-testid="department-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("audit.when")}</Table.Th>
            <Table.Th>{t("audit.who")}</Table.Th>
            <Table.Th>{t("audit.what")}</Table.Th>
            <Table.Th>{t("audit.after")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(trail.data ?? []).map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{formatInstant(e.created_at, me.organization.time_zone, lang)}</Table.Td>
              <Table.Td>{e.actor_name ?? t("audit.system")}</Table.Td>
              <Table.Td>
                <Code>{e.action}</Code>
              </Table.Td>
              <Table.Td>
                <Text size="xs" style={{ wordBreak: "break-all" }}>
                  {changes(e).join("、")}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={2} size="h5" mt="md" mb={4}>
        {t("dept.members")}
      </Title>
      <Members deptId={dept.id} />
    </Modal>
  );
}

function Members({ deptId }: { deptId: string }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ["employees", "dept", deptId],
    queryFn: async () => unwrap(await api.GET("/api/v1/employees", { params: { query: { department_id: deptId, limit: 200 } } })).items,
  });
  if (list.data?.length === 0) return <Text size="sm">{t("common.none")}</Text>;
  return (
    <List size="sm">
      {(list.data ?? []).map((e) => (
        <List.Item key={e.id}>
          {e.family_name} {e.given_name}（{e.employee_number}）{e.active ? "" : `・${t("staff.inactive")}`}
        </List.Item>
      ))}
    </List>
  );
}
