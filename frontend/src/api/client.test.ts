import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiError, hasAccessToken, onSessionEnded, setAccessToken, stopRefresh, unwrap } from "./client";

type Call = { url: string; method: string; auth: string | null };

// fakeServer answers like kinmuchi: /me needs the current access token, the
// refresh cookie is traded once for a new token.
function fakeServer(opts: { refreshOK: boolean }) {
  const calls: Call[] = [];
  let valid = "new-token";
  const f = vi.fn(async (input: Request | string, init?: RequestInit) => {
    const req = typeof input === "string" ? new Request(`http://localhost${input}`, init) : input;
    const url = new URL(req.url).pathname;
    calls.push({ url, method: req.method, auth: req.headers.get("Authorization") });
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": status < 300 ? "application/json" : "application/problem+json" } });
    if (url === "/api/v1/auth/refresh") {
      if (!opts.refreshOK) return json(401, { type: "urn:kinmuchi:problem:unauthenticated", title: "認証が必要です", status: 401, detail: "もう一度ログインしてください。", request_id: "r" });
      valid = "new-token";
      return json(200, { access_token: valid, token_type: "Bearer", expires_in: 900, refresh_token: "r2" });
    }
    if (req.headers.get("Authorization") !== `Bearer ${valid}`) return json(401, { type: "urn:kinmuchi:problem:unauthenticated", title: "x", status: 401, detail: "期限切れです。", request_id: "r" });
    return json(200, { id: "me" });
  });
  vi.stubGlobal("fetch", f);
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  stopRefresh();
  setAccessToken(null);
});

describe("the API client", () => {
  it("refreshes an expired access token unnoticed and retries the request once", async () => {
    const calls = fakeServer({ refreshOK: true });
    setAccessToken("expired-token");
    const me = unwrap(await api.GET("/api/v1/me"));
    expect(me).toEqual({ id: "me" });
    expect(calls.map((c) => `${c.method} ${c.url} ${c.auth ?? "-"}`)).toEqual([
      "GET /api/v1/me Bearer expired-token",
      "POST /api/v1/auth/refresh -",
      "GET /api/v1/me Bearer new-token",
    ]);
  });

  it("ends the session when the refresh cookie is refused, and reports the problem", async () => {
    fakeServer({ refreshOK: false });
    const ended = vi.fn();
    onSessionEnded(ended);
    setAccessToken("expired-token");
    const r = await api.GET("/api/v1/me");
    expect(() => unwrap(r)).toThrow(ApiError);
    expect(ended).toHaveBeenCalledOnce();
    expect(hasAccessToken()).toBe(false);
  });
});
