// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import "../i18n";
import { ApprovalsPage, InboxCard } from "./Approvals";
import type { InboxItem } from "../api/client";

beforeAll(() => {
  // jsdom lacks these; Mantine asks for them.
  window.matchMedia ??= ((q: string) => ({ matches: false, media: q, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false })) as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const text = (ja: string) => ({ ja, en: ja });
const task = { id: "t1", request_id: "r1", round: 1, step_index: 0, step_name: "supervisor", step_label: "係長確認", mode: "any_of", conditional: false, approver_kind: "supervisor", approver_id: "a", approver_name: "吉田 美咲", status: "pending", decided_by: null, decided_by_name: "", on_behalf_of: null, on_behalf_of_name: "", comment: "", policy_versions: "", decided_at: null, escalated_from: null, escalated_at: null, reminded_at: null };
const item = {
  task,
  on_behalf_of: "a",
  on_behalf_of_name: "吉田 美咲",
  request: { id: "r1", employee_name: "林 健太", dates: ["2026-12-02"], unit: "full", place: "home", reason_name: text("一般"), tasks: [task] },
  results: [{ rule: "attendance.min_ratio", date: "2026-12-02", outcome: "warn", effect: "warn", message: text("出勤率が下限に近づいています。") }],
  refused: false,
  late: true,
  after_the_fact: false,
  attendance: [{ date: "2026-12-02", unit: "320", band: text("課の出勤率の下限"), present: 3, base: 8, percent: 38, min_percent: 40, breach: true }],
} as unknown as InboxItem;

function renderCard(it: InboxItem, early = false) {
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <InboxCard item={it} early={early} selected={false} onSelect={() => {}} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

function recordCalls() {
  const calls: { path: string; body: unknown }[] = [];
  vi.stubGlobal("fetch", vi.fn(async (req: Request) => {
    const body = await req.text();
    calls.push({ path: new URL(req.url).pathname, body: body ? JSON.parse(body) : null });
    return new Response(JSON.stringify({ id: "r1" }), { status: 200, headers: { "Content-Type": "application/json" } });
  }));
  return calls;
}

describe("an inbox item", () => {
  it("decides a later step early (引き上げ) from the waiting list", async () => {
    const calls = recordCalls();
    const later = { ...task, id: "t2", step_index: 1, step_label: "所属長承認", status: "waiting" };
    renderCard({ ...item, task: later, request: { ...item.request, tasks: [task, later] } } as unknown as InboxItem, true);
    expect(screen.queryByRole("button", { name: "却下する" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "引き上げて承認する" }));
    await waitFor(() => expect(calls).toEqual([{ path: "/api/v1/approvals/t2/approve", body: {} }]));
  });

  it("returns to an earlier step when one is chosen, to the applicant otherwise", async () => {
    const calls = recordCalls();
    const later = { ...task, id: "t2", step_index: 1, step_label: "所属長承認" };
    renderCard({ ...item, task: later, request: { ...item.request, tasks: [task, later] } } as unknown as InboxItem);
    fireEvent.change(screen.getByLabelText("差し戻し先"), { target: { value: "0" } });
    fireEvent.click(screen.getByRole("button", { name: "差し戻す" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    fireEvent.change(screen.getByLabelText("差し戻し先"), { target: { value: "" } });
    fireEvent.click(screen.getByRole("button", { name: "差し戻す" }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls).toEqual([
      { path: "/api/v1/approvals/t2/return", body: { return_to_step: 0 } },
      { path: "/api/v1/approvals/t2/return", body: {} },
    ]);
  });

  it("asks to confirm when the rules now warn, then approves with confirm", async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal("fetch", vi.fn(async (req: Request) => {
      const body = await req.text();
      bodies.push(body ? JSON.parse(body) : null);
      if (bodies.length === 1) {
        return new Response(JSON.stringify({ type: "urn:kinmuchi:problem:confirmation-required", title: "確認が必要です", status: 409, detail: "確認のうえ承認してください。", request_id: "x" }), { status: 409, headers: { "Content-Type": "application/problem+json" } });
      }
      return new Response(JSON.stringify({ id: "r1", status: "approved" }), { status: 200, headers: { "Content-Type": "application/json" } });
    }));
    renderCard(item);
    // What the approver decides on: whom they act for, the flags, the ratio against the band.
    expect(screen.getByText("吉田 美咲さんの代理")).toBeTruthy();
    expect(screen.getByText("遅延申請")).toBeTruthy();
    expect(screen.getByRole("img", { name: /38%（3\/8人）（下限40%） 基準を外れます/ })).toBeTruthy();

    fireEvent.change(screen.getByLabelText("コメント"), { target: { value: "確認しました" } });
    fireEvent.click(screen.getByRole("button", { name: "承認する" }));
    const confirm = await screen.findByRole("button", { name: "確認して承認する" });
    fireEvent.click(confirm);
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies).toEqual([{ comment: "確認しました" }, { comment: "確認しました", confirm: true }]);
  });

  it("approves in bulk and shows a result for each item", async () => {
    const second = { ...item, task: { ...task, id: "t9" }, request: { ...item.request, id: "r9", employee_name: "佐藤 さくら" } };
    const posted: unknown[] = [];
    vi.stubGlobal("fetch", vi.fn(async (req: Request) => {
      const url = new URL(req.url);
      const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
      if (req.method === "GET") return json({ items: posted.length ? [] : [item, second], next_cursor: null });
      posted.push(JSON.parse(await req.text()));
      expect(url.pathname).toBe("/api/v1/approvals/bulk");
      return json({ items: [
        { task_id: "t1", status: 200, request: null, problem: null },
        { task_id: "t9", status: 409, request: null, problem: { detail: "このタスクは既に処理されています。" } },
      ] });
    }));
    render(
      <MantineProvider>
        <QueryClientProvider client={new QueryClient()}>
          <ApprovalsPage />
        </QueryClientProvider>
      </MantineProvider>,
    );
    fireEvent.click(await screen.findByLabelText("すべて選択"));
    fireEvent.click(screen.getByRole("button", { name: "選択した申請を一括承認（2）" }));
    await screen.findByText("林 健太: 成功");
    expect(screen.getByText("佐藤 さくら: 失敗 — このタスクは既に処理されています。")).toBeTruthy();
    expect(posted).toEqual([{ items: [{ task_id: "t1", action: "approve" }, { task_id: "t9", action: "approve" }] }]);
  });
});
