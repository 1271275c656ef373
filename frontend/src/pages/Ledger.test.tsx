// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import "../i18n";
import { CorrectionDialog, TransferDialog } from "./Ledger";
import type { AttendanceDay, Person } from "../lib/attendance";

beforeAll(() => {
  window.matchMedia ??= ((q: string) => ({ matches: false, media: q, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false })) as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function wrap(children: ReactNode) {
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>{children}</QueryClientProvider>
    </MantineProvider>,
  );
}

const json = (body: unknown, status = 200) => new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

// record answers each call with answer(method, path) and keeps what was sent.
function record(answer: (method: string, path: string) => Response) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  vi.stubGlobal("fetch", vi.fn(async (req: Request) => {
    const text = await req.text();
    const path = new URL(req.url).pathname;
    calls.push({ method: req.method, path, body: text ? JSON.parse(text) : null });
    return answer(req.method, path);
  }));
  return calls;
}

const day: AttendanceDay = { employee_id: "e1", employee_name: "林 健太", department_id: "d320", date: "2026-12-04", location: "home", portion: "am", minutes: 0, office_id: null, request_id: "r1", planned: true };
const person: Person = { id: "e1", name: "林 健太", departmentId: "d320", days: new Map([[day.date, day]]) };

describe("correcting a day in the ledger", () => {
  it("shows the day in words, asks for a reason before sending, then sends the correction", async () => {
    const calls = record(() => json({ ...day, location: "office", portion: "full", corrected: true }));
    wrap(<CorrectionDialog person={person} day={day} onClose={() => {}} />);
    expect(screen.getByTestId("current-entry").textContent).toBe("現在の記録: 在宅勤務（午前）・予定");
    fireEvent.change(screen.getByLabelText("勤務地"), { target: { value: "office" } });
    fireEvent.change(screen.getByLabelText("時間帯"), { target: { value: "full" } });
    fireEvent.click(screen.getByRole("button", { name: "修正する" }));
    expect(await screen.findByText("修正の理由を入力してください。")).toBeTruthy();
    expect(calls).toEqual([]);
    fireEvent.change(screen.getByLabelText(/修正の理由/), { target: { value: "出勤簿と照合しました" } });
    fireEvent.click(screen.getByRole("button", { name: "修正する" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual({ method: "PUT", path: "/api/v1/attendance/e1/2026-12-04", body: { location: "office", portion: "full", reason: "出勤簿と照合しました" } });
  });

  it("sends the minutes with an hourly entry, keeps the form and shows the field's error when refused", async () => {
    const calls = record(() =>
      new Response(JSON.stringify({ type: "urn:kinmuchi:problem:validation", title: "入力内容に誤りがあります", status: 422, detail: "入力内容を確認してください。", request_id: "x", errors: [{ field: "minutes", code: "invalid", detail: "時間は1分以上にしてください。" }] }), { status: 422, headers: { "Content-Type": "application/problem+json" } }),
    );
    wrap(<CorrectionDialog person={person} day={day} onClose={() => {}} />);
    fireEvent.change(screen.getByLabelText("時間帯"), { target: { value: "hours" } });
    fireEvent.change(screen.getByLabelText("時間（分）"), { target: { value: "120" } });
    fireEvent.change(screen.getByLabelText(/修正の理由/), { target: { value: "午後は通院のため" } });
    fireEvent.click(screen.getByRole("button", { name: "修正する" }));
    expect(await screen.findByText("時間は1分以上にしてください。")).toBeTruthy();
    expect(calls[0].body).toEqual({ location: "home", portion: "hours", minutes: 120, reason: "午後は通院のため" });
    expect((screen.getByLabelText(/修正の理由/) as HTMLTextAreaElement).value).toBe("午後は通院のため");
  });

  it("offers to withdraw a correction, and shows its reason to HR", async () => {
    const corrected = { ...day, corrected: true, correction: "出勤簿と照合しました" };
    const calls = record(() => json(null, 204));
    const closed = vi.fn();
    wrap(<CorrectionDialog person={person} day={corrected} onClose={closed} />);
    expect(screen.getByText("修正の理由: 出勤簿と照合しました")).toBeTruthy();
    expect(screen.getByTestId("current-entry").textContent).toContain("人事課が修正");
    fireEvent.click(screen.getByRole("button", { name: "修正を取り消す" }));
    await waitFor(() => expect(closed).toHaveBeenCalled());
    expect(calls).toEqual([{ method: "DELETE", path: "/api/v1/attendance/e1/2026-12-04/correction", body: null }]);
  });
});

describe("entering a transfer", () => {
  const history = [
    { id: "a1", employee_id: "e1", department_id: "d320", department_name: "子育て支援課", valid_from: "2024-04-01", valid_to: "2027-04-01", note: "", in_effect: true, created_at: "2024-03-01T00:00:00Z" },
    { id: "a2", employee_id: "e1", department_id: "d110", department_name: "総務課", valid_from: "2027-04-01", valid_to: null, note: "令和9年4月1日付人事異動", in_effect: false, created_at: "2026-11-20T00:00:00Z" },
  ];
  const depts = [{ id: "d100", name: "総務部", depth: 0 }, { id: "d110", name: "総務課", depth: 1 }, { id: "d320", name: "子育て支援課", depth: 1 }];

  it("lists the departments over time; only the transfer still to come can be changed, and the change is sent as a PATCH", async () => {
    const calls = record((method) => (method === "GET" ? json({ items: history }) : json(history[1])));
    wrap(<TransferDialog person={person} depts={depts} today="2026-12-01" onClose={() => {}} />);
    const rows = await screen.findAllByTestId("assignment");
    expect(rows[0].textContent).toContain("子育て支援課 現在の所属");
    expect(rows[0].textContent).toContain("2024年4月1日(月)〜2027年3月31日(水)");
    expect(within(rows[0]).queryByRole("button", { name: "変更する" })).toBeNull();
    expect(rows[1].textContent).toContain("発令前");
    fireEvent.click(within(rows[1]).getByRole("button", { name: "変更する" }));
    expect((screen.getByLabelText(/異動先の部署/) as HTMLSelectElement).value).toBe("d110");
    fireEvent.change(screen.getByLabelText(/異動先の部署/), { target: { value: "d100" } });
    fireEvent.click(screen.getByRole("button", { name: "変更を保存する" }));
    await waitFor(() => expect(calls.filter((c) => c.method !== "GET")).toHaveLength(1));
    expect(calls.find((c) => c.method !== "GET")).toEqual({ method: "PATCH", path: "/api/v1/employees/e1/transfers/a2", body: { department_id: "d100", effective_from: "2027-04-01", note: "令和9年4月1日付人事異動" } });
  });

  it("withdraws a transfer still to come after asking", async () => {
    const calls = record((method) => (method === "GET" ? json({ items: history }) : json(null, 204)));
    wrap(<TransferDialog person={person} depts={depts} today="2026-12-01" onClose={() => {}} />);
    const rows = await screen.findAllByTestId("assignment");
    fireEvent.click(within(rows[1]).getByRole("button", { name: "取り下げる" }));
    const confirm = await screen.findByRole("dialog", { name: "この異動を取り下げますか。" });
    fireEvent.click(within(confirm).getByRole("button", { name: "取り下げる" }));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
    expect(calls.find((c) => c.method === "DELETE")?.path).toBe("/api/v1/employees/e1/transfers/a2");
  });
});
