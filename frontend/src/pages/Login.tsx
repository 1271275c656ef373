import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth";
import { ProblemAlert } from "../components/common";
import { fieldErrors, problemOf } from "../lib/problem";
import type { Problem } from "../api/client";

export function LoginPage() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const fe = fieldErrors(problem);
  return (
    <Center mih="100vh" p="md" component="main" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setProblem(null);
            try {
              await signIn(email, password);
            } catch (err) {
              setProblem(problemOf(err) ?? ({ detail: t("common.error") } as Problem));
            } finally {
              setBusy(false);
            }
          }}
        >
          <Stack>
            <div>
              <Text c="dimmed" size="sm">
                {t("app.name")} — {t("app.tagline")}
              </Text>
              <Title order={1} size="h2">
                {t("login.title")}
              </Title>
            </div>
            <Text size="sm">{t("login.intro")}</Text>
            <ProblemAlert problem={problem} />
            <TextInput label={t("login.email")} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fe.email} />
            <PasswordInput label={t("login.password")} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fe.password} />
            <Button type="submit" loading={busy}>
              {t("login.submit")}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
