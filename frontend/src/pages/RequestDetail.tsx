import { Anchor, Badge, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, unwrap, type TeleworkRequest } from "../api/client";
import { useMe } from "../auth";
import { PageTitle, ProblemAlert, ResultList, StatusBadge, text, useLang } from "../components/common";
import { dayIn, formatDay, formatInstant, timeIn } from "../lib/dates";
import { usePolicy } from "../lib/policy";
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
            <RequestTerms r={r} />
            <Text size="sm" fw={600} mt="sm">
              {t("approvals.results")}
            </Text>
            <ResultList results={r.decision.dates.flatMap((d) => d.results.filter((x) => x.outcome !== "pass"))} showDate />
            {r.decision.dates.every((d) => d.results.every((x) => x.outcome === "pass")) && <Text size="sm">{t("outcome.pass")}</Text>}
          </Card>
          {r.place === "satellite" && (
            <Card withBorder component="section" aria-labelledby="seats-title">
              <Title order={2} size="h4" mb="xs" id="seats-title">
                {t("held.seats")}
              </Title>
              <HeldSeats seats={r.held_seats ?? []} />
            </Card>
          )}
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

type Held = NonNullable<TeleworkRequest["held_seats"]>[number];

// HeldSeats lists the seats booked for a satellite request: held while it
// is pending, confirmed once approved. Approvers see them too.
export function HeldSeats({ seats }: { seats: Held[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const tz = useMe().organization.time_zone;
  if (seats.length === 0) return <Text size="sm">{t("held.none")}</Text>;
  return (
    <List spacing={4} listStyleType="none">
      {seats.map((h) => (
        <List.Item key={h.booking_id} data-testid="held-seat">
          <Group gap="xs">
            <Badge color={h.tentative ? "orange" : "green"} variant="light" autoContrast>
              {h.tentative ? t("held.tentative") : t("held.confirmed")}
            </Badge>
            <Text size="sm">
              {formatDay(dayIn(h.start, tz), lang)} {timeIn(h.start, tz)}〜{timeIn(h.end, tz)} {h.office_name} / {h.space_name}
            </Text>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

type Terms = Pick<TeleworkRequest, "dates" | "scheme" | "work_kind" | "pool" | "notice">;

// RequestTerms shows what a request said beyond its days: the scheme (制度),
// the kind of work, the pool, and the prior notice (事前連絡) of a late or
// after-the-fact request. The applicant and approvers read the same: none of
// it is a private fact of the applicant's.
export function RequestTerms({ r }: { r: Terms }) {
  if (!r.scheme && !r.work_kind && !r.pool && !r.notice) return null;
  return <TermsShown r={r} />;
}

// TermsShown reads the names from the version in force on the first date.
function TermsShown({ r }: { r: Terms }) {
  const { t } = useTranslation();
  const lang = useLang();
  const tz = useMe().organization.time_zone;
  const policy = usePolicy(r.dates[0]);
  const scheme = policy.data?.schemes.find((x) => x.id === r.scheme);
  const pool = policy.data?.pools.find((x) => x.id === r.pool);
  return (
    <Stack gap={4} mt="xs" data-testid="request-terms">
      <Group gap="xs">
        {r.scheme && (
          <Badge variant="light" color="blue" autoContrast>
            {t("extras.schemeOf", { name: scheme ? text(scheme.name, lang) : r.scheme })}
          </Badge>
        )}
        {r.work_kind && (
          <Badge variant="light" color="gray" autoContrast>
            {t("extras.workKind")}: {t(`extras.kinds.${r.work_kind}`, { defaultValue: r.work_kind })}
          </Badge>
        )}
        {r.pool && (
          <Badge variant="light" color="gray" autoContrast>
            {t("extras.poolOf", { name: pool ? text(pool.name, lang) : r.pool })}
          </Badge>
        )}
      </Group>
      {r.notice && (
        <Text size="sm" data-testid="request-notice">
          {t("extras.noticeGiven", { method: t(`extras.methods.${r.notice.method}`), to: r.notice.to, at: formatInstant(r.notice.at, tz, lang) })}
        </Text>
      )}
    </Stack>
  );
}
