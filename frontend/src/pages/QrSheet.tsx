import { Button, Card, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { api, unwrap, type Schemas } from "../api/client";
import { ConfirmDialog, PageTitle, ProblemAlert } from "../components/common";
import { problemOf } from "../lib/problem";

type Code = Schemas["CheckinCode"];

// downloadPNG saves a space's QR code (GET /spaces/{id}/qr.png, which needs
// the bearer token, so it is fetched rather than linked).
async function downloadPNG(c: Code) {
  const r = await api.GET("/api/v1/spaces/{id}/qr.png", { params: { path: { id: c.space_id } }, parseAs: "blob" });
  if (!r.data) return;
  const href = URL.createObjectURL(r.data as Blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = `${c.office_name}-${c.space_name}.png`;
  a.click();
  URL.revokeObjectURL(href);
}

// QrSheetPage is an office's check-in QR codes laid out for A4 paper (its
// managers and admins): print it and stick each code on its seat. A code
// can be changed here when a sticker went astray.
export function QrSheetPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { id = "" } = useParams();
  const codes = useQuery({
    queryKey: ["checkin-codes", id],
    queryFn: async () => unwrap(await api.GET("/api/v1/offices/{id}/checkin-codes", { params: { path: { id } } })).items,
  });
  const [rotating, setRotating] = useState<Code | null>(null);
  const rotate = useMutation({
    mutationFn: async (c: Code) => unwrap(await api.POST("/api/v1/spaces/{id}/checkin-code/rotate", { params: { path: { id: c.space_id } } })),
    onSuccess: async () => {
      setRotating(null);
      notifications.show({ color: "green", message: t("qr.rotated") });
      await qc.invalidateQueries({ queryKey: ["checkin-codes", id] });
    },
  });
  const office = codes.data?.[0]?.office_name ?? "";
  return (
    <Stack>
      <PageTitle>{`${t("qr.title")}${office ? ` — ${office}` : ""}`}</PageTitle>
      <Group className="no-print">
        <Button onClick={() => window.print()}>{t("qr.print")}</Button>
      </Group>
      <ProblemAlert problem={problemOf(codes.error)} />
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} className="qr-sheet">
        {(codes.data ?? []).map((c) => (
          <Card key={c.space_id} withBorder className="qr-card" data-testid="qr-card">
            <Stack align="center" gap={4}>
              <Text fw={700} size="xl">
                {c.space_name}
              </Text>
              <img src={c.qr_png} alt={t("qr.forSpace", { space: c.space_name })} width={200} height={200} />
              <Text ff="monospace" size="lg" data-testid="qr-code">
                {c.code}
              </Text>
              <Text size="xs" c="dimmed">
                {c.office_name}
              </Text>
              <Group gap="xs" className="no-print">
                <Button size="compact-xs" variant="subtle" onClick={() => void downloadPNG(c)}>
                  {t("qr.png")}
                </Button>
                <Button size="compact-xs" variant="subtle" onClick={() => setRotating(c)}>
                  {t("qr.rotate")}
                </Button>
              </Group>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      <ConfirmDialog
        opened={!!rotating}
        title={t("qr.rotateConfirm", { space: rotating?.space_name ?? "" })}
        action={t("qr.rotate")}
        busy={rotate.isPending}
        error={rotate.error}
        onConfirm={() => rotating && rotate.mutate(rotating)}
        onClose={() => setRotating(null)}
      />
    </Stack>
  );
}
