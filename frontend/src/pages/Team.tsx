import { Card, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../api/client";
import { useMe } from "../auth";
import { AttendanceGrid, DownloadButtons, ForecastTable, LedgerLegend } from "../components/attendance";
import { PageTitle, ProblemAlert } from "../components/common";
import { byPerson, jsonOf } from "../lib/attendance";
import { addDays, daysBetween } from "../lib/dates";
import { problemOf } from "../lib/problem";

// TeamPage is a supervisor's or department head's line for the coming two
// weeks, and their departments' forecast ratio against the band. The API
// answers with the caller's line and departments only.
export function TeamPage() {
  const { t } = useTranslation();
  const me = useMe();
  const from = me.today;
  const to = addDays(from, 13);
  const line = useQuery({
    queryKey: ["attendance", "line", from, to],
    queryFn: async () => jsonOf(unwrap(await api.GET("/api/v1/attendance", { params: { query: { from, to } } }))).items,
  });
  const forecast = useQuery({
    queryKey: ["attendance-forecast", 14, "line"],
    queryFn: async () => jsonOf(unwrap(await api.GET("/api/v1/reports/attendance-forecast", { params: { query: { days: 14 } } }))),
  });
  const people = byPerson(line.data ?? []);
  return (
    <>
      <PageTitle>{t("att.team.title")}</PageTitle>
      <Text size="sm" mb="md">
        {t("att.team.intro")}
      </Text>
      <Stack gap="lg">
        <Card withBorder component="section" aria-labelledby="team-forecast">
          <Title order={2} size="h3" id="team-forecast" mb="sm">
            {t("att.team.forecast")}
          </Title>
          <Text size="sm" mb="sm">
            {t("att.forecast.intro")}
          </Text>
          <ProblemAlert problem={problemOf(forecast.error)} />
          {forecast.data && <ForecastTable days={forecast.data.items} caption={t("att.team.forecast")} />}
        </Card>
        <Card withBorder component="section" aria-labelledby="team-line">
          <Group justify="space-between" mb="sm" wrap="wrap">
            <Title order={2} size="h3" id="team-line">
              {t("att.team.grid")}
            </Title>
            <DownloadButtons what={t("att.team.grid")} path="/api/v1/attendance" query={{ from, to }} name="attendance" />
          </Group>
          <LedgerLegend />
          <ProblemAlert problem={problemOf(line.error)} />
          {line.isSuccess && people.length === 0 && <Text size="sm">{t("att.ledger.empty")}</Text>}
          {people.length > 0 && <AttendanceGrid people={people} days={daysBetween(from, to)} caption={t("att.team.grid")} />}
        </Card>
      </Stack>
    </>
  );
}
