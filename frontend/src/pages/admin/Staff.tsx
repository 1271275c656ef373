import { Badge, Button, Card, Checkbox, Group, Modal, MultiSelect, PasswordInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Problem, type Schemas } from "../../api/client";
import { useMe } from "../../auth";
import { ConfirmDialog, ProblemAlert } from "../../components/common";
import { fieldErrors, generalMessage, problemOf } from "../../lib/problem";
import { DepartmentHistory } from "./History";
import { CsvImport, notifyDone, OutcomeTag, PageHead, StaffPicker, useDepartments } from "./shared";

type Employee = Schemas["Employee"];
type EmployeeInput = Schemas["EmployeeInput"];
type ImportResult = Schemas["ImportResult"];
const roles = ["employee", "supervisor", "hr", "admin"] as const;
const employmentTypes = ["regular", "fiscal_year", "reappointed", "reappointed_short", "fixed_term", "temporary", "probationary"] as const;

// StaffPage lists and finds staff; HR reads, an administrator also edits,
// deactivates, resets passwords and imports a CSV.
export function StaffPage() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = me.roles.includes("admin");
  const qc = useQueryClient();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 250);
  const [dept, setDept] = useState<string | null>(null);
  const [inactive, setInactive] = useState(false);
  const [open, setOpen] = useState<Employee | null>(null);
  const [creating, setCreating] = useState(false);
  const depts = useDepartments();
  const list = useInfiniteQuery({
    queryKey: ["employees", "list", q, dept, inactive],
    initialPageParam: "",
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET("/api/v1/employees", {
          params: { query: { limit: 50, ...(q ? { q } : {}), ...(dept ? { department_id: dept } : {}), ...(inactive ? {} : { active: true }), ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const staff = list.data?.pages.flatMap((p) => p.items) ?? [];
  const deptOptions = (depts.data ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.code}）${d.active ? "" : `・${t("dept.closed")}`}` }));
  return (
    <>
      <PageHead title={t("staff.title")} intro={admin ? t("staff.intro") : `${t("staff.intro")} ${t("staff.readOnly")}`} topic="staff" />
      {admin && (
        <Card withBorder component="section" aria-labelledby="staff-import" mb="lg">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4" id="staff-import">
              {t("staff.importTitle")}
            </Title>
            <Button variant="light" onClick={() => setCreating(true)}>
              {t("staff.create")}
            </Button>
          </Group>
          <CsvImport<ImportResult>
            path="/api/v1/employees/import"
            testId="staff-import"
            help={t("staff.importHelp")}
            result={(r) => <ImportLines r={r} />}
            onImported={(r) => {
              notifyDone(`${t("importer.done")} ${t("importer.counts", r)}`);
              void qc.invalidateQueries({ queryKey: ["employees"] });
            }}
          />
        </Card>
      )}
      <Group align="flex-end" mb="sm">
        <TextInput label={t("staff.search")} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={320} />
        <Select label={t("staff.department")} placeholder={t("staff.all")} data={deptOptions} value={dept} onChange={setDept} clearable clearButtonProps={{ "aria-label": t("common.remove") }} searchable w={280} />
        <Checkbox label={t("staff.showInactive")} checked={inactive} onChange={(e) => setInactive(e.currentTarget.checked)} mb={8} />
      </Group>
      <ProblemAlert problem={problemOf(list.error)} />
      {list.isSuccess && staff.length === 0 && <Text>{t("staff.empty")}</Text>}
      {staff.length > 0 && (
        <Table striped withTableBorder highlightOnHover data-testid="staff-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("staff.number")}</Table.Th>
              <Table.Th>{t("staff.name")}</Table.Th>
              <Table.Th>{t("staff.kana")}</Table.Th>
              <Table.Th>{t("staff.department")}</Table.Th>
              <Table.Th>{t("staff.roles")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {staff.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{e.employee_number}</Table.Td>
                <Table.Td>
                  <UnstyledButton onClick={() => setOpen(e)} c="blue.8" td="underline">
                    {e.family_name} {e.given_name}
                  </UnstyledButton>
                  {!e.active && (
                    <Badge ml="xs" color="gray" variant="light" autoContrast>
                      {t("staff.inactive")}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {e.family_name_kana} {e.given_name_kana}
                </Table.Td>
                <Table.Td>{e.department_name}</Table.Td>
                <Table.Td>{e.roles.map((r) => t(`staff.roleNames.${r}`)).join("・")}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && (
        <Button variant="default" mt="sm" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t("staff.more")}
        </Button>
      )}
      {open && <StaffDetail employee={open} admin={admin} onClose={() => setOpen(null)} onChanged={(e) => setOpen(e)} />}
      {creating && <StaffForm onClose={() => setCreating(false)} onSaved={() => setCreating(false)} />}
    </>
  );
}

function ImportLines({ r }: { r: ImportResult }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Text size="sm">
        {t("importer.counts", r)}・{t("importer.encoding", { enc: r.encoding })}
      </Text>
      <Table withTableBorder data-testid="import-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("importer.line")}</Table.Th>
            <Table.Th>{t("staff.number")}</Table.Th>
            <Table.Th>{t("staff.name")}</Table.Th>
            <Table.Th>{t("importer.outcome")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(r.lines ?? []).map((l) => (
            <Table.Tr key={l.line}>
              <Table.Td>{l.line}</Table.Td>
              <Table.Td>{l.employee_number}</Table.Td>
              <Table.Td>{l.name}</Table.Td>
              <Table.Td>
                <OutcomeTag outcome={l.outcome} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function StaffDetail({ employee: e, admin, onClose, onChanged }: { employee: Employee; admin: boolean; onClose(): void; onChanged(e: Employee): void }) {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const name = `${e.family_name} ${e.given_name}`;
  const [editing, setEditing] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [deactivating, setDeactivating] = useState(false);
  const setActive = useMutation({
    mutationFn: async (active: boolean) => unwrap(await api.PATCH("/api/v1/employees/{id}", { params: { path: { id: e.id } }, body: { active } })),
    onSuccess: async (u) => {
      setDeactivating(false);
      onChanged(u);
      notifyDone(t("staff.saved"));
      await qc.invalidateQueries({ queryKey: ["employees"] });
    },
  });
  if (editing)
    return (
      <StaffForm
        employee={e}
        onClose={() => setEditing(false)}
        onSaved={(u) => {
          setEditing(false);
          onChanged(u);
        }}
      />
    );
  const row = (label: string, value: string) => (
    <Table.Tr>
      <Table.Th scope="row" w={180}>
        {label}
      </Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  );
  return (
    <Modal opened onClose={onClose} title={t("staff.detail", { name })} size="lg" closeButtonProps={{ "aria-label": t("common.close") }}>
      <Stack>
        <Table withTableBorder data-testid="staff-detail">
          <Table.Tbody>
            {row(t("staff.number"), e.employee_number)}
            {row(t("staff.kana"), `${e.family_name_kana} ${e.given_name_kana}`)}
            {row(t("staff.email"), e.email)}
            {row(t("staff.department"), e.department_name)}
            {row(t("staff.supervisor"), e.supervisor_name ?? t("staff.noSupervisor"))}
            {row(t("staff.roles"), e.roles.map((r) => t(`staff.roleNames.${r}`)).join("・"))}
            {row(t("staff.employment"), t(`staff.employmentTypes.${e.employment_type}`))}
            {row(t("staff.remotePC"), e.has_remote_pc ? t("common.yes") : t("common.no"))}
            {row(t("staff.active"), e.active ? t("common.yes") : t("common.no"))}
          </Table.Tbody>
        </Table>
        <DepartmentHistory employeeId={e.id} canTransfer={admin || me.roles.includes("hr")} />
        {admin && (
          <Group>
            <Button onClick={() => setEditing(true)}>{t("staff.edit")}</Button>
            <Button variant="default" onClick={() => setResetting(true)}>
              {t("staff.reset")}
            </Button>
            {e.active ? (
              <Button color="red" variant="light" onClick={() => setDeactivating(true)}>
                {t("staff.deactivate")}
              </Button>
            ) : (
              <Button variant="light" loading={setActive.isPending} onClick={() => setActive.mutate(true)}>
                {t("staff.reactivate")}
              </Button>
            )}
          </Group>
        )}
      </Stack>
      {resetting && <ResetPassword employee={e} onClose={() => setResetting(false)} />}
      <ConfirmDialog
        opened={deactivating}
        title={t("staff.deactivateConfirm", { name })}
        action={t("staff.deactivate")}
        busy={setActive.isPending}
        error={setActive.error}
        onConfirm={() => setActive.mutate(false)}
        onClose={() => setDeactivating(false)}
      />
    </Modal>
  );
}

function ResetPassword({ employee: e, onClose }: { employee: Employee; onClose(): void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const reset = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/employees/{id}/password", { params: { path: { id: e.id } }, body: { password } } as never)),
    onSuccess: () => {
      notifyDone(t("staff.resetDone"));
      onClose();
    },
  });
  const fe = fieldErrors(problemOf(reset.error));
  return (
    <Modal opened onClose={onClose} title={t("staff.resetTitle", { name: `${e.family_name} ${e.given_name}` })} closeButtonProps={{ "aria-label": t("common.close") }}>
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          reset.mutate();
        }}
      >
        <Stack>
          <ProblemAlert message={generalMessage(problemOf(reset.error), ["password"])} />
          <PasswordInput label={t("staff.newPassword")} value={password} onChange={(ev) => setPassword(ev.currentTarget.value)} error={fe.password} required autoComplete="new-password" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={reset.isPending}>
              {t("staff.reset")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// StaffForm creates a staff member, or edits one (only what changed is sent).
function StaffForm({ employee, onClose, onSaved }: { employee?: Employee; onClose(): void; onSaved(e: Employee): void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const depts = useDepartments();
  const [v, setV] = useState<EmployeeInput>(
    employee
      ? {
          employee_number: employee.employee_number, email: employee.email, family_name: employee.family_name, given_name: employee.given_name,
          family_name_kana: employee.family_name_kana, given_name_kana: employee.given_name_kana, department_id: employee.department_id,
          supervisor_id: employee.supervisor_id, roles: employee.roles, employment_type: employee.employment_type, has_remote_pc: employee.has_remote_pc,
        }
      : { roles: ["employee"], employment_type: "regular", has_remote_pc: false },
  );
  const [problem, setProblem] = useState<Problem | null>(null);
  const save = useMutation({
    mutationFn: async () => {
      if (employee) {
        const changed = Object.fromEntries(
          Object.entries(v).filter(([k, x]) => JSON.stringify(x) !== JSON.stringify((employee as unknown as Record<string, unknown>)[k])),
        ) as EmployeeInput;
        return unwrap(await api.PATCH("/api/v1/employees/{id}", { params: { path: { id: employee.id } }, body: changed }));
      }
      const body = { ...v, ...(v.password ? {} : { password: undefined }) };
      return unwrap(await api.POST("/api/v1/employees", { body, headers: { "Idempotency-Key": crypto.randomUUID() } }));
    },
    onSuccess: async (e) => {
      notifyDone(employee ? t("staff.saved") : t("staff.created"));
      await qc.invalidateQueries({ queryKey: ["employees"] });
      onSaved(e);
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const fe = fieldErrors(problem);
  const set = (k: keyof EmployeeInput) => (ev: React.ChangeEvent<HTMLInputElement>) => setV({ ...v, [k]: ev.currentTarget.value });
  const fields = ["employee_number", "email", "family_name", "given_name", "family_name_kana", "given_name_kana", "department_id", "supervisor_id", "roles", "employment_type", "password"];
  return (
    <Modal opened onClose={onClose} size="lg" title={employee ? `${t("staff.edit")}: ${employee.family_name} ${employee.given_name}` : t("staff.create")} closeButtonProps={{ "aria-label": t("common.close") }}>
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <ProblemAlert message={generalMessage(problem, fields)} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t("staff.number")} value={v.employee_number ?? ""} onChange={set("employee_number")} error={fe.employee_number} required />
            <TextInput label={t("staff.email")} type="email" value={v.email ?? ""} onChange={set("email")} error={fe.email} required />
            <TextInput label={t("staff.familyName")} value={v.family_name ?? ""} onChange={set("family_name")} error={fe.family_name} required />
            <TextInput label={t("staff.givenName")} value={v.given_name ?? ""} onChange={set("given_name")} error={fe.given_name} required />
            <TextInput label={t("staff.familyKana")} value={v.family_name_kana ?? ""} onChange={set("family_name_kana")} error={fe.family_name_kana} />
            <TextInput label={t("staff.givenKana")} value={v.given_name_kana ?? ""} onChange={set("given_name_kana")} error={fe.given_name_kana} />
          </SimpleGrid>
          <Select
            label={t("staff.department")}
            data={(depts.data ?? []).filter((d) => d.active || d.id === v.department_id).map((d) => ({ value: d.id, label: `${d.name}（${d.code}）` }))}
            value={v.department_id ?? null}
            onChange={(x) => setV({ ...v, department_id: x ?? undefined })}
            searchable
            error={fe.department_id}
            required
          />
          <StaffPicker
            label={t("staff.supervisor")}
            value={v.supervisor_id ?? null}
            initialLabel={employee?.supervisor_name ?? undefined}
            onChange={(x) => setV({ ...v, supervisor_id: x })}
            error={fe.supervisor_id}
            clearable
          />
          <MultiSelect
            label={t("staff.roles")}
            data={roles.map((r) => ({ value: r, label: t(`staff.roleNames.${r}`) }))}
            value={v.roles ?? []}
            onChange={(x) => setV({ ...v, roles: x as EmployeeInput["roles"] })}
            error={fe.roles}
          />
          <Select
            label={t("staff.employment")}
            data={employmentTypes.map((x) => ({ value: x, label: t(`staff.employmentTypes.${x}`) }))}
            value={v.employment_type ?? "regular"}
            onChange={(x) => setV({ ...v, employment_type: (x ?? "regular") as EmployeeInput["employment_type"] })}
            allowDeselect={false}
          />
          <Checkbox label={t("staff.remotePC")} checked={!!v.has_remote_pc} onChange={(ev) => setV({ ...v, has_remote_pc: ev.currentTarget.checked })} />
          {!employee && <PasswordInput label={t("staff.password")} value={v.password ?? ""} onChange={set("password")} error={fe.password} autoComplete="new-password" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("staff.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
