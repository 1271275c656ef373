import { expect, test } from "@playwright/test";

// How the binary serves the embedded UI: every UI route gets the app (never
// cached), its hashed assets are cached for a year, and /api stays the API.
test("UI routes get index.html uncached, assets are long-cached, unknown /api paths are the API's 404", async ({ request }) => {
  for (const path of ["/", "/book", "/telework-requests/anything"]) {
    const r = await request.get(path);
    expect(r.status(), path).toBe(200);
    expect(r.headers()["cache-control"], path).toBe("no-cache");
    expect(await r.text(), path).toContain('<div id="root"></div>');
  }
  const index = await (await request.get("/")).text();
  const asset = index.match(/\/assets\/[^"]+\.js/)?.[0];
  expect(asset).toBeTruthy();
  const a = await request.get(asset!);
  expect(a.status()).toBe(200);
  expect(a.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");

  for (const path of ["/api/v1/no-such-thing", "/api/nothing", "/api"]) {
    const r = await request.get(path);
    expect(r.status(), path).toBe(404);
    expect(r.headers()["content-type"], path).toContain("application/problem+json");
  }
  // No inline script: the page's one script is the bundle, so a CSP without 'unsafe-inline' holds.
  expect(index).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
});
