import { Button, Card, PasswordInput, SegmentedControl, SimpleGrid, Stack, Table, Title, Input } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Problem } from "../api/client";
import { applyLanguage, useAuth, useMe } from "../auth";
import { PageTitle, ProblemAlert } from "../components/common";
import { fieldErrors, generalMessage, problemOf } from "../lib/problem";

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { reloadMe } = useAuth();
  const qc = useQueryClient();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const fe = fieldErrors(problem);
  const changeLanguage = async (lang: string) => {
    applyLanguage(lang);
    unwrap(await api.PATCH("/api/v1/me", { body: { language: lang as "ja" | "en" } }));
    await reloadMe();
    await qc.invalidateQueries();
    notifications.show({ color: "green", message: t("account.languageSaved") });
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
            onSubmit={async (e) => {
              e.preventDefault();
              setBusy(true);
              setProblem(null);
              try {
                unwrap(await api.POST("/api/v1/me/password", { body: { current_password: current, new_password: next } }));
                setCurrent("");
                setNext("");
                notifications.show({ color: "green", message: t("account.changed") });
              } catch (err) {
                setProblem(problemOf(err));
              } finally {
                setBusy(false);
              }
            }}
          >
            <Stack>
              <ProblemAlert message={generalMessage(problem, ["current_password", "new_password", "password"])} />
              <PasswordInput label={t("account.current")} autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={fe.current_password} required />
              <PasswordInput label={t("account.newPassword")} autoComplete="new-password" value={next} onChange={(e) => setNext(e.currentTarget.value)} error={fe.new_password ?? fe.password} required minLength={12} />
              <Button type="submit" loading={busy}>
                {t("account.change")}
              </Button>
            </Stack>
          </form>
        </Card>
      </SimpleGrid>
    </>
  );
}
