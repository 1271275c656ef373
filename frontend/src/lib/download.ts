import { api, unwrap } from "../api/client";
import { filenameOf } from "./attendance";

export type DownloadPath = "/api/v1/reports/attendance-ratio" | "/api/v1/reports/attendance-forecast" | "/api/v1/reports/occupancy" | "/api/v1/attendance";
export type Format = "csv" | "xlsx";

type BlobGet = (path: string, init: { params: { query: Record<string, unknown> }; parseAs: "blob" }) => Promise<{ data?: Blob; error?: unknown; response: Response }>;

// download fetches a report as a file and hands it to the browser. The
// access token lives in memory only, so a plain link (which the browser
// would fetch without it) cannot do: the typed client sends the token
// (and refreshes it once if it expired), and the answer becomes an object
// URL behind a link with a download name.
export async function download(path: DownloadPath, query: Record<string, string | number | undefined>, format: Format, fallback: string): Promise<string> {
  const get = api.GET as unknown as BlobGet;
  const r = await get(path, { params: { query: { ...query, format } }, parseAs: "blob" });
  const blob = unwrap(r);
  const name = filenameOf(r.response.headers.get("Content-Disposition"), `${fallback}.${format}`);
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The browser has taken the file once the click returns; a moment later
  // the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
