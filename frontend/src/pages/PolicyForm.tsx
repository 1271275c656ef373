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
    // Issue 22.
    "effective_to", "units.hour_step", "eligibility.min_service_months", "eligibility.exclude_probation", "eligibility.excluded_ranks",
    "eligibility.rank_effect", "eligibility.excluded_work_kinds", "eligibility.satellite_other_than_own",
    "limits.share_of_scheduled_percent", "limits.per_month_hours", "deadlines.calendar_days_before", "deadlines.monthly.day",
    "deadlines.late_requires_notice", "periods.max_days", "periods.within_fiscal_year", "emergency.lift_limits", "emergency.waive",
    "emergency.office_days_before",
  ]);
  listOf(doc, ["reasons"]).forEach((_, i) => {
    for (const k of ["period", "commute.min_minutes", "commute.min_km"]) s.add(`reasons[${i}].${k}`);
  });
  // Deadlines as written (issue 22): the organisation's and each scheme's.
  const deadlinePaths = (base: string, path: Path) => {
    for (const k of deadlineKeys) s.add(`${base}.${k}`);
    listOf(doc, [...path, "monthly", "exceptions"]).forEach((_, i) => {
      for (const k of ["month", "day"]) s.add(`${base}.monthly.exceptions[${i}].${k}`);
    });
  };
  deadlinePaths("deadlines", ["deadlines"]);
  listOf(doc, ["schemes"]).forEach((_, i) => {
    deadlinePaths(`schemes[${i}].deadlines`, ["schemes", i, "deadlines"]);
    for (const k of ["name.en", "limits.per_week", "limits.per_month_hours"]) s.add(`schemes[${i}].${k}`);
  });
  listOf(doc, ["pools"]).forEach((_, i) => s.add(`pools[${i}].name.en`));
  listOf(doc, ["eligibility", "employment_limits"]).forEach((_, i) => {
    for (const k of ["employment_types", "limits.per_week", "limits.per_month", "limits.share_of_scheduled_percent"]) s.add(`eligibility.employment_limits[${i}].${k}`);
  });
  listOf(doc, ["approval", "steps"]).forEach((_, i) => {
    for (const k of ["when.ranks", "when.schemes"]) s.add(`approval.steps[${i}].${k}`);
  });
  listOf(doc, ["periods", "windows"]).forEach((_, i) => {
    for (const k of ["name.ja", "from", "to"]) s.add(`periods.windows[${i}].${k}`);
  });
  listOf(doc, ["pools"]).forEach((_, i) => {
    for (const k of ["id", "name.ja", "per_day", "step"]) s.add(`pools[${i}].${k}`);
  });
  listOf(doc, ["schemes"]).forEach((_, i) => {
    for (const k of ["id", "name.ja", "places", "employment_types", "limits.per_month"]) s.add(`schemes[${i}].${k}`);
  });
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

