import { Button, Card, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Document } from "yaml";
import { appendItem, joinList, listOf, pathKey, readValue, removeItem, splitList, writeValue, type Path } from "../lib/policyDraft";

// formPaths lists every path the form shows for a document, so errors at
// other paths are listed above the text editor instead.
export function formPaths(doc: Document | null): Set<string> {
  const s = new Set<string>([
    "version", "effective_from",
    "family.max_degree.blood", "family.max_degree.affinity", "family.partnership_as_spouse", "family.common_law_as_spouse",
    "family.partnership_requires_certificate", "family.cohabitation_required", "family.relations",
    "limits.per_week", "limits.per_month", "limits.per_fiscal_year", "limits.min_office_days_per_week",
    "deadlines.office_days_before", "deadlines.time", "deadlines.late", "deadlines.after_the_fact",
    "calendar.closing_days",
  ]);
  listOf(doc, ["reasons"]).forEach((_, i) => {
    for (const k of ["name.ja", "name.en", "family_member", "relations", "limits.per_week"]) s.add(`reasons[${i}].${k}`);
    s.add(`reasons[${i}]`);
  });
  listOf(doc, ["attendance", "bands"]).forEach((_, i) => {
    for (const k of ["name.ja", "level", "min_percent", "max_percent", "effect"]) s.add(`attendance.bands[${i}].${k}`);
  });
  listOf(doc, ["approval", "steps"]).forEach((_, i) => {
    for (const k of ["label.ja", "approvers", "mode", "on_demand"]) s.add(`approval.steps[${i}].${k}`);
  });
  // A closing day's own error belongs to the closing days field.
  return s;
}

// errorAt finds the form error for a path, also for errors on the items of a list field.
function errorAt(errors: Record<string, string>, key: string): string | undefined {
  if (errors[key]) return errors[key];
  const item = Object.keys(errors).find((k) => k.startsWith(`${key}[`));
  return item ? errors[item] : undefined;
}

