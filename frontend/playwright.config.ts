import { defineConfig, devices } from "@playwright/test";
import { execSync } from "node:child_process";

// The e2e run drives Debian's chromium (Playwright never downloads a browser
// here) against the real kinmuchi server: embedded SQLite in a fresh folder,
// demo data, and a fixed weekday clock (Tuesday 1 December 2026, 09:00 JST).
const chromium = process.env.CHROMIUM ?? execSync("command -v chromium || command -v chromium-browser || true", { shell: "/bin/sh" }).toString().trim();
const bin = process.env.KINMUCHI_BIN ?? "../bin/kinmuchi-e2e";
// A port of this checkout's own (from its path), so runs in several working
// copies on one machine do not meet; E2E_PORT overrides it.
const port = Number(process.env.E2E_PORT ?? 20000 + ([...process.cwd()].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 20000));

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    trace: "off",
    launchOptions: {
      executablePath: chromium || undefined,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 900 } } }],
  webServer: {
    command: `rm -rf e2e/.data && exec ${bin} serve --demo --addr 127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      KINMUCHI_DATA_DIR: "e2e/.data",
      KINMUCHI_CLOCK: "2026-12-01T09:00:00+09:00",
      KINMUCHI_DEMO_PASSWORD: "kinmuchi-demo-2026",
      // The links kinmuchi hands out (a seat's QR code, a calendar feed) start here.
      KINMUCHI_PUBLIC_URL: `http://127.0.0.1:${port}`,
      KINMUCHI_LOG_LEVEL: "warn",
    },
  },
});
