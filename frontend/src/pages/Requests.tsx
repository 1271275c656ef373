import { Button, Card, Group, Stack, Text, Textarea, Badge, Modal } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap, type Problem, type TeleworkRequest } from "../api/client";
import { useMe } from "../auth";
import { PageTitle, ProblemAlert, StatusBadge, text, useLang } from "../components/common";
import { formatDay, formatInstant } from "../lib/dates";
import { problemOf } from "../lib/problem";

type Action = "withdraw" | "cancel";

export function RequestsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ["requests"], queryFn: async () => unwrap(await api.GET("/api/v1/telework-requests", { params: { query: { limit: 100 } } })).items });
  const [acting, setActing] = useState<{ r: TeleworkRequest; action: Action } | null>(null);
  const [comment, setComment] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const act = useMutation({
    mutationFn: async ({ r, action }: { r: TeleworkRequest; action: Action }) => {
      const path = action === "withdraw" ? "/api/v1/telework-requests/{id}/withdraw" : "/api/v1/telework-requests/{id}/cancel";
      return unwrap(await api.POST(path, { params: { path: { id: r.id } }, body: comment ? { comment } : {} }));
    },
    onSuccess: async () => {
      setActing(null);
      setComment("");
      notifications.show({ color: "green", message: t("requests.done") });
      await qc.invalidateQueries({ queryKey: ["requests"] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const tz = me.organization.time_zone;
  return (
    <>
      <Group justify="space-between" align="flex-start">
        <PageTitle>{t("requests.title")}</PageTitle>
        <Button component={Link} to="/requests/new">
          {t("requests.new")}
        </Button>
      </Group>
      {list.data?.length === 0 && <Text>{t("requests.empty")}</Text>}
      <Stack>
        {(list.data ?? []).map((r) => {
          const returned = [...r.trail].reverse().find((x) => x.action === "return");
          return (
            <Card key={r.id} withBorder component="article" aria-label={r.dates.map((d) => formatDay(d, lang)).join("、")} data-testid="request-card">
              <Group justify="space-between" wrap="wrap">
                <Text fw={700}>{r.dates.map((d) => formatDay(d, lang)).join("、")}</Text>
                <StatusBadge status={r.status} />
              </Group>
              <Group gap="xs" mt={4}>
                <Badge variant="outline" color="gray" autoContrast>{t(`unit.${r.unit}`)}{r.unit === "hours" ? ` ${r.start_time}〜${r.end_time}` : ""}</Badge>
                <Badge variant="outline" color="gray" autoContrast>{t(`place.${r.place}`)}</Badge>
                <Badge variant="outline" color="gray" autoContrast>{text(r.reason_name, lang)}</Badge>
                {r.flags.map((f) => (
                  <Badge key={f} color="orange" variant="outline">{t(`flag.${f}`, { defaultValue: f })}</Badge>
                ))}
              </Group>
              <Text size="sm" c="dimmed" mt={4}>
                {t("requests.submittedAt")}: {formatInstant(r.submitted_at, tz, lang)}
              </Text>
              {r.status === "returned" && returned?.comment && (
                <Text size="sm" mt={4}>
                  {t("requests.comment")}（{returned.actor_name}）: {returned.comment}
                </Text>
              )}
              {(r.status === "rejected" || r.status === "approved") && r.decision_comment && (
                <Text size="sm" mt={4}>
                  {t("requests.comment")}: {r.decision_comment}
                </Text>
              )}
              <Group mt="sm" gap="xs">
                <Button size="xs" variant="default" component={Link} to={`/telework-requests/${r.id}`}>
                  {t("requests.open")}
                </Button>
                {r.status === "pending" && (
                  <Button size="xs" variant="light" color="gray" onClick={() => { setProblem(null); setActing({ r, action: "withdraw" }); }}>
                    {t("requests.withdraw")}
                  </Button>
                )}
                {r.status === "approved" && (
                  <Button size="xs" variant="light" color="red" onClick={() => { setProblem(null); setActing({ r, action: "cancel" }); }}>
                    {t("requests.cancel")}
                  </Button>
                )}
                {r.status === "returned" && (
                  <Button size="xs" component={Link} to={`/requests/${r.id}/edit`}>
                    {t("requests.resubmit")}
                  </Button>
                )}
              </Group>
            </Card>
          );
        })}
      </Stack>
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={!!acting} onClose={() => setActing(null)} title={acting?.action === "cancel" ? t("requests.cancelConfirm") : t("requests.withdrawConfirm")}>
        <ProblemAlert problem={problem} />
        <Textarea label={t("requests.comment")} value={comment} onChange={(e) => setComment(e.currentTarget.value)} maxLength={2000} />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setActing(null)}>
            {t("common.cancel")}
          </Button>
          <Button color="red" loading={act.isPending} onClick={() => acting && act.mutate(acting)}>
            {acting?.action === "cancel" ? t("requests.cancel") : t("requests.withdraw")}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
