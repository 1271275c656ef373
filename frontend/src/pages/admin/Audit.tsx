import { Button, Code, Group, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../api/client";
import { useMe } from "../../auth";
import { ProblemAlert, useLang } from "../../components/common";
import { formatDay, formatInstant, zonedInstant, addDays } from "../../lib/dates";
import { problemOf } from "../../lib/problem";
import { PageHead, StaffPicker } from "./shared";

type AuditEvent = Schemas["AuditEvent"];

// The target types the trail holds, for the filter.
const targetTypes = ["employee", "department", "organization", "family_member", "staff_day", "office", "space", "booking", "telework_request",
  "approval_task", "delegation", "telework_policy_version", "attendance"];

type Filter = { actor_id?: string; action?: string; target_type?: string; target_id?: string; from?: string; to?: string };

// AuditPage reads the organisation's audit trail, newest first, with each
// event's before and after.
export function AuditPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const tz = me.organization.time_zone;
  const [actor, setActor] = useState<string | null>(null);
  const [action, setAction] = useState("");
  const [targetType, setTargetType] = useState<string | null>(null);
  const [targetId, setTargetId] = useState("");
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const [filter, setFilter] = useState<Filter>({});
  const [open, setOpen] = useState<AuditEvent | null>(null);
  const list = useInfiniteQuery({
    queryKey: ["audit", "list", filter],
    initialPageParam: "",
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET("/api/v1/audit-events", { params: { query: { limit: 50, ...filter, ...(pageParam ? { cursor: pageParam } : {}) } } })) as Schemas["AuditEventList"],
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const events = list.data?.pages.flatMap((p) => p.items) ?? [];
  const apply = () => {
    const f: Filter = {};
    if (actor) f.actor_id = actor;
    if (action.trim()) f.action = action.trim();
    if (targetType) f.target_type = targetType;
    if (targetId.trim()) f.target_id = targetId.trim();
    // The period is in the organisation's days: from its first instant to the end of the last day.
    if (range[0]) f.from = zonedInstant(range[0], "00:00", tz);
    if (range[1] ?? range[0]) f.to = zonedInstant(addDays((range[1] ?? range[0]) as string, 1), "00:00", tz);
    setFilter(f);
  };
  return (
    <>
      <PageHead title={t("audit.title")} intro={t("audit.intro")} topic="audit" />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mb="sm">
          <StaffPicker label={t("audit.actor")} value={actor} onChange={(v) => setActor(v)} clearable />
          <TextInput label={t("audit.action")} placeholder="employee.update" value={action} onChange={(e) => setAction(e.currentTarget.value)} />
          <Select label={t("audit.target")} data={targetTypes} value={targetType} onChange={setTargetType} clearable clearButtonProps={{ "aria-label": t("common.remove") }} searchable />
          <TextInput label={t("audit.targetId")} value={targetId} onChange={(e) => setTargetId(e.currentTarget.value)} />
          <DatePickerInput
            type="range"
            allowSingleDateInRange
            label={`${t("audit.from")} – ${t("audit.to")}`}
            value={range}
            onChange={(v) => setRange(v as [string | null, string | null])}
            valueFormat={lang === "ja" ? "YYYY年M月D日" : "D MMM YYYY"}
            clearable clearButtonProps={{ "aria-label": t("common.remove") }}
            getDayProps={(d) => ({ "aria-label": formatDay(String(d).slice(0, 10), lang) })}
          />
        </SimpleGrid>
        <Group mb="md">
          <Button type="submit">{t("audit.filter")}</Button>
          <Button
            variant="default"
            onClick={() => {
              setActor(null);
              setAction("");
              setTargetType(null);
              setTargetId("");
              setRange([null, null]);
              setFilter({});
            }}
          >
            {t("audit.clear")}
          </Button>
          <AuditExport filter={filter} />
        </Group>
      </form>
      <ProblemAlert problem={problemOf(list.error)} />
      {list.isSuccess && events.length === 0 && <Text>{t("audit.empty")}</Text>}
      {events.length > 0 && (
        <Table striped withTableBorder data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("audit.when")}</Table.Th>
              <Table.Th>{t("audit.who")}</Table.Th>
              <Table.Th>{t("audit.what")}</Table.Th>
              <Table.Th>{t("audit.target")}</Table.Th>
              <Table.Th>
                <span className="visually-hidden">{t("audit.details")}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.map((e) => (
              <Table.Tr key={e.id} data-testid="audit-row">
                <Table.Td>{formatInstant(e.created_at, tz, lang)}</Table.Td>
                <Table.Td>
                  {e.actor_id ? (e.actor_name ?? e.actor_id) : t("audit.system")}
                  {e.on_behalf_of_name ? `（${t("audit.onBehalf", { name: e.on_behalf_of_name })}）` : ""}
                </Table.Td>
                <Table.Td>
                  <Code>{e.action}</Code>
                </Table.Td>
                <Table.Td>
                  {e.target_type}
                  <Text size="xs" c="dimmed" component="span" display="block">
                    {e.target_id}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" onClick={() => setOpen(e)} aria-label={`${t("audit.details")}: ${e.action} ${formatInstant(e.created_at, tz, lang)}`}>
                    {t("audit.details")}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && (
        <Button variant="default" mt="sm" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t("audit.more")}
        </Button>
      )}
      <Modal opened={!!open} onClose={() => setOpen(null)} size="xl" title={open ? `${open.action} — ${formatInstant(open.created_at, tz, lang)}` : ""} closeButtonProps={{ "aria-label": t("common.close") }}>
        {open && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} data-testid="audit-diff">
            {(["before", "after"] as const).map((k) => (
              <Stack key={k} gap={4}>
                <Title order={2} size="h5">
                  {t(`audit.${k}`)}
                </Title>
                <Code block>{open[k] ? JSON.stringify(open[k], null, 2) : t("audit.none")}</Code>
              </Stack>
            ))}
          </SimpleGrid>
        )}
      </Modal>
    </>
  );
}

// AuditExport downloads the filtered trail as the server writes it. The
// request carries the access token (kept in memory only), so the file is
// fetched and handed to the browser rather than linked.
function AuditExport({ filter }: { filter: Filter }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<unknown>(null);
  const download = async (format: "csv" | "xlsx") => {
    setProblem(null);
    try {
      const r = await api.GET("/api/v1/audit-events", { params: { query: { ...filter, format } }, parseAs: "blob" });
      const blob = unwrap(r) as unknown as Blob;
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = `audit-events.${format}`;
      a.click();
      URL.revokeObjectURL(a.href);
    } catch (e) {
      setProblem(e);
    }
  };
  return (
    <Group gap="xs">
      <Text size="sm">{t("audit.export")}:</Text>
      <Button variant="light" size="xs" onClick={() => void download("csv")}>
        {t("audit.exportCsv")}
      </Button>
      <Button variant="light" size="xs" onClick={() => void download("xlsx")}>
        {t("audit.exportXlsx")}
      </Button>
      <ProblemAlert problem={problemOf(problem)} />
    </Group>
  );
}
