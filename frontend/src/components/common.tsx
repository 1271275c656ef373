import { Alert, Badge, Button, Group, List, Modal, Stack, Text, Title, type MantineColor } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useEffect, useRef, type ReactNode } from "react";
import type { Problem, Result } from "../api/client";
import { formatDay } from "../lib/dates";
import { problemOf } from "../lib/problem";

export function useLang(): "ja" | "en" {
  const { i18n } = useTranslation();
  return i18n.language === "en" ? "en" : "ja";
}

export function text(t: { ja: string; en: string } | undefined, lang: string): string {
  if (!t) return "";
  return lang === "en" ? t.en : t.ja;
}

// PageTitle is a screen's h1. It names the browser tab and, when the screen
// opens after a move within the app, takes the focus so screen readers
// announce the new screen and keyboard users start from its top.
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (typeof children === "string") document.title = `${children} | 勤務地 kinmuchi`;
  }, [children]);
  useEffect(() => {
    const active = document.activeElement;
    if (active && active !== document.body && active.closest("nav, header")) ref.current?.focus();
  }, []);
  return (
    <Title order={1} size="h2" mb="md" ref={ref} tabIndex={-1} style={{ outline: "none" }}>
      {children}
    </Title>
  );
}

const statusColors: Record<string, MantineColor> = {
  pending: "yellow", approved: "green", rejected: "red", returned: "orange", withdrawn: "gray", cancelled: "gray", confirmed: "blue",
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status] ?? "gray"} variant="light" autoContrast>
      {t(`status.${status}`)}
    </Badge>
  );
}

const outcomeColor: Record<string, MantineColor> = { pass: "green", warn: "orange", fail: "red" };

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={outcomeColor[outcome] ?? "gray"} variant="light" size="sm">
      {t(`outcome.${outcome}`)}
    </Badge>
  );
}

// ResultList shows rule results as the engine words them.
export function ResultList({ results, showDate }: { results: Result[]; showDate?: boolean }) {
  const lang = useLang();
  if (results.length === 0) return null;
  return (
    <List spacing={4} listStyleType="none" ps={0}>
      {results.map((r, i) => (
        <List.Item key={`${r.rule}-${r.date ?? ""}-${i}`}>
          <OutcomeBadge outcome={r.outcome} />{" "}
          <Text span size="sm">
            {showDate && r.date ? `${formatDay(r.date, lang)}: ` : ""}
            {text(r.message, lang)}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

// ProblemAlert announces a problem's detail to screen readers (role=alert).
export function ProblemAlert({ problem, message, title }: { problem?: Problem | null; message?: string | null; title?: string }) {
  const { t } = useTranslation();
  const msg = message ?? problem?.detail;
  if (!msg) return null;
  return (
    <Alert color="red" title={title ?? t("common.error")} role="alert" mb="md">
      {msg}
    </Alert>
  );
}

// ConfirmDialog asks before a destructive action and shows why it failed.
export function ConfirmDialog({ opened, title, action, busy, error, onConfirm, onClose, children }: {
  opened: boolean;
  title: string;
  action: string;
  busy: boolean;
  error: unknown;
  onConfirm(): void;
  onClose(): void;
  // children: what the action needs besides the confirmation (a date).
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal closeButtonProps={{ "aria-label": t("common.close") }} opened={opened} onClose={onClose} title={title}>
      <ProblemAlert problem={problemOf(error)} />
      {children && <Stack mb="md">{children}</Stack>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t("common.cancel")}
        </Button>
        <Button color="red" loading={busy} onClick={onConfirm}>
          {action}
        </Button>
      </Group>
    </Modal>
  );
}
