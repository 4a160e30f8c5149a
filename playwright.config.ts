// End-to-end tests: the production server on a fresh in-memory PGlite, driven by Debian's
// Chromium (/usr/bin/chromium; `npx playwright install` cannot download browsers here).
// Needs a build in build/ and public/build/ (scripts/test.sh builds first; by hand: `npx remix build`).
import { defineConfig, devices } from "@playwright/test";
import { E2E_PORT, E2E_SMTP_PORT } from "./tests/e2e/ports";

const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  // A flaky test is a bug to fix, not to retry.
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: E2E_BASE_URL,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node scripts/server.mjs",
    url: `${E2E_BASE_URL}/healthz`,
    reuseExistingServer: false,
    // A shared 2-core machine under load can take over a minute to start the server.
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    env: {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(E2E_PORT),
      // A fresh database for every run, gone when the server stops.
      PGLITE_DIR: "memory://",
      // Never a PostgreSQL server inherited from the environment (scripts/test.sh exports one).
      DATABASE_URL: "",
      DEMO: "0",
      SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
      // Playwright sets FORCE_COLOR=1 for the server; with NO_COLOR (scripts/test.sh) Node warns.
      FORCE_COLOR: "0",
    },
  },
});
