import { ActionIcon, Badge, Button, Card, Group, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type Schemas } from "../../api/client";
import { ProblemAlert } from "../../components/common";
import { fieldErrors, generalMessage, problemOf } from "../../lib/problem";
import { notifyDone, PageHead, StaffPicker } from "./shared";

type Officer = { role: string; employee_id: string | null; employee_name: string };
const zones = ["Asia/Tokyo", "UTC"];

// OrganizationPage is the administrator's settings of the organisation and
// its webhook, with a test post.
export function OrganizationPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const org = useQuery({ queryKey: ["organization"], queryFn: async () => unwrap(await api.GET("/api/v1/organization")) });
  const [name, setName] = useState("");
  const [zone, setZone] = useState("Asia/Tokyo");
  const [language, setLanguage] = useState<"ja" | "en">("ja");
  const [webhook, setWebhook] = useState("");
  const [officers, setOfficers] = useState<Officer[]>([]);
  useEffect(() => {
    if (!org.data) return;
    setName(org.data.name);
    setZone(org.data.time_zone);
    setLanguage(org.data.language);
    setWebhook(org.data.webhook_url ?? "");
    setOfficers(org.data.officers.map((o) => ({ ...o })));
  }, [org.data]);
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PATCH("/api/v1/organization", {
          body: {
            name, time_zone: zone, language, webhook_url: webhook,
            officers: Object.fromEntries(officers.filter((o) => o.role && o.employee_id).map((o) => [o.role, o.employee_id as string])),
          },
        }),
      ),
    onSuccess: async (o) => {
      qc.setQueryData(["organization"], o);
      notifyDone(t("org.saved"));
      await qc.invalidateQueries({ queryKey: ["me"] });
    },
  });
  const problem = problemOf(save.error);
  const fe = fieldErrors(problem);
  return (
    <>
      <PageHead title={t("org.title")} intro={t("org.intro")} topic="organization" />
      <ProblemAlert problem={problemOf(org.error)} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack maw={720}>
          <ProblemAlert message={generalMessage(problem, ["name", "time_zone", "language", "webhook_url", "officers"])} />
          <TextInput label={t("org.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fe.name} required />
          <Group grow>
            <Select label={t("org.timeZone")} data={zones.includes(zone) ? zones : [...zones, zone]} value={zone} onChange={(v) => setZone(v ?? zone)} error={fe.time_zone} allowDeselect={false} />
            <Select
              label={t("org.language")}
              data={[{ value: "ja", label: "日本語" }, { value: "en", label: "English" }]}
              value={language}
              onChange={(v) => setLanguage((v ?? "ja") as "ja" | "en")}
              allowDeselect={false}
            />
          </Group>
          <Card withBorder component="fieldset" aria-labelledby="officers">
            <Title order={2} size="h5" id="officers" mb="xs">
              {t("org.officers")}
            </Title>
            <Stack gap="xs">
              {officers.map((o, i) => (
                <Group key={i} align="flex-end" wrap="nowrap">
                  <TextInput
                    label={t("org.officerRole")}
                    description={t(`org.officerNames.${o.role}`, { defaultValue: "" })}
                    value={o.role}
                    onChange={(e) => setOfficers(officers.map((x, j) => (j === i ? { ...x, role: e.currentTarget.value } : x)))}
                    error={fe[`officers.${o.role}`]}
                    style={{ flex: 1 }}
                  />
                  <div style={{ flex: 1 }}>
                    <StaffPicker
                      label={t("org.officerPerson")}
                      value={o.employee_id}
                      initialLabel={o.employee_name}
                      onChange={(v, label) => setOfficers(officers.map((x, j) => (j === i ? { ...x, employee_id: v, employee_name: label } : x)))}
                    />
                  </div>
                  <ActionIcon variant="subtle" color="red" size="lg" aria-label={t("org.removeOfficer", { role: o.role })} onClick={() => setOfficers(officers.filter((_, j) => j !== i))}>
                    <IconTrash size={18} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
              <Group>
                <Button variant="light" size="xs" onClick={() => setOfficers([...officers, { role: "", employee_id: null, employee_name: "" }])}>
                  {t("org.addOfficer")}
                </Button>
              </Group>
            </Stack>
          </Card>
          <Card withBorder component="section" aria-labelledby="webhook">
            <Title order={2} size="h5" id="webhook" mb="xs">
              {t("org.webhook")}
            </Title>
            <TextInput label={t("org.webhookUrl")} description={t("org.webhookHelp")} value={webhook} onChange={(e) => setWebhook(e.currentTarget.value)} error={fe.webhook_url} type="url" />
            <WebhookTest disabled={!org.data?.webhook_url || webhook !== org.data.webhook_url} />
          </Card>
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t("org.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

const stateColor = { pending: "yellow", delivered: "green", failing: "red" } as const;

// WebhookTest sends a test post of the saved URL and follows its delivery
// until it arrives or fails.
function WebhookTest({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const [id, setId] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/organization/webhook/test")),
    onSuccess: (d) => setId(d.id),
  });
  const delivery = useQuery({
    queryKey: ["webhook-delivery", id],
    enabled: !!id,
    queryFn: async () => unwrap(await api.GET("/api/v1/organization/webhook/deliveries/{id}", { params: { path: { id: id as string } } })),
    refetchInterval: (q) => (q.state.data?.state === "pending" ? 1000 : false),
  });
  const d: Schemas["WebhookDelivery"] | undefined = delivery.data ?? send.data;
  return (
    <Stack gap="xs" mt="sm">
      <Group>
        <Button variant="default" onClick={() => send.mutate()} loading={send.isPending} disabled={disabled}>
          {t("org.test")}
        </Button>
      </Group>
      <ProblemAlert problem={problemOf(send.error)} />
      {d && (
        <Text size="sm" role="status" data-testid="webhook-state">
          {t("org.testQueued", { host: d.host })}{" "}
          <Badge color={stateColor[d.state]} variant="light" autoContrast>
            {t(`org.state.${d.state}`)}
          </Badge>
          {d.last_error ? `　${d.last_error}` : ""}
        </Text>
      )}
    </Stack>
  );
}
