import { Anchor, Badge, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import { useMe } from "../auth";
import { PageTitle, ProblemAlert, ResultList, StatusBadge, text, useLang } from "../components/common";
import { formatDay, formatInstant } from "../lib/dates";
import { problemOf } from "../lib/problem";

// RequestDetailPage is where notification e-mails lead an applicant: one
// request with the rules' results and its history.
export function RequestDetailPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const { id } = useParams();
  const q = useQuery({
    queryKey: ["request", id],
    queryFn: async () => unwrap(await api.GET("/api/v1/telework-requests/{id}", { params: { path: { id: id! } } })),
  });
  const r = q.data;
  const tz = me.organization.time_zone;
  return (
    <>
      <PageTitle>{t("requests.detail")}</PageTitle>
      <ProblemAlert problem={problemOf(q.error)} />
      {r && (
        <Stack>
          <Card withBorder>
            <Group justify="space-between" wrap="wrap">
              <Title order={2} size="h4">
                {r.dates.map((d) => formatDay(d, lang)).join("、")}
              </Title>
              <StatusBadge status={r.status} />
            </Group>
            <Group gap="xs" mt={4}>
              <Badge variant="outline" color="gray">{t(`unit.${r.unit}`)}</Badge>
              <Badge variant="outline" color="gray">{t(`place.${r.place}`)}</Badge>
              <Badge variant="outline" color="gray">{text(r.reason_name, lang)}</Badge>
            </Group>
            <Text size="sm" fw={600} mt="sm">
              {t("approvals.results")}
            </Text>
            <ResultList results={r.decision.dates.flatMap((d) => d.results.filter((x) => x.outcome !== "pass"))} showDate />
            {r.decision.dates.every((d) => d.results.every((x) => x.outcome === "pass")) && <Text size="sm">{t("outcome.pass")}</Text>}
          </Card>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              {t("requests.history")}
            </Title>
            <List spacing={4}>
              {r.trail.map((e, i) => (
                <List.Item key={i}>
                  <Text size="sm">
                    {formatInstant(e.at, tz, lang)} {e.actor_name} — {t(`action.${e.action}`, { defaultValue: e.action })}
                    {e.comment ? `：${e.comment}` : ""}
                    {e.same_approver_steps?.length
                      ? t("requests.sameApprover", {
                          steps: e.same_approver_steps.map((name) => r.tasks.find((k) => k.step_name === name)?.step_label || name).join("、"),
                        })
                      : ""}
                  </Text>
                </List.Item>
              ))}
            </List>
          </Card>
          <Anchor component={Link} to="/requests">
            {t("nav.requests")}
          </Anchor>
        </Stack>
      )}
    </>
  );
}
