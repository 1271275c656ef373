import { Anchor, Box, Code, List, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api } from "../api/client";
import { PageTitle, useLang } from "../components/common";
import { helpEn, helpJa, helpTopics, type HelpTopic } from "../i18n-admin";

// The screen each help page belongs to, and its title key.
const screens: Record<HelpTopic, { path: string; title: string }> = {
  verify: { path: "/hr/family", title: "verify.title" },
  leave: { path: "/hr/leave", title: "leave.title" },
  staff: { path: "/staff", title: "staff.title" },
  audit: { path: "/audit", title: "audit.title" },
  organization: { path: "/admin/organization", title: "org.title" },
  departments: { path: "/admin/departments", title: "dept.title" },
  offices: { path: "/offices", title: "offices.title" },
  records: { path: "/hr/staff-records", title: "records.title" },
  emergencies: { path: "/hr/emergencies", title: "emergencies.title" },
};

// HelpPage says what a screen is for and which rules apply (ja/en).
export function HelpPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { topic = "" } = useParams();
  if (!helpTopics.includes(topic as HelpTopic)) {
    return (
      <>
        <PageTitle>{t("help.notFound")}</PageTitle>
      </>
    );
  }
  const tp = topic as HelpTopic;
  const h = (lang === "en" ? helpEn : helpJa)[tp];
  const screen = screens[tp];
  return (
    <>
      <PageTitle>{t("help.title", { screen: t(screen.title) })}</PageTitle>
      <Stack maw={760}>
        <section aria-labelledby="help-purpose">
          <Title order={2} size="h4" id="help-purpose" mb={4}>
            {t("help.purpose")}
          </Title>
          <Text>{h.purpose}</Text>
        </section>
        <section aria-labelledby="help-rules">
          <Title order={2} size="h4" id="help-rules" mb={4}>
            {t("help.rules")}
          </Title>
          <List spacing={4}>
            {h.rules.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        </section>
        {h.reference && (
          <Anchor component={Link} to={`/help/policy-reference#${h.reference}`}>
            {t("help.referenceLink", { key: h.reference })}
          </Anchor>
        )}
        <Anchor component={Link} to={screen.path}>
          {t("help.back")}
        </Anchor>
      </Stack>
    </>
  );
}

// PolicyReferencePage shows docs/policy-reference.md (bilingual already), as
// the server was built with it, each key's section reachable by its anchor.
export function PolicyReferencePage() {
  const { t } = useTranslation();
  const ref = useQuery({
    queryKey: ["policy-reference"],
    staleTime: Infinity,
    queryFn: async () => (await api.GET("/api/v1/policies/telework/reference", { parseAs: "text" })).data ?? "",
  });
  const blocks = (ref.data ?? "").split(/\n(?=#{1,3} )/);
  useEffect(() => {
    const id = window.location.hash.slice(1);
    if (ref.data && id) document.getElementById(id)?.scrollIntoView();
  }, [ref.data]);
  return (
    <>
      <PageTitle>{t("help.reference")}</PageTitle>
      <Text mb="md" maw={760}>
        {t("help.referenceIntro")}
      </Text>
      <Stack gap="sm" maw={960}>
        {blocks.map((b, i) => {
          const m = /^(#{1,3}) (.*)\n?([\s\S]*)$/.exec(b);
          if (!m) return <Box key={i} component="pre" style={{ whiteSpace: "pre-wrap" }}>{b}</Box>;
          const level = Math.min(m[1].length + 1, 4) as 2 | 3 | 4;
          const key = /`([a-z_]+)`/.exec(m[2])?.[1];
          return (
            <section key={i} id={key} aria-label={m[2].replace(/`/g, "")}>
              {level > 1 && (
                <Title order={level} size={level === 2 ? "h3" : "h4"}>
                  {m[2].replace(/`/g, "")}
                </Title>
              )}
              <Code block style={{ whiteSpace: "pre-wrap", background: "transparent", fontFamily: "inherit", fontSize: 14 }}>
                {m[3].trim()}
              </Code>
            </section>
          );
        })}
      </Stack>
    </>
  );
}
