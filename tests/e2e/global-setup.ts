// Creates the e2e server's first administrator through the "Create the first account" page and
// writes its credentials to ADMIN_FILE. Rerunnable: when the server already has its first
// account, the stored (fixed) credentials are checked by signing in instead.
import fs from "node:fs";
import path from "node:path";
import { chromium, type FullConfig } from "@playwright/test";
import { ADMIN_FILE, E2E_ADMIN, firstAccount, signIn } from "./fixtures";

export default async function globalSetup(config: FullConfig): Promise<void> {
  const use = config.projects[0]?.use ?? {};
  const baseURL = use.baseURL;
  if (!baseURL) throw new Error("playwright.config.ts sets no baseURL");

  const browser = await chromium.launch(use.launchOptions);
  const page = await browser.newPage({ baseURL });
  try {
    await page.goto("/setup");
    if (new URL(page.url()).pathname === "/setup") {
      await firstAccount(page, E2E_ADMIN);
      // The new administrator is signed in straight away.
      await page.getByRole("button", { name: "Sign out" }).waitFor();
    } else {
      // Set up before (a rerun): the fixed credentials must still work.
      await signIn(page, E2E_ADMIN);
    }
    fs.mkdirSync(path.dirname(ADMIN_FILE), { recursive: true });
    fs.writeFileSync(ADMIN_FILE, `${JSON.stringify(E2E_ADMIN, null, 2)}\n`, { mode: 0o600 });
  } catch (error) {
    const shot = path.resolve("test-results", "global-setup-failure.png");
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    throw new Error(
      `The e2e global setup could not create or sign in as the first account at ${page.url()} ` +
        `(screenshot: ${shot}): ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await browser.close();
  }
}
