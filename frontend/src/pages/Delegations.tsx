import { Button, Card, Group, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Delegation, type Problem } from "../api/client";
import { useMe } from "../auth";
import { ConfirmDialog, PageTitle, ProblemAlert, useLang } from "../components/common";
import { formatDay } from "../lib/dates";
import { fieldErrors, generalMessage, problemOf } from "../lib/problem";

export function DelegationsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ["delegations"], queryFn: async () => unwrap(await api.GET("/api/v1/delegations")).items });
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 250);
  const [deputy, setDeputy] = useState<string | null>(null);
  const [range, setRange] = useState<[string | null, string | null]>([me.today, null]);
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [ending, setEnding] = useState<Delegation | null>(null);
  const staff = useQuery({
    queryKey: ["staff", q],
    enabled: q.trim().length > 0,
    placeholderData: (p) => p,
    queryFn: async () => unwrap(await api.GET("/api/v1/staff", { params: { query: { q, limit: 20 } } })).items,
  });
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/delegations", {
          body: { deputy_id: deputy ?? "", starts_on: range[0] ?? "", ends_on: range[1] ?? range[0] ?? "", ...(note ? { note } : {}) },
          headers: { "Idempotency-Key": crypto.randomUUID() },
        }),
      ),
    onSuccess: async () => {
      setProblem(null);
      setDeputy(null);
      setSearch("");
      setNote("");
      notifications.show({ color: "green", message: t("delegations.created") });
      await qc.invalidateQueries({ queryKey: ["delegations"] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const end = useMutation({
    mutationFn: async (d: Delegation) => unwrap(await api.DELETE("/api/v1/delegations/{id}", { params: { path: { id: d.id } } })),
    onSuccess: async () => {
      setEnding(null);
      notifications.show({ color: "green", message: t("delegations.ended") });
      await qc.invalidateQueries({ queryKey: ["delegations"] });
    },
  });
  const fe = fieldErrors(problem);
  const options = (staff.data ?? []).filter((s) => s.id !== me.id).map((s) => ({ value: s.id, label: `${s.name}（${s.department.name}）` }));
  return (
    <>
      <PageTitle>{t("delegations.title")}</PageTitle>
      <Text size="sm" mb="md">
        {t("delegations.intro")}
      </Text>
      <Card withBorder component="section" aria-labelledby="new-deputy" mb="lg">
        <Title order={2} size="h4" id="new-deputy" mb="sm">
          {t("delegations.add")}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Stack>
            <ProblemAlert message={generalMessage(problem, ["deputy_id", "starts_on", "ends_on", "note"])} />
            <Select
              label={t("delegations.deputy")}
              placeholder={t("delegations.search")}
              searchable
              searchValue={search}
              onSearchChange={setSearch}
              value={deputy}
              onChange={setDeputy}
              data={deputy && !options.some((o) => o.value === deputy) ? [...options, { value: deputy, label: search }] : options}
              filter={({ options }) => options}
              nothingFoundMessage={q ? t("common.none") : undefined}
              error={fe.deputy_id}
              required
            />
            <DatePickerInput
              hideOutsideDates
              type="range"
              label={t("delegations.period")}
              value={range}
              onChange={(v) => setRange(v as [string | null, string | null])}
              minDate={me.today}
              valueFormat={lang === "ja" ? "YYYY年M月D日(dd)" : "ddd D MMM YYYY"}
              error={fe.starts_on ?? fe.ends_on}
              required
              allowSingleDateInRange
            />
            <TextInput label={t("delegations.note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fe.note} maxLength={200} />
            <Group>
              <Button type="submit" loading={create.isPending} disabled={!deputy || !range[0]}>
                {t("delegations.add")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <Title order={2} size="h4" mb="xs">
        {t("delegations.active")}
      </Title>
      {list.data?.length === 0 && <Text>{t("delegations.empty")}</Text>}
      <Stack gap="xs">
        {(list.data ?? []).map((d) => (
          <Card key={d.id} withBorder padding="sm" data-testid="delegation">
            <Group justify="space-between" wrap="wrap">
              <div>
                <Text fw={600}>
                  {t("delegations.approver")}: {d.approver_name ?? d.approver_id} → {t("delegations.deputy")}: {d.deputy_name ?? d.deputy_id}
                </Text>
                <Text size="sm">
                  {formatDay(d.starts_on, lang)}〜{formatDay(d.ends_on, lang)}
                  {d.note ? `　${d.note}` : ""}
                </Text>
              </div>
              {d.ends_on >= me.today && (
                <Button size="xs" color="red" variant="light" onClick={() => setEnding(d)}>
                  {t("delegations.end")}
                </Button>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
      <ConfirmDialog opened={!!ending} title={t("delegations.endConfirm")} action={t("delegations.end")} busy={end.isPending} error={end.error} onConfirm={() => ending && end.mutate(ending)} onClose={() => setEnding(null)} />
    </>
  );
}
