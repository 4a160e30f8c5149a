// Shared pieces of the end-to-end tests. The server (see playwright.config.ts) is shared by every
// test of a run, and its first account can be created only once, so global-setup.ts creates it
// through the UI and stores its credentials in ADMIN_FILE; tests sign in with the `admin` fixture.
import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";

export { expect };

export interface Credentials {
  email: string;
  password: string;
}

export interface Account extends Credentials {
  name: string;
}

/** Written by global-setup.ts (after Playwright empties test-results/ at the start of a run). */
export const ADMIN_FILE = path.resolve("test-results", "e2e-admin.json");

/** The first administrator of the e2e server. Fixed values, so that a rerun of the global setup
 *  against a server where the account already exists can still sign in. */
export const E2E_ADMIN: Account = {
  name: "Avery Quinn",
  email: "avery.quinn@ladderproof.test",
  password: process.env.E2E_ADMIN_PASSWORD ?? "e2e tall ladder 7 quiet rungs",
};

export function readAdmin(): Account {
  if (!fs.existsSync(ADMIN_FILE)) {
    throw new Error(`${ADMIN_FILE} is missing: the e2e global setup (tests/e2e/global-setup.ts) did not run.`);
  }
  return JSON.parse(fs.readFileSync(ADMIN_FILE, "utf8")) as Account;
}

/** Fills and submits the "Create the first account" page (/setup). */
export async function firstAccount(page: Page, account: Account): Promise<void> {
  await page.goto("/setup");
  await expect(page.getByRole("heading", { name: "Create the first account" })).toBeVisible();
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByLabel("Password again").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).not.toHaveURL(/\/setup(\?|$)/);
}

/** Signs in through the login page; resolves once the header shows a signed-in user. */
export async function signIn(page: Page, credentials: Credentials): Promise<void> {
  await fillSignIn(page, credentials);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Fills and submits the login page without checking the outcome (for failing sign-ins). */
export async function fillSignIn(page: Page, credentials: Credentials): Promise<void> {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email address").fill(credentials.email);
  await page.getByLabel("Password", { exact: true }).fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
}

/** Opens a new L5 case for `name` through the "Open a new case" form and waits for its page. */
export async function openCase(page: Page, name: string, currentTitle = "Support Engineer"): Promise<void> {
  await page.goto("/cases/new");
  await page.getByLabel("Candidate's name").fill(name);
  await page.getByLabel("Current title").fill(currentTitle);
  await page.getByLabel("Target level").selectOption({ label: "L5: Principal DevOps Support Engineer" });
  await page.getByRole("button", { name: "Open case" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

export function isoDaysAgo(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return d.toISOString().slice(0, 10);
}

/** Fills and saves the evidence form of the current page for one expectation. */
export async function fillEvidence(
  page: Page,
  item: { title: string; daysAgo: number; scope: string; link?: string; rationaleFor: string; rationale: string },
) {
  const form = page.locator("form.evidence-form");
  await form.getByLabel("Title", { exact: true }).fill(item.title);
  await form.getByLabel("What happened, and the candidate's own part").fill(`${item.title}: what happened, and their part in it.`);
  await form.getByLabel("Outcome", { exact: true }).fill("The organisation changed course in time.");
  await form.getByLabel("Date", { exact: true }).fill(isoDaysAgo(item.daysAgo));
  await form.getByLabel("Kind", { exact: true }).selectOption({ label: "Initiative or project" });
  await form.getByRole("group", { name: "How far did its effect reach?" }).getByLabel(item.scope, { exact: true }).check();
  await form.getByRole("group", { name: "Where does this evidence come from?" }).getByLabel("Observed by the manager").check();
  if (item.link) await form.getByLabel("Link 1", { exact: true }).fill(item.link);
  await form.getByLabel(`Why it shows this: ${item.rationaleFor}`).fill(item.rationale);
  await form.getByRole("button", { name: "Save evidence" }).click();
}

/** The header (banner) of the current page. */
export function header(page: Page) {
  return page.getByRole("banner");
}

interface Fixtures {
  /** The first administrator, created by the global setup. */
  admin: Account;
  /** Signs `page` in through the UI (as the admin unless other credentials are given). */
  signIn: (credentials?: Credentials) => Promise<void>;
  /** A page already signed in as the admin. */
  adminPage: Page;
}

// A failed form submission answers 4xx on purpose, and Chromium logs every such response.
const EXPECTED_CONSOLE = /^Failed to load resource: the server responded with a status of 4\d\d/;

export const test = base.extend<Fixtures>({
  // Any script error or console error in the browser fails the test: a hydration mismatch or a
  // crash in a component is a bug even when the page still looks right.
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && !EXPECTED_CONSOLE.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    await use(page);
    expect(problems, "errors in the browser").toEqual([]);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern.
  admin: async ({}, use) => {
    await use(readAdmin());
  },
  signIn: async ({ page, admin }, use) => {
    await use((credentials = admin) => signIn(page, credentials));
  },
  adminPage: async ({ page, admin }, use) => {
    await signIn(page, admin);
    await use(page);
  },
});
