// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import "../i18n";

vi.mock("../auth", () => ({ useMe: () => ({ today: "2026-12-01", organization: { time_zone: "Asia/Tokyo" } }) }));
const { SimulationSection } = await import("./Policy");

beforeAll(() => {
  window.matchMedia ??= ((q: string) => ({ matches: false, media: q, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false })) as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver;
  Element.prototype.scrollIntoView ??= () => {};
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const draft = `id: town
version: "2026-12"
effective_from: 2026-12-02
reasons:
  - id: general
    name: { ja: 一般, en: General }
  - id: childcare
    name: { ja: 育児, en: Childcare }
    family: required
`;

const member = { id: "f1", employee_id: "e1", relation: "child", name: "林 花子", birth_date: "2020-04-01", cohabiting: true, care_level: null, care_need_days: null, partnership_certificate: false, evidence_note: "", verified_at: null, verification_note: "", updated_at: "2026-11-01T00:00:00Z" };

function stubApi() {
  const calls: { path: string; body: unknown }[] = [];
  vi.stubGlobal("fetch", vi.fn(async (req: Request) => {
    const path = new URL(req.url).pathname;
    const body = await req.text();
    calls.push({ path, body: body ? JSON.parse(body) : null });
    const json = (x: unknown) => new Response(JSON.stringify(x), { status: 200, headers: { "Content-Type": "application/json" } });
    if (path === "/api/v1/staff") return json({ items: [{ id: "e1", name: "林 健太", department: { id: "d1", name: "総務課" } }], next_cursor: null });
    if (path === "/api/v1/employees/e1/family-members") return json({ items: [member], next_cursor: null });
    if (path === "/api/v1/policies/telework/simulate") return json({ cases: [], from: "2026-12-02", to: "2027-01-31", checked: 0, newly_refused: [], newly_accepted: [], truncated: false });
    return new Response("{}", { status: 404, headers: { "Content-Type": "application/problem+json" } });
  }));
  return calls;
}

describe("the simulation case form", () => {
  it("offers the chosen staff member's family and sends the chosen member's id", async () => {
    const calls = stubApi();
    render(
      <MantineProvider env="test">
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
          <SimulationSection draft={draft} onProblem={() => {}} />
        </QueryClientProvider>
      </MantineProvider>,
    );
    const family = screen.getByRole("textbox", { name: "対象の家族（任意）" });
    expect(family).toHaveProperty("disabled", true);
    expect(screen.getByText(/家族の情報の参照は記録されます/)).toBeTruthy();

    const staff = screen.getByRole("textbox", { name: /^職員/ });
    fireEvent.click(staff);
    fireEvent.change(staff, { target: { value: "林" } });
    fireEvent.click(await screen.findByRole("option", { name: "林 健太（総務課）" }, { timeout: 10_000 }));

    await waitFor(() => expect(calls.some((c) => c.path === "/api/v1/employees/e1/family-members")).toBe(true), { timeout: 10_000 });
    await waitFor(() => expect(family).toHaveProperty("disabled", false), { timeout: 10_000 });
    expect(family).toHaveProperty("value", "指定しない");
    fireEvent.click(family);
    fireEvent.click(await screen.findByRole("option", { name: "子　林 花子（生年月日: 2020年4月1日(水)）" }));
    expect(family).toHaveProperty("value", "子　林 花子（生年月日: 2020年4月1日(水)）");

    fireEvent.click(screen.getByRole("textbox", { name: /^日付/ }));
    fireEvent.click(await screen.findByRole("option", { name: "2026年12月3日(木)" }));

    fireEvent.click(screen.getByRole("button", { name: "この申請を追加する" }));
    expect(screen.getByTestId("sim-cases").textContent).toContain("林 花子");
    fireEvent.click(screen.getByRole("button", { name: "シミュレーションを実行する" }));

    await waitFor(() => expect(calls.some((c) => c.path === "/api/v1/policies/telework/simulate")).toBe(true), { timeout: 10_000 });
    const sent = calls.find((c) => c.path === "/api/v1/policies/telework/simulate")!.body as { cases: Record<string, unknown>[] };
    expect(sent.cases).toEqual([{ employee_id: "e1", dates: ["2026-12-03"], unit: "full", place: "home", reason: "general", family_member_id: "f1" }]);
  });
});