export function PolicyForm({ doc, text, onChange, errors }: {
  doc: Document | null;
  text: string;
  onChange(text: string): void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const set = (path: Path, v: unknown) => onChange(writeValue(text, path, v));
  const num = (path: Path, label: string, help?: string, max?: number) => (
    <NumberInput
      key={pathKey(path)}
      label={label}
      description={help}
      value={(readValue(doc, path) as number | undefined) ?? ""}
      onChange={(v) => set(path, v === "" ? undefined : Number(v))}
      error={errorAt(errors, pathKey(path))}
      min={0}
      max={max}
      clampBehavior="none"
      allowDecimal
      data-path={pathKey(path)}
    />
  );
  const bool = (path: Path, label: string, help?: string) => (
    <Checkbox
      key={pathKey(path)}
      label={label}
      description={help}
      checked={readValue(doc, path) === true}
      onChange={(e) => set(path, e.currentTarget.checked)}
      error={errorAt(errors, pathKey(path))}
    />
  );
  const str = (path: Path, label: string, help?: string) => (
    <TextInput
      key={pathKey(path)}
      label={label}
      description={help}
      value={String(readValue(doc, path) ?? "")}
      onChange={(e) => set(path, e.currentTarget.value)}
      error={errorAt(errors, pathKey(path))}
    />
  );
  const list = (path: Path, label: string, help?: string) => (
    <TextInput
      key={`${pathKey(path)}=${joinList(readValue(doc, path))}`}
      label={label}
      description={help}
      defaultValue={joinList(readValue(doc, path))}
      onBlur={(e) => set(path, splitList(e.currentTarget.value))}
      error={errorAt(errors, pathKey(path))}
    />
  );
  const effectData = [
    { value: "refuse", label: t("policy.effect.refuse") },
    { value: "warn", label: t("policy.effect.warn") },
  ];
  const sel = (path: Path, label: string, data: { value: string; label: string }[], help?: string, clearable = false) => {
    const v = readValue(doc, path);
    const value = v === undefined ? null : String(v);
    return (
      <Select
        key={pathKey(path)}
        label={label}
        description={help}
        data={value && !data.some((d) => d.value === value) ? [...data, { value, label: value }] : data}
        value={value}
        onChange={(x) => set(path, x ?? undefined)}
        clearable={clearable}
        allowDeselect={clearable}
        error={errorAt(errors, pathKey(path))}
      />
    );
  };
  const [newReason, setNewReason] = useState("");
  const remove = (path: Path, i: number, name: string) => (
    <Button size="compact-xs" variant="subtle" color="red" onClick={() => onChange(removeItem(text, path, i))} aria-label={t("policy.form.removeItem", { name })}>
      {t("common.remove")}
    </Button>
  );
  const reasons = listOf(doc, ["reasons"]);
  const bands = listOf(doc, ["attendance", "bands"]);
  const steps = listOf(doc, ["approval", "steps"]);
  return (
    <Stack>
      <Text size="sm">{t("policy.form.intro")}</Text>
      <Section title={t("policy.form.basic")}>
        {str(["version"], t("policy.form.version"), t("policy.form.versionHelp"))}
      </Section>
      <Section title={t("policy.form.reasons")} help={t("policy.form.reasonsHelp")}>
        {reasons.map((r, i) => (
          <Card key={`${i}-${String(r.id)}`} withBorder padding="sm" data-testid="reason">
            <Group justify="space-between" mb={4}>
              <Text fw={600} size="sm">
                {t("policy.form.reasonId", { id: String(r.id ?? "") })}
              </Text>
              {remove(["reasons"], i, t("policy.form.reasonId", { id: String(r.id ?? "") }))}
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {str(["reasons", i, "name", "ja"], t("policy.form.nameJa"))}
              {str(["reasons", i, "name", "en"], t("policy.form.nameEn"))}
              {sel(["reasons", i, "family_member"], t("policy.form.familyMember"), [
                { value: "required", label: t("policy.form.fmRequired") },
                { value: "optional", label: t("policy.form.fmOptional") },
              ], t("policy.form.familyMemberHelp"), true)}
              {list(["reasons", i, "relations"], t("policy.form.relations"), t("policy.form.relationsHelp"))}
              {num(["reasons", i, "limits", "per_week"], t("policy.form.reasonPerWeek"), t("policy.form.reasonPerWeekHelp"))}
            </SimpleGrid>
          </Card>
        ))}
        <Group align="flex-end">
          <TextInput label={t("policy.form.newReason")} description={t("policy.form.newReasonHelp")} value={newReason} onChange={(e) => setNewReason(e.currentTarget.value)} />
          <Button
            variant="light"
            disabled={!newReason.trim()}
            onClick={() => {
              onChange(appendItem(text, ["reasons"], { id: newReason.trim(), name: { ja: newReason.trim(), en: newReason.trim() } }));
              setNewReason("");
            }}
          >
            {t("policy.form.addReason")}
          </Button>
        </Group>
      </Section>
      <Section title={t("policy.form.family")} help={t("policy.form.familyHelp")}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {num(["family", "max_degree", "blood"], t("policy.form.blood"), t("policy.form.bloodHelp"))}
          {num(["family", "max_degree", "affinity"], t("policy.form.affinity"), t("policy.form.affinityHelp"))}
        </SimpleGrid>
        {list(["family", "relations"], t("policy.form.familyRelations"), t("policy.form.familyRelationsHelp"))}
        {bool(["family", "partnership_as_spouse"], t("policy.form.partnership"), t("policy.form.partnershipHelp"))}
        {bool(["family", "partnership_requires_certificate"], t("policy.form.certificate"), t("policy.form.certificateHelp"))}
        {bool(["family", "common_law_as_spouse"], t("policy.form.commonLaw"), t("policy.form.commonLawHelp"))}
        {bool(["family", "cohabitation_required"], t("policy.form.cohabitation"), t("policy.form.cohabitationHelp"))}
      </Section>
      <Section title={t("policy.form.limits")} help={t("policy.form.limitsHelp")}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {num(["limits", "per_week"], t("policy.form.perWeek"), t("policy.form.perWeekHelp"))}
          {num(["limits", "per_month"], t("policy.form.perMonth"))}
          {num(["limits", "per_fiscal_year"], t("policy.form.perYear"), t("policy.form.perYearHelp"))}
          {num(["limits", "min_office_days_per_week"], t("policy.form.minOffice"), t("policy.form.minOfficeHelp"))}
        </SimpleGrid>
      </Section>
      <Section title={t("policy.form.deadlines")} help={t("policy.form.deadlinesHelp")}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {num(["deadlines", "office_days_before"], t("policy.form.daysBefore"), t("policy.form.daysBeforeHelp"))}
          {str(["deadlines", "time"], t("policy.form.time"), t("policy.form.timeHelp"))}
          {sel(["deadlines", "late"], t("policy.form.late"), effectData, t("policy.form.lateHelp"))}
          {sel(["deadlines", "after_the_fact"], t("policy.form.afterTheFact"), effectData)}
        </SimpleGrid>
      </Section>
      <Section title={t("policy.form.attendance")} help={t("policy.form.attendanceHelp")}>
        {bands.length === 0 && <Text size="sm">{t("policy.form.noBands")}</Text>}
        {bands.map((_, i) => (
          <Card key={i} withBorder padding="sm">
            <Group justify="flex-end">{remove(["attendance", "bands"], i, t("policy.form.band", { n: i + 1 }))}</Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {str(["attendance", "bands", i, "name", "ja"], t("policy.form.bandName"))}
              {str(["attendance", "bands", i, "level"], t("policy.form.bandLevel"), t("policy.form.bandLevelHelp"))}
              {num(["attendance", "bands", i, "min_percent"], t("policy.form.minPercent"), undefined, 100)}
              {num(["attendance", "bands", i, "max_percent"], t("policy.form.maxPercent"), undefined, 100)}
              {sel(["attendance", "bands", i, "effect"], t("policy.form.effect"), effectData)}
            </SimpleGrid>
          </Card>
        ))}
        <Group>
          <Button variant="light" onClick={() => onChange(appendItem(text, ["attendance", "bands"], { name: { ja: t("policy.form.newBandJa"), en: "Attendance band" }, level: "ka", min_percent: 40, effect: "warn" }))}>
            {t("policy.form.addBand")}
          </Button>
        </Group>
      </Section>
      <Section title={t("policy.form.approval")} help={t("policy.form.approvalHelp")}>
        {steps.map((s, i) => (
          <Card key={i} withBorder padding="sm">
            <Group justify="space-between" mb={4}>
              <Text fw={600} size="sm">
                {t("policy.form.step", { n: i + 1, name: String(s.name ?? "") })}
              </Text>
              {remove(["approval", "steps"], i, t("policy.form.step", { n: i + 1, name: String(s.name ?? "") }))}
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {str(["approval", "steps", i, "label", "ja"], t("policy.form.stepLabel"))}
              {list(["approval", "steps", i, "approvers"], t("policy.form.approvers"), t("policy.form.approversHelp"))}
              {sel(["approval", "steps", i, "mode"], t("policy.form.mode"), [
                { value: "any_of", label: t("policy.form.anyOf") },
                { value: "all_of", label: t("policy.form.allOf") },
              ], t("policy.form.modeHelp"), true)}
              {bool(["approval", "steps", i, "on_demand"], t("policy.form.onDemand"), t("policy.form.onDemandHelp"))}
            </SimpleGrid>
          </Card>
        ))}
        <Group>
          <Button
            variant="light"
            onClick={() => onChange(appendItem(text, ["approval", "steps"], { name: `step_${steps.length + 1}`, label: { ja: t("policy.form.newStepJa"), en: "New step" }, approvers: ["department_head"] }))}
          >
            {t("policy.form.addStep")}
          </Button>
        </Group>
      </Section>
      <Section title={t("policy.form.calendar")}>
        {list(["calendar", "closing_days"], t("policy.form.closingDays"), t("policy.form.closingDaysHelp"))}
      </Section>
    </Stack>
  );
}

function Section({ title, help, children }: { title: string; help?: string; children: ReactNode }) {
  return (
    <Card withBorder component="fieldset" padding="md" m={0}>
      <Title order={3} size="h5" component="legend" px={4}>
        {title}
      </Title>
      {help && (
        <Text size="sm" c="dimmed" mb="xs">
          {help}
        </Text>
      )}
      <Stack gap="sm">
        {children}
      </Stack>
    </Card>
  );
}
