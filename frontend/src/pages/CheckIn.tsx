import { Alert, Anchor, Button, Card, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { api, unwrap, type Problem } from "../api/client";
import { PageTitle, ProblemAlert, useLang } from "../components/common";
import { dayIn, formatDay, timeIn } from "../lib/dates";
import { fieldErrors, generalMessage, problemOf } from "../lib/problem";

// CheckInPage is what a seat's QR code opens (/check-in/{code}), sized for a
// phone: one button to check in with the code it carries. Without a code
// (/check-in) it asks for one, typed from the seat's sticker.
export function CheckInPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { code: fromQR = "" } = useParams();
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const checkIn = useMutation({
    mutationFn: async (code: string) => unwrap(await api.POST("/api/v1/check-in", { body: { code } })),
    onSuccess: async () => {
      setProblem(null);
      await qc.invalidateQueries({ queryKey: ["bookings"] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const done = checkIn.data;
  const b = done?.booking;
  const fe = fieldErrors(problem);
  return (
    <Stack maw={480}>
      <PageTitle>{t("checkin.title")}</PageTitle>
      {done && b ? (
        <Alert color="green" role="status" title={done.walk_in ? t("checkin.walkIn") : t("checkin.done")}>
          <Text fw={600} data-testid="checked-in">
            {b.office.name} / {b.space.name}
          </Text>
          <Text>
            {formatDay(dayIn(b.start, b.time_zone), lang)} {timeIn(b.start, b.time_zone)}〜{timeIn(b.end, b.time_zone)}
          </Text>
        </Alert>
      ) : null}
      {done ? (
        <Button component={Link} to="/book" variant="default">
          {t("checkin.toBookings")}
        </Button>
      ) : (
        <Card withBorder>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              checkIn.mutate(fromQR || typed);
            }}
          >
            <Stack>
              <Text>{fromQR ? t("checkin.forCode", { code: fromQR }) : t("checkin.intro")}</Text>
              <ProblemAlert message={generalMessage(problem, fromQR ? [] : ["code"])} />
              {!fromQR && (
                <TextInput
                  label={t("checkin.code")}
                  description={t("checkin.codeHint")}
                  value={typed}
                  onChange={(e) => setTyped(e.currentTarget.value)}
                  error={fe.code}
                  autoCapitalize="characters"
                  autoComplete="off"
                  required
                />
              )}
              <Button type="submit" size="lg" loading={checkIn.isPending}>
                {t("checkin.submit")}
              </Button>
              {fromQR && (
                <Anchor component="button" type="button" onClick={() => void navigate("/check-in")}>
                  {t("checkin.typeCode")}
                </Anchor>
              )}
            </Stack>
          </form>
        </Card>
      )}
    </Stack>
  );
}
