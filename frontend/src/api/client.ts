import createClient, { type Middleware } from "openapi-fetch";
import type { paths, components } from "./schema";

export type Schemas = components["schemas"];
export type Me = Schemas["Me"];
export type Problem = Schemas["Problem"];
export type Decision = Schemas["Decision"];
export type Result = Schemas["Result"];
export type TeleworkRequest = Schemas["TeleworkRequest"];
export type TeleworkInput = Schemas["TeleworkInput"];
export type Availability = Schemas["Availability"];
export type Booking = Schemas["Booking"];
export type Office = Schemas["Office"];
export type FamilyMember = Schemas["FamilyMember"];
export type Notification = Schemas["Notification"];
export type Projection = Schemas["Projection"];
export type InboxItem = Schemas["InboxList"]["items"][number];
export type Delegation = Schemas["Delegation"];

// The access token lives in this module only (memory): never in storage.
// The refresh token stays in its HttpOnly cookie, which the browser sends to
// /api/v1/auth by itself.
let accessToken: string | null = null;
let language = "ja";
let refreshing: Promise<boolean> | null = null;
let onSignedOut: () => void = () => {};

export function setAccessToken(t: string | null) {
  accessToken = t;
}
export function hasAccessToken() {
  return accessToken !== null;
}
export function setApiLanguage(l: string) {
  language = l;
}
export function onSessionEnded(f: () => void) {
  onSignedOut = f;
}

type SessionOut = Schemas["Session"];

// refreshSession trades the cookie for a new access token; concurrent
// callers share one refresh (the refresh token rotates and may be used once).
export function refreshSession(): Promise<boolean> {
  if (!refreshing) {
    refreshing = (async () => {
      try {
        const r = await fetch("/api/v1/auth/refresh", { method: "POST", credentials: "same-origin" });
        if (!r.ok) {
          accessToken = null;
          return false;
        }
        const s = (await r.json()) as SessionOut;
        accessToken = s.access_token;
        scheduleRefresh(s.expires_in);
        return true;
      } catch {
        return false;
      } finally {
        refreshing = null;
      }
    })();
  }
  return refreshing;
}

let timer: ReturnType<typeof setTimeout> | undefined;
// scheduleRefresh renews the token a minute before it expires, unnoticed.
export function scheduleRefresh(expiresIn: number) {
  clearTimeout(timer);
  timer = setTimeout(() => void refreshSession(), Math.max(expiresIn - 60, 10) * 1000);
}
export function stopRefresh() {
  clearTimeout(timer);
}

const auth: Middleware = {
  onRequest({ request }) {
    if (accessToken) request.headers.set("Authorization", `Bearer ${accessToken}`);
    request.headers.set("Accept-Language", language);
    return request;
  },
};

// fetchWithRetry retries once after a refresh when the access token expired.
async function fetchWithRetry(input: Request): Promise<Response> {
  const retry = input.clone();
  const r = await fetch(input);
  if (r.status !== 401 || input.url.includes("/auth/")) return r;
  if (!(await refreshSession())) {
    onSignedOut();
    return r;
  }
  retry.headers.set("Authorization", `Bearer ${accessToken}`);
  return fetch(retry);
}

export const api = createClient<paths>({ baseUrl: "/", fetch: fetchWithRetry });
api.use(auth);

// ApiError carries a problem+json answer to the screens.
export class ApiError extends Error {
  constructor(
    public status: number,
    public problem: Problem,
  ) {
    super(problem.detail || problem.title);
  }
}

// unwrap turns an openapi-fetch answer into its data or an ApiError.
export function unwrap<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.error !== undefined || !r.response.ok) {
    const p = (r.error ?? {}) as Partial<Problem>;
    throw new ApiError(r.response.status, {
      type: p.type ?? "about:blank",
      title: p.title ?? r.response.statusText,
      status: r.response.status,
      detail: p.detail ?? r.response.statusText,
      request_id: p.request_id ?? "",
      ...p,
    } as Problem);
  }
  return r.data as T;
}
