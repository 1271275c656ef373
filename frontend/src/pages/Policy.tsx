import { Alert, Badge, Button, Card, Checkbox, Group, List, MultiSelect, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Textarea, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { diffLines } from "diff";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError, unwrap, type Decision, type Problem, type Schemas } from "../api/client";
import { useMe } from "../auth";
import { OutcomeBadge, PageTitle, ProblemAlert, text, useLang } from "../components/common";
import { YamlEditor } from "../components/YamlEditor";
import { addDays, formatDay, formatInstant } from "../lib/dates";
import { draftErrors, listOf, parseDraft, readValue, startDraft, writeValue } from "../lib/policyDraft";
import { problemOf } from "../lib/problem";
import { formPaths, PolicyForm } from "./PolicyForm";

type Simulation = Schemas["Simulation"];
type SimCase = Schemas["SimulateCase"] & { employee_name: string; family_name?: string };

export function PolicyPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const inForce = useQuery({ queryKey: ["policy-in-force"], queryFn: async () => unwrap(await api.GET("/api/v1/policies/telework")) });
  const versions = useQuery({ queryKey: ["policy-versions"], queryFn: async () => unwrap(await api.GET("/api/v1/policies/telework/versions")).items });
  const [draft, setDraft] = useState<string | null>(null);
  const tomorrow = addDays(me.today, 1);
  const scheduled = (versions.data ?? []).filter((v) => v.effective_from > me.today);
  // A version with an end date (effective_to): HR is warned 30 days ahead
  // while no later version is stored, and told when it has ended.
  const started = (versions.data ?? []).filter((v) => v.effective_from <= me.today);
  const current = started[started.length - 1];
  const endsSoon = current?.effective_to && current.effective_to >= me.today && current.effective_to <= addDays(me.today, 30) && scheduled.length === 0 ? current : undefined;
  const ended = current?.effective_to && current.effective_to < me.today && scheduled.length === 0 ? current : undefined;
  const base = inForce.data ?? ended;

  const start = () => {
    if (!base) return;
    setDraft(startDraft(base.document, t("policy.newVersionLabel", { date: tomorrow }), tomorrow));
  };

  return (
    <>
      <PageTitle>{t("policy.title")}</PageTitle>
      <Text size="sm" mb="md">
        {t("policy.intro")}
      </Text>
      {endsSoon?.effective_to && (
        <Alert color="orange" mb="md" role="alert" data-testid="version-ends">
          {t("policy.endsSoon", { version: endsSoon.version, date: formatDay(endsSoon.effective_to, lang) })}
        </Alert>
      )}
      {ended?.effective_to && (
        <Alert color="red" mb="md" role="alert" data-testid="version-ended">
          {t("policy.ended", { version: ended.version, date: formatDay(ended.effective_to, lang) })}
          {draft === null && (
            <Button mt="sm" display="block" onClick={start}>
              {t("policy.start")}
            </Button>
          )}
        </Alert>
      )}
      {inForce.data && (
        <Card withBorder mb="lg" component="section" aria-labelledby="in-force">
          <Title order={2} size="h4" id="in-force" mb="xs">
            {t("policy.inForce")}
          </Title>
          <Text fw={600} data-testid="in-force-version">
            {text(inForce.data.title, lang)} — {inForce.data.version}
          </Text>
          <Text size="sm">{t("policy.effectiveFrom", { date: formatDay(inForce.data.effective_from, lang) })}</Text>
          {scheduled.length > 0 && (
            <Alert color="blue" mt="sm" data-testid="scheduled-note">
              {t("policy.scheduledNote", { versions: scheduled.map((v) => `${v.version}（${formatDay(v.effective_from, lang)}）`).join("、") })}
            </Alert>
          )}
          {draft === null && (
            <Button mt="sm" onClick={start}>
              {t("policy.start")}
            </Button>
          )}
        </Card>
      )}
      {draft !== null && base && (
        <DraftEditor
          draft={draft}
          setDraft={setDraft}
          inForce={base.document}
          onDiscard={() => setDraft(null)}
          onPublished={async () => {
            setDraft(null);
            notifications.show({ color: "green", message: t("policy.published") });
            await qc.invalidateQueries({ queryKey: ["policy-versions"] });
            await qc.invalidateQueries({ queryKey: ["policy-in-force"] });
            await qc.invalidateQueries({ queryKey: ["policy"] });
          }}
        />
      )}
      <Title order={2} size="h4" mt="lg" mb="xs" id="history">
        {t("policy.history")}
      </Title>
      <Table.ScrollContainer minWidth={720}>
        <Table striped aria-labelledby="history" data-testid="versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("policy.col.version")}</Table.Th>
              <Table.Th scope="col">{t("policy.col.effective")}</Table.Th>
              <Table.Th scope="col">{t("policy.col.state")}</Table.Th>
              <Table.Th scope="col">{t("policy.col.by")}</Table.Th>
              <Table.Th scope="col">{t("policy.col.at")}</Table.Th>
              <Table.Th scope="col">{t("policy.col.note")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(versions.data ?? []).map((v, i) => {
              const current = inForce.data && v.version === inForce.data.version && v.effective_from === inForce.data.effective_from;
              const state = current ? "inForce" : v.effective_from > me.today ? "scheduled" : "past";
              return (
                <Table.Tr key={v.id ?? `builtin-${i}`} data-testid="version-row">
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {v.version}
                    </Text>
                    <Text size="xs">{text(v.title, lang)}</Text>
                  </Table.Td>
                  <Table.Td>{formatDay(v.effective_from, lang)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" autoContrast color={state === "inForce" ? "green" : state === "scheduled" ? "blue" : "gray"}>
                      {t(`policy.state.${state}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{v.built_in ? t("policy.builtIn") : v.created_by_name}</Table.Td>
                  <Table.Td>{v.created_at ? formatInstant(v.created_at, me.organization.time_zone, lang) : "—"}</Table.Td>
                  <Table.Td>{v.note}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

type Check = { ok: true; version: string } | { ok: false; problem: Problem };

function DraftEditor({ draft, setDraft, inForce, onDiscard, onPublished }: {
  draft: string;
  setDraft(s: string): void;
  inForce: string;
  onDiscard(): void;
  onPublished(): Promise<void>;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const parsed = useMemo(() => parseDraft(draft), [draft]);
  const [checked] = useDebouncedValue(draft, 500);
  // The API checks the draft as it is typed (validate answers 422 with each error's path).
  const validation = useQuery({
    queryKey: ["policy-validate", checked],
    placeholderData: (p) => p,
    queryFn: async (): Promise<Check> => {
      try {
        const v = unwrap(await api.POST("/api/v1/policies/telework/validate", { body: { document: checked } }));
        return { ok: true, version: v.version };
      } catch (e) {
        if (e instanceof ApiError && e.status === 422) return { ok: false, problem: e.problem };
        throw e;
      }
    },
  });
  const [publishProblem, setPublishProblem] = useState<Problem | null>(null);
  const [simProblem, setSimProblem] = useState<Problem | null>(null);
  const problem = publishProblem ?? simProblem ?? (validation.data && !validation.data.ok ? validation.data.problem : null);
  const shown = useMemo(() => formPaths(parsed.doc), [parsed.doc]);
  const errs = draftErrors(problem, shown);
  const formErrorCount = Object.keys(errs.form).length;
  const effectiveFrom = String(readValue(parsed.doc, ["effective_from"]) ?? "");
  const [note, setNote] = useState("");
  const [tab, setTab] = useState<string | null>("form");

  const publish = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/policies/telework/versions", {
          body: { document: draft, ...(effectiveFrom ? { effective_from: effectiveFrom } : {}), note },
          headers: { "Idempotency-Key": crypto.randomUUID() },
        }),
      ),
    onSuccess: async () => {
      setPublishProblem(null);
      await onPublished();
    },
    onError: (e) => setPublishProblem(problemOf(e)),
  });
  const update = (s: string) => {
    setPublishProblem(null);
    setSimProblem(null);
    setDraft(s);
  };

  return (
    <Stack gap="lg">
      <Card withBorder component="section" aria-labelledby="draft-title">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4" id="draft-title">
            {t("policy.draft")}
          </Title>
          <Button variant="default" size="xs" onClick={onDiscard}>
            {t("policy.discard")}
          </Button>
        </Group>
        <Text size="sm" mb="sm">
          {t("policy.draftIntro")}
        </Text>
        <div aria-live="polite" data-testid="validation">
          {validation.data?.ok && !parsed.syntaxError && (
            <Alert color="green" mb="sm">
              {t("policy.valid")}
            </Alert>
          )}
          {problem && (
            <Alert color="red" mb="sm" title={t("policy.invalid")}>
              {formErrorCount > 0 && <Text size="sm">{t("policy.errorsInForm", { n: formErrorCount })}</Text>}
              {errs.text.length > 0 && (
                <>
                  <Text size="sm">{t("policy.errorsInText")}</Text>
                  <List size="sm" data-testid="text-errors">
                    {errs.text.map((e, i) => (
                      <List.Item key={i}>
                        <code>{e.path || "document"}</code>: {e.detail}
                      </List.Item>
                    ))}
                  </List>
                </>
              )}
              {formErrorCount === 0 && errs.text.length === 0 && <Text size="sm">{problem.detail}</Text>}
            </Alert>
          )}
        </div>
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List mb="sm">
            <Tabs.Tab value="form">{t("policy.tabForm")}</Tabs.Tab>
            <Tabs.Tab value="text">{t("policy.tabText")}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="form">
            {parsed.syntaxError ? (
              <Alert color="orange">{t("policy.syntaxError", { msg: parsed.syntaxError })}</Alert>
            ) : (
              <PolicyForm doc={parsed.doc} text={draft} onChange={update} errors={errs.form} />
            )}
          </Tabs.Panel>
          <Tabs.Panel value="text">
            {parsed.syntaxError && (
              <Alert color="orange" mb="sm" role="alert">
                {t("policy.syntaxError", { msg: parsed.syntaxError })}
              </Alert>
            )}
            <Text size="sm" id="yaml-help" mb={4}>
              {t("policy.textHelp")}
            </Text>
            <YamlEditor id="policy-text" label={t("policy.textLabel")} value={draft} onChange={update} describedBy="yaml-help" />
          </Tabs.Panel>
        </Tabs>
      </Card>

      <SimulationSection draft={draft} onProblem={setSimProblem} />

      <Card withBorder component="section" aria-labelledby="diff-title">
        <Title order={2} size="h4" id="diff-title" mb="xs">
          {t("policy.diff")}
        </Title>
        <DocDiff from={inForce} to={draft} />
      </Card>

      <Card withBorder component="section" aria-labelledby="publish-title">
        <Title order={2} size="h4" id="publish-title" mb="xs">
          {t("policy.publish")}
        </Title>
        <Text size="sm" mb="sm">
          {t("policy.publishIntro")}
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            publish.mutate();
          }}
        >
          <Stack>
            <ProblemAlert message={publishProblem && Object.keys(errs.form).length + errs.text.length === 0 && !errs.fields.effective_from && !errs.fields.note ? publishProblem.detail : null} />
            <DatePickerInput
              label={t("policy.effectiveDate")}
              description={t("policy.effectiveDateHelp")}
              value={effectiveFrom || null}
              onChange={(v) => update(writeValue(draft, ["effective_from"], v ? String(v).slice(0, 10) : undefined))}
              minDate={me.today}
              valueFormat={lang === "ja" ? "YYYY年M月D日(dd)" : "ddd D MMM YYYY"}
              error={errs.fields.effective_from ?? errs.form.effective_from}
              required
              hideOutsideDates
              getDayProps={(d) => ({ "aria-label": formatDay(String(d).slice(0, 10), lang) })}
            />
            <Textarea label={t("policy.note")} description={t("policy.noteHelp")} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errs.fields.note} autosize minRows={2} maxLength={500} />
            <Group>
              <Button type="submit" loading={publish.isPending} disabled={!!parsed.syntaxError}>
                {t("policy.publishButton")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}

function DocDiff({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const parts = useMemo(() => diffLines(from, to), [from, to]);
  const changed = parts.some((p) => p.added || p.removed);
  if (!changed) return <Text size="sm">{t("policy.noDiff")}</Text>;
  return (
    <pre className="diff-view" data-testid="diff" tabIndex={0} aria-label={t("policy.diff")}>
      {parts.map((p, i) => {
        const lines = p.value.replace(/\n$/, "").split("\n");
        if (!p.added && !p.removed) {
          // Unchanged runs: only their first and last two lines, for context.
          const shown = lines.length > 5 ? [...lines.slice(0, 2), "…", ...lines.slice(-2)] : lines;
          return shown.map((l, j) => <span key={`${i}-${j}`} className="diff-same">{`  ${l}`}</span>);
        }
        return lines.map((l, j) => (
          <span key={`${i}-${j}`} className={p.added ? "diff-add" : "diff-del"}>
            {`${p.added ? "+" : "-"} ${l}`}
            <span className="visually-hidden">{p.added ? t("policy.added") : t("policy.removed")}</span>
          </span>
        ));
      })}
    </pre>
  );
}

export function SimulationSection({ draft, onProblem }: { draft: string; onProblem(p: Problem | null): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 250);
  const [employee, setEmployee] = useState<string | null>(null);
  const [employeeName, setEmployeeName] = useState("");
  const [dates, setDates] = useState<string[]>([]);
  const [unit, setUnit] = useState<SimCase["unit"]>("full");
  const [reason, setReason] = useState<string | null>("general");
  const [place, setPlace] = useState<"home" | "elsewhere">("home");
  const [placeDetail, setPlaceDetail] = useState("");
  const [familyId, setFamilyId] = useState("");
  const [cases, setCases] = useState<SimCase[]>([]);
  const [result, setResult] = useState<Simulation | null>(null);
  const staff = useQuery({
    queryKey: ["staff", q],
    enabled: q.trim().length > 0,
    placeholderData: (p) => p,
    queryFn: async () => unwrap(await api.GET("/api/v1/staff", { params: { query: { q, limit: 20 } } })).items,
  });
  // The chosen staff member's family (HR only; the API audits each read).
  const family = useQuery({
    queryKey: ["employee-family", employee],
    enabled: !!employee,
    queryFn: async () => unwrap(await api.GET("/api/v1/employees/{id}/family-members", { params: { path: { id: employee ?? "" } } })).items,
  });
  const familyLabel = (m: Schemas["FamilyMember"]) =>
    `${t(`relation.${m.relation}`, { defaultValue: m.relation })}　${m.name}${m.birth_date ? t("common.paren", { x: `${t("family.birthDate")}: ${formatDay(m.birth_date, lang)}` }) : ""}`;
  const familyOptions = [{ value: "", label: t("policy.sim.familyNone") }, ...(family.data ?? []).map((m) => ({ value: m.id, label: familyLabel(m) }))];
  const options = (staff.data ?? []).map((s) => ({ value: s.id, label: `${s.name}${t("common.paren", { x: s.department.name })}` }));
  const reasons = listOf(parseDraft(draft).doc, ["reasons"]).map((r) => {
    const name = r.name as { ja?: string; en?: string } | string | undefined;
    const label = typeof name === "string" ? name : (lang === "en" ? name?.en : name?.ja) ?? String(r.id);
    return { value: String(r.id), label };
  });
  const simulate = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/policies/telework/simulate", {
          body: { document: draft, cases: cases.map(({ employee_name: _, family_name: __, ...c }) => c) },
        }),
      ),
    onSuccess: (r) => {
      onProblem(null);
      setResult(r);
    },
    onError: (e) => {
      onProblem(problemOf(e));
      setResult(null);
    },
  });
  const next14 = Array.from({ length: 60 }, (_, i) => addDays(me.today, i + 1));
  return (
    <Card withBorder component="section" aria-labelledby="sim-title">
      <Title order={2} size="h4" id="sim-title" mb="xs">
        {t("policy.sim.title")}
      </Title>
      <Text size="sm" mb="sm">
        {t("policy.sim.intro")}
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!employee || dates.length === 0 || !reason) return;
          if (place === "elsewhere" && !placeDetail.trim()) return;
          const member = family.data?.find((m) => m.id === familyId);
          setCases([
            ...cases,
            {
              employee_id: employee,
              employee_name: employeeName,
              dates: [...dates].sort(),
              unit,
              place,
              ...(place === "elsewhere" ? { place_detail: placeDetail.trim() } : {}),
              reason,
              ...(member ? { family_member_id: member.id, family_name: member.name } : {}),
            },
          ]);
          setDates([]);
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t("policy.sim.employee")}
            placeholder={t("delegations.search")}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            value={employee}
            onChange={(v, o) => {
              if (v !== employee) setFamilyId("");
              setEmployee(v);
              if (o) setEmployeeName(o.label);
            }}
            data={employee && !options.some((o) => o.value === employee) ? [...options, { value: employee, label: employeeName || search }] : options}
            filter={({ options }) => options}
            nothingFoundMessage={q ? t("common.none") : undefined}
            required
          />
          <MultiSelect
            label={t("policy.sim.dates")}
            data={next14.map((d) => ({ value: d, label: formatDay(d, lang) }))}
            value={dates}
            onChange={setDates}
            searchable
            required
          />
          <Select
            label={t("request.unit")}
            data={(["full", "am", "pm"] as const).map((u) => ({ value: u, label: t(`unit.${u}`) }))}
            value={unit}
            onChange={(v) => setUnit((v as SimCase["unit"]) ?? "full")}
            allowDeselect={false}
          />
          <Select label={t("request.reason")} data={reasons} value={reason} onChange={setReason} allowDeselect={false} required />
          <Select
            label={t("policy.sim.family")}
            description={t("policy.sim.familyHelp")}
            data={familyOptions}
            value={familyId}
            onChange={(v) => setFamilyId(v ?? "")}
            allowDeselect={false}
            disabled={!employee}
            error={family.isError ? (problemOf(family.error)?.detail ?? t("policy.sim.familyLoadError")) : undefined}
          />
          <Select
            label={t("request.place")}
            data={(["home", "elsewhere"] as const).map((p) => ({ value: p, label: t(`place.${p}`) }))}
            value={place}
            onChange={(v) => setPlace(v === "elsewhere" ? "elsewhere" : "home")}
            allowDeselect={false}
          />
          {place === "elsewhere" && (
            <TextInput label={t("request.placeDetail")} value={placeDetail} onChange={(e) => setPlaceDetail(e.currentTarget.value)} maxLength={200} required />
          )}
        </SimpleGrid>
        <Group mt="sm">
          <Button type="submit" variant="light" disabled={!employee || dates.length === 0 || !reason || (place === "elsewhere" && !placeDetail.trim())}>
            {t("policy.sim.add")}
          </Button>
        </Group>
      </form>
      {cases.length > 0 && (
        <List mt="sm" data-testid="sim-cases">
          {cases.map((c, i) => (
            <List.Item key={i}>
              <Group gap="xs">
                <Text size="sm">
                  {c.employee_name}: {c.dates.map((d) => formatDay(d, lang)).join("、")}（{t(`unit.${c.unit}`)}・{t(`place.${c.place}`)}・{reasons.find((r) => r.value === c.reason)?.label ?? c.reason}
                  {c.family_name ? `・${c.family_name}` : ""}）
                </Text>
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => setCases(cases.filter((_, j) => j !== i))} aria-label={t("policy.sim.removeCase", { n: i + 1 })}>
                  {t("common.remove")}
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      <Group mt="sm">
        <Button onClick={() => simulate.mutate()} loading={simulate.isPending}>
          {t("policy.sim.run")}
        </Button>
      </Group>
      {simulate.isError && !problemOf(simulate.error)?.errors?.length && <ProblemAlert problem={problemOf(simulate.error)} />}
      {result && <SimulationResult result={result} />}
    </Card>
  );
}

function verdict(d: Decision): "refused" | "accepted" {
  const all = [...(d.results ?? []), ...d.dates.flatMap((x) => x.results)];
  // As the request preview reads a decision: any failing rule refuses.
  return all.some((r) => r.outcome === "fail") ? "refused" : "accepted";
}

function SimulationResult({ result }: { result: Simulation }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Stack mt="md" data-testid="sim-result" aria-live="polite">
      <Title order={3} size="h5">
        {t("policy.sim.cases")}
      </Title>
      {result.cases.length === 0 && <Text size="sm">{t("policy.sim.noCases")}</Text>}
      {result.cases.map((c, i) => (
        <Card key={i} withBorder padding="sm" data-testid="sim-case">
          <Group gap="xs" mb="xs">
            <Text fw={600}>{c.employee_name}</Text>
            {c.changed ? (
              <Badge color="orange" variant="light" autoContrast>
                {t("policy.sim.changed")}
              </Badge>
            ) : (
              <Badge color="gray" variant="light" autoContrast>
                {t("policy.sim.same")}
              </Badge>
            )}
          </Group>
          <Text size="sm">
            {t("policy.sim.inForce")}: <strong data-testid="verdict-in-force">{t(`policy.sim.${verdict(c.in_force)}`)}</strong> → {t("policy.sim.draft")}:{" "}
            <strong data-testid="verdict-draft">{t(`policy.sim.${verdict(c.draft)}`)}</strong>
          </Text>
          <RuleTable draft={c.draft} inForce={c.in_force} />
        </Card>
      ))}
      <Title order={3} size="h5">
        {t("policy.sim.stored", { from: formatDay(result.from, lang), to: formatDay(result.to, lang) })}
      </Title>
      <Text size="sm" data-testid="sim-stored">
        {t("policy.sim.storedCounts", { checked: result.checked, refused: result.newly_refused.length, accepted: result.newly_accepted.length })}
      </Text>
      {result.truncated && <Alert color="orange">{t("policy.sim.truncated")}</Alert>}
      <StoredList title={t("policy.sim.newlyRefused")} items={result.newly_refused} />
      <StoredList title={t("policy.sim.newlyAccepted")} items={result.newly_accepted} />
    </Stack>
  );
}

function StoredList({ title, items }: { title: string; items: Schemas["StoredChange"][] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (items.length === 0) return null;
  return (
    <div>
      <Text fw={600} size="sm">
        {title}
      </Text>
      <List size="sm">
        {items.map((s) => (
          <List.Item key={s.request_id}>
            {s.employee_name}: {s.dates.map((d) => formatDay(d, lang)).join("、")}（{t(`status.${s.status}`)}）— {s.rules.join(", ")}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

// RuleTable puts each rule's result under the draft beside the one in force,
// date by date; rows whose outcome differs are highlighted.
function RuleTable({ draft, inForce }: { draft: Decision; inForce: Decision }) {
  const { t } = useTranslation();
  const lang = useLang();
  type Row = { key: string; date: string; rule: string; d?: Schemas["Result"]; f?: Schemas["Result"] };
  const rows = new Map<string, Row>();
  const add = (dec: Decision, side: "d" | "f") => {
    for (const r of dec.results ?? []) {
      const key = `|${r.rule}`;
      const row = rows.get(key) ?? { key, date: "", rule: r.rule };
      row[side] = r;
      rows.set(key, row);
    }
    for (const day of dec.dates)
      for (const r of day.results) {
        const key = `${day.date}|${r.rule}`;
        const row = rows.get(key) ?? { key, date: day.date, rule: r.rule };
        row[side] = r;
        rows.set(key, row);
      }
  };
  add(inForce, "f");
  add(draft, "d");
  const [all, setAll] = useState(false);
  const list = [...rows.values()].filter((r) => all || r.d?.outcome !== r.f?.outcome);
  return (
    <>
    <Checkbox mt="xs" mb="xs" label={t("policy.sim.allRules")} checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
    {list.length === 0 ? <Text size="sm">{t("policy.sim.noRuleChanged")}</Text> : (
    <Table.ScrollContainer minWidth={560}>
      <Table fz="sm" withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("policy.sim.day")}</Table.Th>
            <Table.Th scope="col">{t("policy.sim.inForce")}</Table.Th>
            <Table.Th scope="col">{t("policy.sim.draft")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((r) => {
            const diff = r.d?.outcome !== r.f?.outcome;
            return (
              <Table.Tr key={r.key} className={diff ? "decision-changed" : undefined} data-changed={diff || undefined}>
                <Table.Td>
                  {r.date ? formatDay(r.date, lang) : "—"}
                  {diff && <Text size="xs" fw={700}>{t("policy.sim.ruleChanged")}</Text>}
                </Table.Td>
                <Table.Td>{r.f ? <Res r={r.f} /> : "—"}</Table.Td>
                <Table.Td>{r.d ? <Res r={r.d} /> : "—"}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
    )}
    </>
  );
}

function Res({ r }: { r: Schemas["Result"] }) {
  const lang = useLang();
  return (
    <>
      <OutcomeBadge outcome={r.outcome} /> <Text span size="sm">{text(r.message, lang)}</Text>
    </>
  );
}
