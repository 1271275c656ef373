import { Button, Card, PasswordInput, SegmentedControl, SimpleGrid, Stack, Table, Title, Input, CopyButton, Group, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Problem } from "../api/client";
import { useMe, useSwitchLanguage } from "../auth";
import { ConfirmDialog, PageTitle, ProblemAlert, useLang } from "../components/common";
import { formatInstant } from "../lib/dates";
import { fieldErrors, generalMessage, problemOf } from "../lib/problem";

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const change = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/me/password", { body: { current_password: current, new_password: next } })),
    onSuccess: () => {
      setCurrent("");
      setNext("");
      notifications.show({ color: "green", message: t("account.changed") });
    },
    onError: (err) => setProblem(problemOf(err)),
  });
  const fe = fieldErrors(problem);
  const switchLanguage = useSwitchLanguage();
  const changeLanguage = async (lang: string) => {
    if (await switchLanguage(lang)) notifications.show({ color: "green", message: t("account.languageSaved") });
  };
  return (
    <>
      <PageTitle>{t("account.title")}</PageTitle>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder component="section" aria-labelledby="profile-title">
          <Title order={2} size="h4" id="profile-title" mb="sm">
            {t("account.profile")}
          </Title>
          <Table>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row">{t("family.name")}</Table.Th>
                <Table.Td>
                  {me.family_name} {me.given_name}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t("account.employeeNumber")}</Table.Th>
                <Table.Td>{me.employee_number}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t("login.email")}</Table.Th>
                <Table.Td>{me.email}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t("account.department")}</Table.Th>
                <Table.Td>{me.department.name}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t("account.supervisor")}</Table.Th>
                <Table.Td>{me.supervisor?.name ?? "—"}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Input.Wrapper label={t("account.language")} mt="md">
            <div>
              <SegmentedControl aria-label={t("account.language")} value={me.language} onChange={(v) => void changeLanguage(v)} data={[{ value: "ja", label: "日本語" }, { value: "en", label: "English" }]} />
            </div>
          </Input.Wrapper>
        </Card>
        <Card withBorder component="section" aria-labelledby="password-title">
          <Title order={2} size="h4" id="password-title" mb="sm">
            {t("account.password")}
          </Title>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setProblem(null);
              change.mutate();
            }}
          >
            <Stack>
              <ProblemAlert message={generalMessage(problem, ["current_password", "new_password", "password"])} />
              <PasswordInput label={t("account.current")} autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={fe.current_password} required />
              <PasswordInput label={t("account.newPassword")} autoComplete="new-password" value={next} onChange={(e) => setNext(e.currentTarget.value)} error={fe.new_password ?? fe.password} required minLength={12} />
              <Button type="submit" loading={change.isPending}>
                {t("account.change")}
              </Button>
            </Stack>
          </form>
        </Card>
        <CalendarFeedCard />
      </SimpleGrid>
    </>
  );
}

// CalendarFeedCard makes, shows once, and revokes the person's private
// calendar feed link.
function CalendarFeedCard() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const state = useQuery({ queryKey: ["calendar-feed"], queryFn: async () => unwrap(await api.GET("/api/v1/me/calendar-feed")) });
  const [revoking, setRevoking] = useState(false);
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/me/calendar-feed")),
    onSuccess: async () => qc.invalidateQueries({ queryKey: ["calendar-feed"] }),
  });
  const revoke = useMutation({
    mutationFn: async () => unwrap(await api.DELETE("/api/v1/me/calendar-feed")),
    onSuccess: async () => {
      setRevoking(false);
      create.reset();
      notifications.show({ color: "green", message: t("feed.revoked") });
      await qc.invalidateQueries({ queryKey: ["calendar-feed"] });
    },
  });
  const active = state.data?.active ?? false;
  const url = create.data?.url;
  return (
    <Card withBorder component="section" aria-labelledby="feed-title">
      <Title order={2} size="h4" id="feed-title" mb="sm">
        {t("feed.title")}
      </Title>
      <Stack>
        <Text size="sm">{t("feed.intro")}</Text>
        <Text size="sm" data-testid="feed-state">
          {active && state.data?.created_at ? t("feed.active", { at: formatInstant(state.data.created_at, me.organization.time_zone, lang) }) : t("feed.inactive")}
        </Text>
        <ProblemAlert problem={problemOf(create.error)} />
        {url && (
          <Group align="flex-end" wrap="nowrap">
            <TextInput label={t("feed.url")} value={url} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy}>
                  {copied ? t("feed.copied") : t("feed.copy")}
                </Button>
              )}
            </CopyButton>
          </Group>
        )}
        <Group>
          <Button variant={active ? "default" : "filled"} loading={create.isPending} onClick={() => create.mutate()}>
            {active ? t("feed.replace") : t("feed.create")}
          </Button>
          {active && (
            <Button variant="light" color="red" onClick={() => setRevoking(true)}>
              {t("feed.revoke")}
            </Button>
          )}
        </Group>
      </Stack>
      <ConfirmDialog opened={revoking} title={t("feed.revokeConfirm")} action={t("feed.revoke")} busy={revoke.isPending} error={revoke.error} onConfirm={() => revoke.mutate()} onClose={() => setRevoking(false)} />
    </Card>
  );
}
