import { Button, Card, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type FamilyMember } from "../../api/client";
import { ProblemAlert, useLang } from "../../components/common";
import { formatDay } from "../../lib/dates";
import { fieldErrors, problemOf } from "../../lib/problem";
import { notifyDone, PageHead } from "./shared";

// VerifyPage is HR's list of family members awaiting verification across
// the organisation; the server audits every read of it.
export function VerifyPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ["family-members", "unverified"],
    queryFn: async () => unwrap(await api.GET("/api/v1/family-members", { params: { query: { verified: false, limit: 200 } } })).items,
  });
  const [target, setTarget] = useState<FamilyMember | null>(null);
  const [note, setNote] = useState("");
  const verify = useMutation({
    mutationFn: async (m: FamilyMember) =>
      unwrap(await api.POST("/api/v1/employees/{id}/family-members/{member_id}/verify", { params: { path: { id: m.employee_id, member_id: m.id } }, body: { note } })),
    onSuccess: async () => {
      setTarget(null);
      setNote("");
      notifyDone(t("verify.done"));
      await qc.invalidateQueries({ queryKey: ["family-members"] });
    },
  });
  const fe = fieldErrors(problemOf(verify.error));
  return (
    <>
      <PageHead title={t("verify.title")} intro={t("verify.intro")} topic="verify" />
      <ProblemAlert problem={problemOf(list.error)} />
      {list.data?.length === 0 && <Text>{t("verify.empty")}</Text>}
      <Stack gap="xs">
        {(list.data ?? []).map((m) => (
          <Card key={m.id} withBorder padding="sm" data-testid="unverified-member">
            <Group justify="space-between" wrap="wrap">
              <div>
                <Text fw={600}>
                  {m.employee_name} — {m.name}（{t(`relation.${m.relation}`, { defaultValue: m.relation })}）
                </Text>
                <Text size="sm">
                  {[
                    m.birth_date ? `${t("verify.birth")} ${formatDay(m.birth_date, lang)}` : null,
                    m.cohabiting ? t("verify.cohabiting") : t("verify.separate"),
                    m.care_level ? t("verify.care", { n: m.care_level }) : null,
                    m.partnership_certificate ? t("verify.partnership") : null,
                  ].filter(Boolean).join("・")}
                </Text>
                {m.evidence_note && (
                  <Text size="sm" c="dimmed">
                    {t("verify.evidence")}: {m.evidence_note}
                  </Text>
                )}
              </div>
              <Button size="xs" onClick={() => { verify.reset(); setTarget(m); }}>
                {t("verify.verify")}
              </Button>
            </Group>
          </Card>
        ))}
      </Stack>
      <Modal
        opened={!!target}
        onClose={() => setTarget(null)}
        title={target ? t("verify.dialog", { name: target.name, relation: t(`relation.${target.relation}`, { defaultValue: target.relation }) }) : ""}
        closeButtonProps={{ "aria-label": t("common.close") }}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (target) verify.mutate(target);
          }}
        >
          <Stack>
            <ProblemAlert message={fe.note ? null : problemOf(verify.error)?.detail} />
            <Textarea label={t("verify.note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fe.note} autosize minRows={2} maxLength={500} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setTarget(null)}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={verify.isPending}>
                {t("verify.verify")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
