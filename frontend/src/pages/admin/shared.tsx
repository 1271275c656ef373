import { Alert, Anchor, Badge, Button, FileInput, Group, Select, Stack, Table, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconHelp } from "@tabler/icons-react";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import i18n from "../../i18n";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap, type Problem, type Schemas } from "../../api/client";
import { PageTitle, ProblemAlert } from "../../components/common";
import { problemOf } from "../../lib/problem";
import type { HelpTopic } from "../../i18n-admin";

// HelpLink leads from a screen to its help page.
export function HelpLink({ topic }: { topic: HelpTopic }) {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to={`/help/${topic}`} size="sm">
      <Group gap={4} wrap="nowrap" component="span">
        <IconHelp size={16} aria-hidden />
        {t("help.link")}
      </Group>
    </Anchor>
  );
}

// PageHead opens an HR or administrator screen: its title, what it is for,
// and the way to its help page.
export function PageHead({ title, intro, topic }: { title: string; intro: string; topic: HelpTopic }) {
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <Group justify="space-between" mb="md" align="flex-start">
        <Text size="sm" maw={720}>
          {intro}
        </Text>
        <HelpLink topic={topic} />
      </Group>
    </>
  );
}

// rowProblems reads an import's refusal into rows: "rows[3].email" is line 3,
// column email; anything else (a missing header, an undecodable file) is a
// problem of the whole file.
export function rowProblems(p: Problem | null): { line: number | null; column: string; detail: string }[] {
  return (p?.errors ?? []).map((e) => {
    const m = /^rows\[(\d+)\]\.(.+)$/.exec(e.field);
    return m ? { line: Number(m[1]), column: m[2], detail: e.detail } : { line: null, column: e.field, detail: e.detail };
  }).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

// uploadCSV posts the file's bytes unchanged (a Shift_JIS file stays
// Shift_JIS: the server detects the encoding), for a dry run or for real.
export type ImportPath = "/api/v1/employees/import" | "/api/v1/leave/import" | "/api/v1/staff-records/import";

export async function uploadCSV<T>(path: ImportPath, file: File, dryRun: boolean): Promise<T> {
  const r = await api.POST(path, {
    params: { query: { dry_run: dryRun } },
    body: file as unknown as string,
    bodySerializer: (b: unknown) => b as BodyInit,
    headers: { "Content-Type": "text/csv", ...(dryRun ? {} : { "Idempotency-Key": crypto.randomUUID() }) },
  } as never);
  return unwrap(r as { data?: T; error?: unknown; response: Response });
}

// CsvImport checks a file first (dry run: every row, nothing stored) and
// imports it only after a clean check of that same file. The result of the
// check is shown row by row by the caller (result), problems by line.
export function CsvImport<T>({ path, help, result, onImported, testId }: {
  path: ImportPath;
  help: string;
  result(r: T): ReactNode;
  onImported(r: T): void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<T | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      const r = await uploadCSV<T>(path, file, dryRun);
      if (dryRun) setChecked(r);
      else {
        setChecked(null);
        setFile(null);
        onImported(r);
      }
    } catch (e) {
      setChecked(null);
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  };
  const rows = rowProblems(problem);
  return (
    <Stack data-testid={testId}>
      <Text size="sm">{help}</Text>
      <FileInput
        label={t("importer.file")}
        description={t("importer.fileHelp")}
        accept=".csv,text/csv"
        value={file}
        onChange={(f) => {
          setFile(f);
          setChecked(null);
          setProblem(null);
        }}
        clearable
        clearButtonProps={{ "aria-label": t("common.remove") }}
      />
      <Group>
        <Button variant="default" disabled={!file} loading={busy && !checked} onClick={() => void run(true)}>
          {t("importer.check")}
        </Button>
        <Button disabled={!file || !checked} loading={busy && !!checked} onClick={() => void run(false)}>
          {t("importer.run")}
        </Button>
      </Group>
      {problem && rows.length === 0 && <ProblemAlert problem={problem} />}
      {rows.length > 0 && (
        <Alert color="red" role="alert" title={t("importer.refused")}>
          <Table striped withTableBorder data-testid="import-problems">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("importer.line")}</Table.Th>
                <Table.Th>{t("importer.column")}</Table.Th>
                <Table.Th>{t("importer.problem")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{r.line ?? t("importer.header")}</Table.Td>
                  <Table.Td>{r.column}</Table.Td>
                  <Table.Td>{r.detail}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Alert>
      )}
      {checked && (
        <Alert color="blue" role="status" title={t("importer.checked")}>
          {result(checked)}
        </Alert>
      )}
    </Stack>
  );
}

export function OutcomeTag({ outcome }: { outcome: "create" | "update" | "unchanged" }) {
  const { t } = useTranslation();
  const color = { create: "green", update: "blue", unchanged: "gray" }[outcome];
  return (
    <Badge color={color} variant="light" autoContrast>
      {t(`importer.outcomes.${outcome}`)}
    </Badge>
  );
}

// StaffPicker finds a staff member of the organisation by name, reading or
// number (HR and administrators).
export function StaffPicker({ label, value, onChange, initialLabel, error, required, clearable }: {
  label: string;
  value: string | null;
  onChange(id: string | null, name: string): void;
  initialLabel?: string;
  error?: string;
  required?: boolean;
  clearable?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(initialLabel ?? "");
  const [q] = useDebouncedValue(search, 250);
  const found = useQuery({
    queryKey: ["employees", "pick", q],
    enabled: q.trim().length > 0,
    placeholderData: (p) => p,
    queryFn: async () => unwrap(await api.GET("/api/v1/employees", { params: { query: { q, limit: 20, active: true } } })).items,
  });
  const options = (found.data ?? []).map((e) => ({ value: e.id, label: `${e.family_name} ${e.given_name}（${e.employee_number}・${e.department_name}）` }));
  const data = value && !options.some((o) => o.value === value) ? [...options, { value, label: initialLabel ?? search }] : options;
  return (
    <Select
      label={label}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      value={value}
      onChange={(v, o) => onChange(v, o?.label ?? "")}
      data={data}
      filter={({ options }) => options}
      nothingFoundMessage={q ? t("common.none") : undefined}
      error={error}
      required={required}
      clearable={clearable}
      clearButtonProps={{ "aria-label": t("common.remove") }}
    />
  );
}

// useDepartments reads the whole chart, page by page.
export function useDepartments() {
  return useQuery({
    queryKey: ["departments"],
    queryFn: async () => {
      const out: Schemas["Department"][] = [];
      let cursor: string | null = null;
      do {
        const page: Schemas["DepartmentList"] = unwrap(await api.GET("/api/v1/departments", { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } }));
        out.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      return out;
    },
  });
}


// notifyDone announces a completed change, readable (contrast) and with a
// named close button, as axe asks.
export function notifyDone(message: string) {
  notifications.show({
    color: "green", message, closeButtonProps: { "aria-label": i18n.t("common.close") },
    // Mantine's dimmed description falls below 4.5:1 on white.
    styles: { description: { color: "var(--mantine-color-text)" } },
  });
}
