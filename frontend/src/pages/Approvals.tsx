import { Alert, Badge, Button, Card, Checkbox, Group, Modal, NativeSelect, Stack, SegmentedControl, Text, Textarea, Title, List, Accordion } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap, type InboxItem, type Problem, type Projection } from "../api/client";
import { PageTitle, ProblemAlert, ResultList, text, useLang } from "../components/common";
import { formatDay } from "../lib/dates";
import { fieldErrors, problemOf } from "../lib/problem";
import { HeldSeats, RequestTerms } from "./RequestDetail";

type Decision = "approve" | "reject" | "return";
type BulkOut = { task_id: string; status: number; problem: Record<string, unknown> | null };

export function ApprovalsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>("pending");
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkResult, setBulkResult] = useState<{ items: BulkOut[]; names: Map<string, string> } | null>(null);
  const qc = useQueryClient();
  const inbox = useQuery({
    queryKey: ["inbox", tab],
    queryFn: async () => unwrap(await api.GET("/api/v1/approvals", { params: { query: { status: tab === "waiting" ? "waiting" : "pending", limit: 100 } } })).items,
  });
  const items = inbox.data ?? [];
  const bulk = useMutation({
    mutationFn: async () => {
      // The names as they were asked about: the inbox reloads afterwards.
      const names = new Map(items.map((i) => [i.task.id, i.request.employee_name]));
      const out = unwrap(await api.POST("/api/v1/approvals/bulk", { body: { items: selected.map((id) => ({ task_id: id, action: "approve" as const })) } })).items;
      return { items: out as BulkOut[], names };
    },
    onSuccess: async (out) => {
      setBulkResult(out);
      setSelected([]);
      await qc.invalidateQueries({ queryKey: ["inbox"] });
      await qc.invalidateQueries({ queryKey: ["unread"] });
    },
  });
  return (
    <>
      <PageTitle>{t("approvals.title")}</PageTitle>
      <SegmentedControl
        mb="md"
        aria-label={t("approvals.title")}
        value={tab ?? "pending"}
        onChange={(v) => { setTab(v); setSelected([]); }}
        data={[{ value: "pending", label: t("status.pending") }, { value: "waiting", label: t("approvals.waiting") }]}
      />
      {bulkResult && (
        <Alert title={t("approvals.bulkResult")} color="blue" mb="md" withCloseButton onClose={() => setBulkResult(null)} role="status">
          <List size="sm">
            {bulkResult.items.map((b) => (
              <List.Item key={b.task_id}>
                {bulkResult.names.get(b.task_id) ?? b.task_id}: {b.status < 300 ? t("approvals.ok") : `${t("approvals.failed")} — ${String((b.problem as { detail?: string } | null)?.detail ?? b.status)}`}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {items.length === 0 && !inbox.isLoading && <Text>{t("approvals.empty")}</Text>}
      {tab === "pending" && items.length > 0 && (
        <Group mb="sm">
          <Checkbox
            label={t("approvals.selectAll")}
            checked={selected.length === items.length}
            indeterminate={selected.length > 0 && selected.length < items.length}
            onChange={(e) => setSelected(e.currentTarget.checked ? items.map((i) => i.task.id) : [])}
          />
          <Button size="sm" disabled={selected.length === 0} loading={bulk.isPending} onClick={() => bulk.mutate()}>
            {t("approvals.bulk")}{t("common.paren", { x: selected.length })}
          </Button>
        </Group>
      )}
      <Stack>
        {items.map((it) => (
          <InboxCard
            key={it.task.id}
            item={it}
            early={tab === "waiting"}
            selected={selected.includes(it.task.id)}
            onSelect={(on) => setSelected((s) => (on ? [...s, it.task.id] : s.filter((x) => x !== it.task.id)))}
          />
        ))}
      </Stack>
    </>
  );
}

export function InboxCard({ item, early, selected, onSelect }: { item: InboxItem; early: boolean; selected: boolean; onSelect(on: boolean): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const r = item.request;
  const [comment, setComment] = useState("");
  const [returnTo, setReturnTo] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [confirming, setConfirming] = useState(false);
  const decide = useMutation({
    mutationFn: async ({ action, confirm }: { action: Decision; confirm?: boolean }) => {
      const path = `/api/v1/approvals/{id}/${action}` as "/api/v1/approvals/{id}/approve";
      const body: { comment?: string; confirm?: boolean; return_to_step?: number | null } = {};
      if (comment) body.comment = comment;
      if (confirm) body.confirm = true;
      if (action === "return" && returnTo !== "") body.return_to_step = Number(returnTo);
      return unwrap(await api.POST(path, { params: { path: { id: item.task.id } }, body }));
    },
    onSuccess: async () => {
      setConfirming(false);
      notifications.show({ color: "green", message: t("approvals.done") });
      await qc.invalidateQueries({ queryKey: ["inbox"] });
      await qc.invalidateQueries({ queryKey: ["unread"] });
    },
    onError: (e) => {
      const p = problemOf(e);
      if (p?.type.endsWith("confirmation-required")) {
        setConfirming(true);
        return;
      }
      setProblem(p);
    },
  });
  const earlierSteps = r.tasks.filter((x) => x.round === item.task.round && x.step_index < item.task.step_index);
  const issues = item.results.filter((x) => x.outcome !== "pass");
  const fe = fieldErrors(problem);
  const run = (action: Decision) => {
    setProblem(null);
    decide.mutate({ action });
  };
  return (
    <Card withBorder component="article" aria-labelledby={`req-${item.task.id}`} data-testid="inbox-item">
      <Group justify="space-between" wrap="wrap" align="flex-start">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          {!early && <Checkbox mt={4} checked={selected} onChange={(e) => onSelect(e.currentTarget.checked)} aria-label={t("approvals.select", { name: r.employee_name })} />}
          <div>
            <Title order={2} size="h4" id={`req-${item.task.id}`}>
              {r.employee_name}：{r.dates.map((d) => formatDay(d, lang)).join("、")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("approvals.step")}: {item.task.step_label || item.task.step_name}
            </Text>
            {r.place === "satellite" && <InboxSeats requestId={r.id} />}
          </div>
        </Group>
        <Group gap={4}>
          {item.late && <Badge color="orange" variant="outline">{t("approvals.late")}</Badge>}
          {item.after_the_fact && <Badge color="red" variant="light">{t("approvals.afterTheFact")}</Badge>}
          {item.on_behalf_of_name && <Badge color="grape" variant="light" autoContrast>{t("approvals.onBehalf", { name: item.on_behalf_of_name })}</Badge>}
        </Group>
      </Group>
      <Group gap="xs" mt="xs">
        <Badge variant="outline" color="gray" autoContrast>{t(`unit.${r.unit}`)}</Badge>
        <Badge variant="outline" color="gray" autoContrast>{t(`place.${r.place}`)}</Badge>
        <Badge variant="outline" color="gray" autoContrast>{text(r.reason_name, lang)}</Badge>
      </Group>
      <RequestTerms r={r} />
      {item.refused && (
        <Alert color="red" mt="sm" p="xs">
          {t("approvals.refusedNow")}
        </Alert>
      )}
      <Text fw={600} size="sm" mt="sm">
        {t("approvals.attendance")}
      </Text>
      <Stack gap={6} mt={4}>
        {item.attendance.map((p) => (
          <AttendanceBar key={`${p.date}-${p.unit}`} p={p} />
        ))}
      </Stack>
      <Text fw={600} size="sm" mt="sm">
        {t("approvals.results")}
      </Text>
      {issues.length > 0 ? <ResultList results={issues} showDate /> : <Text size="sm">{t("outcome.pass")}</Text>}
      <Accordion chevronPosition="left" mt={4}>
        <Accordion.Item value="all">
          <Accordion.Control>
            <Text size="xs">{t("request.details")}</Text>
          </Accordion.Control>
          <Accordion.Panel>
            <ResultList results={item.results} showDate />
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
      <ProblemAlert problem={problem} />
      <Textarea label={t("approvals.comment")} value={comment} onChange={(e) => setComment(e.currentTarget.value)} error={fe.comment} mt="sm" maxLength={2000} autosize minRows={1} />
      <Group mt="sm" align="flex-end" wrap="wrap">
        {early ? (
          <Button onClick={() => run("approve")} loading={decide.isPending} title={t("approvals.pullUpHint")}>
            {t("approvals.pullUp")}
          </Button>
        ) : (
          <>
            <Button onClick={() => run("approve")} loading={decide.isPending}>
              {t("approvals.approve")}
            </Button>
            <Button color="red" variant="light" onClick={() => run("reject")} loading={decide.isPending}>
              {t("approvals.reject")}
            </Button>
            <Group gap={4} align="flex-end">
              {earlierSteps.length > 0 && (
                <NativeSelect
                  size="sm"
                  label={t("approvals.returnTo")}
                  value={returnTo}
                  onChange={(e) => setReturnTo(e.currentTarget.value)}
                  error={fe.return_to_step}
                  data={[{ value: "", label: t("approvals.toApplicant") }, ...earlierSteps.map((s) => ({ value: String(s.step_index), label: s.step_label || s.step_name }))]}
                />
              )}
              <Button color="orange" variant="light" onClick={() => run("return")} loading={decide.isPending}>
                {t("approvals.return")}
              </Button>
            </Group>
          </>
        )}
      </Group>
      {early && (
        <Text size="xs" c="dimmed" mt={4}>
          {t("approvals.pullUpHint")}
        </Text>
      )}
      <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={confirming} onClose={() => setConfirming(false)} title={t("approvals.confirmTitle")}>
        <Text size="sm">{t("approvals.confirmText")}</Text>
        <ResultList results={issues} showDate />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirming(false)}>
            {t("common.cancel")}
          </Button>
          <Button onClick={() => decide.mutate({ action: "approve", confirm: true })} loading={decide.isPending}>
            {t("approvals.confirmApprove")}
          </Button>
        </Group>
      </Modal>
    </Card>
  );
}

// AttendanceBar draws a day's projected office-attendance ratio against its band.
export function AttendanceBar({ p }: { p: Projection }) {
  const { t } = useTranslation();
  const lang = useLang();
  const color = p.breach ? "#c92a2a" : "#2b8a3e";
  const band = [p.min_percent != null ? t("approvals.min", { n: p.min_percent }) : null, p.max_percent != null ? t("approvals.max", { n: p.max_percent }) : null].filter(Boolean).join(" / ");
  // The unit by its name (子育て支援課), then the band that governs it.
  const unit = p.unit_name ? `${text(p.unit_name, lang)}・` : "";
  const label = `${formatDay(p.date, lang)} ${unit}${text(p.band, lang)}: ${t("approvals.present", { percent: p.percent, present: p.present, base: p.base })}${band ? t("common.paren", { x: band }) : ""}${p.breach ? ` ${t("approvals.breach")}` : ""}`;
  return (
    <Group gap="sm" wrap="wrap" data-testid="attendance">
      <Text size="sm" w={{ base: "100%", sm: 260 }}>
        {formatDay(p.date, lang)} {unit}
        {text(p.band, lang)}
      </Text>
      <div className="band-bar" role="img" aria-label={label} style={{ flex: 1, maxWidth: 320 }}>
        <div className="fill" style={{ width: `${Math.min(p.percent, 100)}%`, background: color }} />
        {p.min_percent != null && <div className="mark" style={{ left: `${p.min_percent}%` }} />}
        {p.max_percent != null && <div className="mark" style={{ left: `${p.max_percent}%` }} />}
      </div>
      <Text size="sm" fw={600} c={p.breach ? "red.9" : undefined}>
        {t("approvals.present", { percent: p.percent, present: p.present, base: p.base })}
        {band ? t("common.paren", { x: band }) : ""}
        {p.breach ? ` ${t("approvals.breach")}` : ""}
      </Text>
    </Group>
  );
}

// InboxSeats shows an approver the seats a satellite request holds.
function InboxSeats({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["request", requestId],
    queryFn: async () => unwrap(await api.GET("/api/v1/telework-requests/{id}", { params: { path: { id: requestId } } })),
  });
  if (!q.data) return null;
  return (
    <div>
      <Text size="sm" fw={600}>
        {t("held.seats")}
      </Text>
      <HeldSeats seats={q.data.held_seats ?? []} />
    </div>
  );
}
