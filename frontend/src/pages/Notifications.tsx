import { Badge, Button, Card, Group, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import { isApprover, useMe } from "../auth";
import { PageTitle, useLang } from "../components/common";
import { formatInstant } from "../lib/dates";

export function NotificationsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ["notifications", lang], queryFn: async () => unwrap(await api.GET("/api/v1/notifications", { params: { query: { limit: 100 } } })).items });
  const read = useMutation({
    mutationFn: async (id: string) => unwrap(await api.POST("/api/v1/notifications/{id}/read", { params: { path: { id } } })),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ["notifications"] });
      await qc.invalidateQueries({ queryKey: ["unread"] });
    },
  });
  const approvalKinds = ["approval_requested", "approval_reminder", "approval_escalated"];
  return (
    <>
      <PageTitle>{t("notifications.title")}</PageTitle>
      {list.data?.length === 0 && <Text>{t("notifications.empty")}</Text>}
      <Stack gap="xs">
        {(list.data ?? []).map((n) => (
          <Card key={n.id} withBorder padding="sm" data-testid="notification" bg={n.read ? undefined : "blue.0"}>
            <Group justify="space-between" wrap="wrap">
              <Group gap="xs">
                {!n.read && <Badge color="blue" autoContrast>{t("notifications.unread")}</Badge>}
                <Text fw={600}>{n.title}</Text>
              </Group>
              <Text size="xs" c="dimmed">
                {formatInstant(n.created_at, me.organization.time_zone, lang)}
              </Text>
            </Group>
            <Text size="sm" mt={4}>
              {n.body}
            </Text>
            <Group gap="xs" mt="xs">
              {n.request_id && (
                <Button size="compact-xs" variant="subtle" component={Link} to={approvalKinds.includes(n.kind) && isApprover(me.roles, me.heads) ? "/approvals" : `/telework-requests/${n.request_id}`} onClick={() => !n.read && read.mutate(n.id)}>
                  {t("notifications.open")}
                </Button>
              )}
              {!n.request_id && (
                <Button size="compact-xs" variant="subtle" component={Link} to="/book" onClick={() => !n.read && read.mutate(n.id)}>
                  {t("checkin.toBookings")}
                </Button>
              )}
              {!n.read && (
                <Button size="compact-xs" variant="light" onClick={() => read.mutate(n.id)}>
                  {t("notifications.markRead")}
                </Button>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
    </>
  );
}