// deadlineKeys are the deadline settings the form offers, for the
// organisation and for each scheme (a scheme's replace the organisation's).
const deadlineKeys = ["office_days_before", "time", "late", "after_the_fact", "after_the_fact_within_office_days", "calendar_days_before",
  "monthly.day", "monthly.months_before", "late_requires_notice"];

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
  // optional text: emptied, the key is removed (an empty string is no date).
  const opt = (path: Path, label: string, help?: string) => (
    <TextInput
      key={pathKey(path)}
      label={label}
      description={help}
      value={String(readValue(doc, path) ?? "")}
      onChange={(e) => set(path, e.currentTarget.value.trim() === "" ? undefined : e.currentTarget.value.trim())}
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
  // deadlineFields are the deadlines at base: the organisation's, or a
  // scheme's own. Emptying the monthly day removes the monthly deadline
  // with its exceptions (a day is required once it is there).
  const deadlineFields = (base: Path) => {
    const monthly = [...base, "monthly"];
    const exceptions = listOf(doc, [...monthly, "exceptions"]);
    const hasMonthly = readValue(doc, [...monthly, "day"]) !== undefined;
    return (
      <>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {num([...base, "office_days_before"], t("policy.form.daysBefore"), t("policy.form.daysBeforeHelp"))}
          {str([...base, "time"], t("policy.form.time"), t("policy.form.timeHelp"))}
          {sel([...base, "late"], t("policy.form.late"), effectData, t("policy.form.lateHelp"), true)}
          {sel([...base, "after_the_fact"], t("policy.form.afterTheFact"), effectData, undefined, true)}
          {num([...base, "after_the_fact_within_office_days"], t("policy.form.afterTheFactWithin"), t("policy.form.afterTheFactWithinHelp"))}
          {num([...base, "calendar_days_before"], t("policy.form.calendarDays"), t("policy.form.calendarDaysHelp"))}
          <NumberInput
            key={pathKey([...monthly, "day"])}
            label={t("policy.form.monthlyDay")}
            description={t("policy.form.monthlyDayHelp")}
            value={(readValue(doc, [...monthly, "day"]) as number | undefined) ?? ""}
            onChange={(v) => (v === "" ? set(monthly, undefined) : set([...monthly, "day"], Number(v)))}
            error={errorAt(errors, pathKey([...monthly, "day"]))}
            min={1}
            max={31}
            clampBehavior="none"
          />
          {hasMonthly && num([...monthly, "months_before"], t("policy.form.monthsBefore"), t("policy.form.monthsBeforeHelp"), 12)}
        </SimpleGrid>
        {hasMonthly && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>{t("policy.form.exceptions")}</Text>
            <Text size="sm" c="dimmed">{exceptions.length === 0 ? t("policy.form.noExceptions") : t("policy.form.exceptionsHelp")}</Text>
            {exceptions.map((_, i) => (
              <Group key={i} align="flex-end" data-testid="monthly-exception">
                {num([...monthly, "exceptions", i, "month"], t("policy.form.exceptionMonth"), undefined, 12)}
                {num([...monthly, "exceptions", i, "day"], t("policy.form.exceptionDay"), undefined, 31)}
                {remove([...monthly, "exceptions"], i, t("policy.form.exception", { n: i + 1 }))}
              </Group>
            ))}
            <Group>
              <Button variant="light" size="xs" onClick={() => onChange(appendItem(text, [...monthly, "exceptions"], { month: 5, day: 15 }))}>
                {t("policy.form.addException")}
              </Button>
            </Group>
          </Stack>
        )}
        {bool([...base, "late_requires_notice"], t("policy.form.lateNotice"), t("policy.form.lateNoticeHelp"))}
      </>
    );
  };
  const [newReason, setNewReason] = useState("");
  const [ownDeadlines, setOwnDeadlines] = useState<number[]>([]);
  const schemeName = (i: number) => String(readValue(doc, ["schemes", i, "name", "ja"]) ?? readValue(doc, ["schemes", i, "id"]) ?? "");
  const remove = (path: Path, i: number, name: string) => (
    <Button size="compact-xs" variant="subtle" color="red" onClick={() => onChange(removeItem(text, path, i))} aria-label={t("policy.form.removeItem", { name })}>
      {t("common.remove")}
    </Button>
  );
  const reasons = listOf(doc, ["reasons"]);
  const bands = listOf(doc, ["attendance", "bands"]);
  const steps = listOf(doc, ["approval", "steps"]);
  const windows = listOf(doc, ["periods", "windows"]);
  const pools = listOf(doc, ["pools"]);
  const schemes = listOf(doc, ["schemes"]);
  const employmentLimits = listOf(doc, ["eligibility", "employment_limits"]);
  const effectiveFrom = String(readValue(doc, ["effective_from"]) ?? "");
  return (
    <Stack>
      <Text size="sm">{t("policy.form.intro")}</Text>
      <Section title={t("policy.form.basic")}>
        {str(["version"], t("policy.form.version"), t("policy.form.versionHelp"))}
        {opt(["effective_to"], t("policy.form.effectiveTo"), t("policy.form.effectiveToHelp"))}
      </Section>
      <Section title={t("policy.form.eligibility")} help={t("policy.form.eligibilityHelp")}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {num(["eligibility", "min_service_months"], t("policy.form.minService"), t("policy.form.minServiceHelp"))}
          {list(["eligibility", "excluded_ranks"], t("policy.form.excludedRanks"), t("policy.form.excludedRanksHelp"))}
          {sel(["eligibility", "rank_effect"], t("policy.form.rankEffect"), [...effectData, { value: "require_step:hr", label: t("policy.form.requireHr") }], t("policy.form.rankEffectHelp"), true)}
          {list(["eligibility", "excluded_work_kinds"], t("policy.form.excludedWorkKinds"), t("policy.form.excludedWorkKindsHelp"))}
        </SimpleGrid>
        {bool(["eligibility", "exclude_probation"], t("policy.form.excludeProbation"), t("policy.form.excludeProbationHelp"))}
        {bool(["eligibility", "satellite_other_than_own"], t("policy.form.satelliteOtherThanOwn"))}
        <Text size="sm" fw={600}>{t("policy.form.employmentLimits")}</Text>
        <Text size="sm" c="dimmed">{employmentLimits.length === 0 ? t("policy.form.noEmploymentLimits") : t("policy.form.employmentLimitsHelp")}</Text>
        {employmentLimits.map((_, i) => (
          <Card key={i} withBorder padding="sm">
            <Group justify="flex-end">{remove(["eligibility", "employment_limits"], i, t("policy.form.employmentLimit", { n: i + 1 }))}</Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {list(["eligibility", "employment_limits", i, "employment_types"], t("policy.form.employmentTypes"), t("policy.form.employmentTypesHelp"))}
              {num(["eligibility", "employment_limits", i, "limits", "per_week"], t("policy.form.perWeek"))}
              {num(["eligibility", "employment_limits", i, "limits", "per_month"], t("policy.form.perMonth"))}
              {num(["eligibility", "employment_limits", i, "limits", "share_of_scheduled_percent"], t("policy.form.share"), undefined, 100)}
            </SimpleGrid>
          </Card>
        ))}
        <Group>
          <Button variant="light" onClick={() => onChange(appendItem(text, ["eligibility", "employment_limits"], { employment_types: ["fiscal_year"], limits: { share_of_scheduled_percent: 50 } }))}>
            {t("policy.form.addEmploymentLimit")}
          </Button>
        </Group>
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
              {sel(["reasons", i, "period"], t("policy.form.period"), [
                { value: "pregnancy", label: t("policy.form.periodPregnancy") },
                { value: "care", label: t("policy.form.periodCare") },
              ], t("policy.form.periodHelp"), true)}
              {num(["reasons", i, "commute", "min_minutes"], t("policy.form.commuteMinutes"), t("policy.form.commuteHelp"))}
              {num(["reasons", i, "commute", "min_km"], t("policy.form.commuteKm"))}
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
          {num(["limits", "share_of_scheduled_percent"], t("policy.form.share"), t("policy.form.shareHelp"), 100)}
          {num(["limits", "per_month_hours"], t("policy.form.perMonthHours"), t("policy.form.perMonthHoursHelp"))}
          {opt(["units", "hour_step"], t("policy.form.hourStep"), t("policy.form.hourStepHelp"))}
        </SimpleGrid>
      </Section>
      <Section title={t("policy.form.deadlines")} help={t("policy.form.deadlinesHelp")}>
        {deadlineFields(["deadlines"])}
      </Section>
      <Section title={t("policy.form.periods")} help={t("policy.form.periodsHelp")}>
        {num(["periods", "max_days"], t("policy.form.maxDays"), t("policy.form.maxDaysHelp"), 366)}
        {bool(["periods", "within_fiscal_year"], t("policy.form.withinFiscalYear"))}
        <Text size="sm" fw={600}>{t("policy.form.windows")}</Text>
        <Text size="sm" c="dimmed">{windows.length === 0 ? t("policy.form.noWindows") : t("policy.form.windowsHelp")}</Text>
        {windows.map((_, i) => (
          <Card key={i} withBorder padding="sm">
            <Group justify="flex-end">{remove(["periods", "windows"], i, t("policy.form.window", { n: i + 1 }))}</Group>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {str(["periods", "windows", i, "name", "ja"], t("policy.form.windowName"))}
              {str(["periods", "windows", i, "from"], t("policy.form.from"), "YYYY-MM-DD")}
              {str(["periods", "windows", i, "to"], t("policy.form.to"), "YYYY-MM-DD")}
            </SimpleGrid>
          </Card>
        ))}
        <Group>
          <Button variant="light" onClick={() => onChange(appendItem(text, ["periods", "windows"], { name: { ja: t("policy.form.newWindowJa"), en: "Holidays" }, from: effectiveFrom, to: effectiveFrom }))}>
            {t("policy.form.addWindow")}
          </Button>
        </Group>
      </Section>
      <Section title={t("policy.form.emergency")} help={t("policy.form.emergencyHelp")}>
        {bool(["emergency", "lift_limits"], t("policy.form.liftLimits"))}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {list(["emergency", "waive"], t("policy.form.waive"), t("policy.form.waiveHelp"))}
          {num(["emergency", "office_days_before"], t("policy.form.emergencyDays"), t("policy.form.emergencyDaysHelp"), 30)}
        </SimpleGrid>
      </Section>
      <Section title={t("policy.form.pools")} help={t("policy.form.poolsHelp")}>
        {pools.length === 0 && <Text size="sm">{t("policy.form.noPools")}</Text>}
        {pools.map((p, i) => (
          <Card key={i} withBorder padding="sm">
            <Group justify="space-between" mb={4}>
              <Text fw={600} size="sm">{t("policy.form.pool", { n: i + 1, id: String(p.id ?? "") })}</Text>
              {remove(["pools"], i, t("policy.form.pool", { n: i + 1, id: String(p.id ?? "") }))}
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {str(["pools", i, "id"], t("policy.form.poolId"))}
              {str(["pools", i, "name", "ja"], t("policy.form.poolName"))}
              {str(["pools", i, "name", "en"], t("policy.form.nameEn"))}
              {num(["pools", i, "per_day"], t("policy.form.perDay"))}
              {str(["pools", i, "step"], t("policy.form.poolStep"), t("policy.form.poolStepHelp"))}
            </SimpleGrid>
          </Card>
        ))}
        <Group>
          <Button variant="light" onClick={() => onChange(appendItem(text, ["pools"], { id: `pool_${pools.length + 1}`, name: { ja: "貸出用パソコン", en: "Loan PCs" }, per_day: 10, step: steps.some((s) => s.name === "hr") ? "hr" : String(steps[steps.length - 1]?.name ?? "") }))}>
            {t("policy.form.addPool")}
          </Button>
        </Group>
      </Section>
      <Section title={t("policy.form.schemes")} help={t("policy.form.schemesHelp")}>
        {schemes.length === 0 && <Text size="sm">{t("policy.form.noSchemes")}</Text>}
        {schemes.map((sc, i) => (
          <Card key={i} withBorder padding="sm">
            <Group justify="space-between" mb={4}>
              <Text fw={600} size="sm">{t("policy.form.scheme", { n: i + 1, id: String(sc.id ?? "") })}</Text>
              {remove(["schemes"], i, t("policy.form.scheme", { n: i + 1, id: String(sc.id ?? "") }))}
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {str(["schemes", i, "id"], t("policy.form.schemeId"))}
              {str(["schemes", i, "name", "ja"], t("policy.form.nameJa"))}
              {str(["schemes", i, "name", "en"], t("policy.form.nameEn"))}
              {list(["schemes", i, "places"], t("policy.form.places"), t("policy.form.placesHelp"))}
              {list(["schemes", i, "employment_types"], t("policy.form.schemeTypes"))}
              {num(["schemes", i, "limits", "per_week"], t("policy.form.schemePerWeek"))}
              {num(["schemes", i, "limits", "per_month"], t("policy.form.schemePerMonth"))}
              {num(["schemes", i, "limits", "per_month_hours"], t("policy.form.schemeHours"))}
            </SimpleGrid>
            {readValue(doc, ["schemes", i, "deadlines"]) !== undefined || ownDeadlines.includes(i) ? (
              <Card withBorder component="fieldset" padding="sm" m={0} mt="sm" data-testid="scheme-deadlines">
                <Text component="legend" size="sm" fw={600} px={4}>
                  {t("policy.form.schemeDeadlines", { name: schemeName(i) })}
                </Text>
                <Text size="sm" c="dimmed" mb="xs">{t("policy.form.schemeDeadlinesHelp")}</Text>
                <Stack gap="sm">{deadlineFields(["schemes", i, "deadlines"])}</Stack>
              </Card>
            ) : (
              // Only the schemes with deadlines of their own show the fields: the form stays light.
              <Group mt="sm">
                <Button variant="subtle" size="xs" onClick={() => setOwnDeadlines([...ownDeadlines, i])}>
                  {t("policy.form.addSchemeDeadlines", { name: schemeName(i) })}
                </Button>
              </Group>
            )}
          </Card>
        ))}
        <Group>
          <Button variant="light" onClick={() => onChange(appendItem(text, ["schemes"], schemes.length === 0 ? { id: "home", name: { ja: "在宅勤務", en: "Home" }, places: ["home"] } : { id: `scheme_${schemes.length + 1}`, name: { ja: "サテライトオフィス勤務", en: "Satellite office" }, places: ["satellite"] }))}>
            {t("policy.form.addScheme")}
          </Button>
        </Group>
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
              {list(["approval", "steps", i, "when", "ranks"], t("policy.form.whenRanks"), t("policy.form.whenRanksHelp"))}
              {list(["approval", "steps", i, "when", "schemes"], t("policy.form.whenSchemes"), t("policy.form.whenSchemesHelp"))}
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
