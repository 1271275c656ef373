import { Badge, Button, Card, Checkbox, Group, Modal, NativeSelect, NumberInput, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type FamilyMember, type Problem, type Schemas } from "../api/client";
import { ConfirmDialog, PageTitle, ProblemAlert, useLang } from "../components/common";
import { formatDay } from "../lib/dates";
import { fieldErrors, generalMessage, problemOf } from "../lib/problem";

const RELATIONS = ["spouse", "partner", "common_law_partner", "child", "stepchild", "parent", "parent_in_law", "grandparent", "grandchild", "sibling"];
type Input = Schemas["FamilyMemberInput"];

export function FamilyPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ["family"], queryFn: async () => unwrap(await api.GET("/api/v1/me/family-members")).items });
  const [editing, setEditing] = useState<FamilyMember | "new" | null>(null);
  const [removing, setRemoving] = useState<FamilyMember | null>(null);
  const remove = useMutation({
    mutationFn: async (m: FamilyMember) => unwrap(await api.DELETE("/api/v1/me/family-members/{id}", { params: { path: { id: m.id } } })),
    onSuccess: async () => {
      setRemoving(null);
      notifications.show({ color: "green", message: t("common.saved") });
      await qc.invalidateQueries({ queryKey: ["family"] });
    },
  });
  return (
    <>
      <Group justify="space-between" align="flex-start">
        <PageTitle>{t("family.title")}</PageTitle>
        <Button onClick={() => setEditing("new")}>{t("family.add")}</Button>
      </Group>
      <Text size="sm" mb="md">
        {t("family.intro")}
      </Text>
      {list.data?.length === 0 && <Text>{t("family.empty")}</Text>}
      <Stack gap="xs">
        {(list.data ?? []).map((m) => (
          <Card key={m.id} withBorder padding="sm" data-testid="family-member">
            <Group justify="space-between" wrap="wrap">
              <div>
                <Text fw={600}>
                  {m.name}（{t(`relation.${m.relation}`, { defaultValue: m.relation })}）
                </Text>
                <Text size="sm">
                  {m.birth_date ? `${t("family.birthDate")}: ${formatDay(m.birth_date, lang)}` : ""}
                  {m.cohabiting ? `　${t("family.cohabiting")}` : ""}
                  {m.care_level != null ? `　${t("family.careLevel")}: ${m.care_level}` : ""}
                </Text>
              </div>
              <Group gap="xs">
                <Badge color={m.verified_at ? "green" : "gray"} variant="light" autoContrast>
                  {m.verified_at ? t("family.verified") : t("family.unverified")}
                </Badge>
                <Button size="xs" variant="light" onClick={() => setEditing(m)} aria-label={`${t("common.edit")}: ${m.name}`}>
                  {t("common.edit")}
                </Button>
                <Button size="xs" variant="light" color="red" onClick={() => setRemoving(m)} aria-label={`${t("common.remove")}: ${m.name}`}>
                  {t("common.remove")}
                </Button>
              </Group>
            </Group>
          </Card>
        ))}
      </Stack>
      {editing && <FamilyForm member={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmDialog opened={!!removing} title={removing ? t("family.removeConfirm", { name: removing.name }) : ""} action={t("common.remove")} busy={remove.isPending} error={remove.error} onConfirm={() => removing && remove.mutate(removing)} onClose={() => setRemoving(null)} />
    </>
  );
}

function FamilyForm({ member, onClose }: { member: FamilyMember | null; onClose(): void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [f, setF] = useState<Input>({
    relation: member?.relation ?? "child",
    name: member?.name ?? "",
    birth_date: member?.birth_date ?? null,
    cohabiting: member?.cohabiting ?? true,
    care_level: member?.care_level ?? null,
    care_need_days: member?.care_need_days ?? null,
    partnership_certificate: member?.partnership_certificate ?? false,
    evidence_note: member?.evidence_note ?? "",
  });
  const [problem, setProblem] = useState<Problem | null>(null);
  const save = useMutation({
    mutationFn: async () =>
      member
        ? unwrap(await api.PATCH("/api/v1/me/family-members/{id}", { params: { path: { id: member.id } }, body: f }))
        : unwrap(await api.POST("/api/v1/me/family-members", { body: f, headers: { "Idempotency-Key": crypto.randomUUID() } })),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("common.saved") });
      await qc.invalidateQueries({ queryKey: ["family"] });
      onClose();
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const fe = fieldErrors(problem);
  const set = <K extends keyof Input>(k: K, v: Input[K]) => setF((x) => ({ ...x, [k]: v }));
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened onClose={onClose} title={member ? t("family.edit") : t("family.add")}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(null);
          save.mutate();
        }}
      >
        <Stack>
          <ProblemAlert message={generalMessage(problem, Object.keys(f))} />
          <NativeSelect label={t("family.relation")} value={f.relation} onChange={(e) => set("relation", e.currentTarget.value)} error={fe.relation} data={RELATIONS.map((r) => ({ value: r, label: t(`relation.${r}`) }))} />
          <TextInput label={t("family.name")} required value={f.name} onChange={(e) => set("name", e.currentTarget.value)} error={fe.name} maxLength={100} />
          <TextInput type="date" label={t("family.birthDate")} value={f.birth_date ?? ""} onChange={(e) => set("birth_date", e.currentTarget.value || null)} error={fe.birth_date} />
          <Checkbox label={t("family.cohabiting")} checked={!!f.cohabiting} onChange={(e) => set("cohabiting", e.currentTarget.checked)} />
          <NumberInput label={t("family.careLevel")} min={0} max={5} value={f.care_level ?? ""} onChange={(v) => set("care_level", v === "" ? null : Number(v))} error={fe.care_level} />
          <NumberInput label={t("family.careNeedDays")} min={0} value={f.care_need_days ?? ""} onChange={(v) => set("care_need_days", v === "" ? null : Number(v))} error={fe.care_need_days} />
          <Checkbox label={t("family.partnership")} checked={!!f.partnership_certificate} onChange={(e) => set("partnership_certificate", e.currentTarget.checked)} />
          <TextInput label={t("family.evidence")} value={f.evidence_note ?? ""} onChange={(e) => set("evidence_note", e.currentTarget.value)} error={fe.evidence_note} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
