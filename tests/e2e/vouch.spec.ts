// Confirmations and the candidate's own items, in the browser: a manager asks someone to confirm an
// item, the person opens the emailed link in a browser of their own (no account) and confirms with a
// correction; the tile's unverified flag clears and the packet shows it; the link then refuses a
// second use. The candidate adds two items through their link; the manager accepts one, dismisses one.
import type { Browser, Page } from "@playwright/test";
import mammoth from "mammoth";
import { startSmtp, type TestSmtp } from "../support/smtp";
import { expect, openCase, test } from "./fixtures";
import { E2E_SMTP_PORT } from "./ports";

const IMPACT = "I lead large-scale initiatives that improve support outcomes across the organisation";
const PLANNING = "I contribute to strategic planning and help align support with company direction";

function tile(page: Page, text: string) {
  return page
    .getByRole("region", { name: "Expectations at a glance" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: text, exact: true }) });
}

let smtp: TestSmtp;

test.beforeAll(async () => {
  smtp = await startSmtp(E2E_SMTP_PORT);
});

test.afterAll(async () => {
  await smtp?.close();
});

async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test("a manager asks for a confirmation; the person confirms with a correction through the emailed link, once", async ({ adminPage: page, browser }) => {
  test.setTimeout(120_000);
  await openCase(page, "Noor Haddad");
  await page.getByRole("link", { name: "Add evidence", exact: true }).click();
  const form = page.locator("form.evidence-form");
  await form.getByLabel("Title", { exact: true }).fill("Led the incident review programme");
  await form.getByLabel("What happened, and the candidate's own part").fill("Set up monthly incident reviews across support and SRE.");
  await form.getByLabel("Outcome", { exact: true }).fill("Repeat incidents fell by a third.");
  await form.getByLabel("Date", { exact: true }).fill(new Date().toISOString().slice(0, 10));
  await form.getByLabel("Kind", { exact: true }).selectOption({ label: "Initiative or project" });
  await form.getByRole("group", { name: "How far did its effect reach?" }).getByLabel("Organisation", { exact: true }).check();
  await form.getByRole("group", { name: "Where does this evidence come from?" }).getByLabel("Observed by the manager").check();
  await form.getByLabel("Person 1: name").fill("Ines Ortega");
  await form.getByLabel("Person 1: role").fill("SRE manager");
  await form.getByRole("checkbox", { name: IMPACT }).check();
  await form.getByLabel(`Why it shows this: ${IMPACT}`).fill("Ran it across two departments.");
  await form.getByRole("button", { name: "Save evidence" }).click();
  await expect(tile(page, IMPACT)).toContainText("Unverified");

  await page.getByRole("link", { name: "Led the incident review programme" }).first().click();
  await page.getByRole("link", { name: "Ask someone to confirm this" }).click();
  await page.getByRole("radio", { name: "Ines Ortega (SRE manager)" }).check();
  await page.getByLabel("Their email address (optional)").fill("ines@example.com");
  await expect(page.getByRole("checkbox", { name: "The outcome" })).toBeChecked();
  await page.getByRole("button", { name: "Ask for confirmation" }).click();
  const requests = page.getByRole("region", { name: "Confirmation requests" });
  await expect(requests).toContainText("Ines Ortega");
  await expect(requests).toContainText("Sent");

  const mail = await smtp.waitFor((m) => m.to.includes("ines@example.com"));
  const link = /https?:\/\/\S+\/vouch\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
  expect(link).toBeDefined();

  // The person, in a browser of their own with no account.
  const voucher = await freshPage(browser);
  await voucher.page.goto(link!);
  await expect(voucher.page.getByRole("heading", { name: "Can you confirm this?" })).toBeVisible();
  await expect(voucher.page.getByRole("main")).toContainText("Led the incident review programme");
  await voucher.page.getByRole("radio", { name: "Yes, with a correction" }).check();
  await voucher.page.getByLabel("Noor Haddad's part, in your words (for a correction)").fill("Noor set up the reviews; I chaired the SRE half.");
  await voucher.page.getByRole("button", { name: "Send my answer" }).click();
  await expect(voucher.page.getByRole("heading", { name: "Thank you" })).toBeVisible();

  await page.reload();
  await expect(page.getByRole("list", { name: "Confirmations" })).toContainText(/Confirmed by Ines Ortega \(SRE manager\), \d{1,2} \w{3} \d{4}/);
  await expect(page.getByRole("list", { name: "Confirmations" })).toContainText("I chaired the SRE half");
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(tile(page, IMPACT)).not.toContainText("Unverified");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download packet (.docx)" }).click()]);
  const { value: packet } = await mammoth.extractRawText({ path: await download.path() });
  expect(packet).toMatch(/Confirmed by:? Ines Ortega \(SRE manager\), \d{1,2} \w{3} \d{4}/);
  expect(packet).toContain("Noor set up the reviews; I chaired the SRE half.");

  // The link works once.
  await voucher.page.goto(link!);
  await expect(voucher.page.getByRole("heading", { name: "This link was already used" })).toBeVisible();
  await expect(voucher.page.getByRole("main")).not.toContainText("Led the incident review programme");
  await voucher.context.close();
});

test("the candidate adds two items through their link; the manager accepts one and dismisses the other", async ({ adminPage: page, browser }) => {
  test.setTimeout(120_000);
  await openCase(page, "Tomasz Wren");
  await page.getByRole("link", { name: "From the candidate" }).click();
  await page.getByRole("button", { name: "Give the candidate a link" }).click();
  const link = await page.getByLabel("Link for Tomasz Wren").inputValue();
  expect(link).toMatch(/\/contribute\/[A-Za-z0-9_-]{43}$/);

  const candidate = await freshPage(browser);
  await candidate.page.goto(link);
  await expect(candidate.page.getByRole("heading", { name: "Add your own work, Tomasz Wren" })).toBeVisible();
  for (const title of ["Automated the weekly capacity report", "Ran the support onboarding week"]) {
    await candidate.page.getByLabel("Title", { exact: true }).fill(title);
    await candidate.page.getByLabel("What happened", { exact: true }).fill("The report took a day each week.");
    await candidate.page.getByLabel("Your own part").fill("I wrote the scripts and the dashboard.");
    await candidate.page.getByLabel("Outcome", { exact: true }).fill("A day a week back for the team.");
    await candidate.page.getByLabel("Date", { exact: true }).fill("2026-09-01");
    await candidate.page.getByRole("checkbox", { name: PLANNING }).check();
    await candidate.page.getByRole("button", { name: "Send to my manager" }).click();
    await expect(candidate.page.getByRole("status")).toContainText("Sent. Your manager will see it");
    await expect(candidate.page.getByRole("region", { name: "What you have sent" })).toContainText(title);
  }
  await candidate.context.close();

  await page.reload();
  const inbox = page.getByRole("region", { name: /Inbox/ });
  await expect(inbox).toContainText("2 waiting");
  await inbox.getByRole("link", { name: "Automated the weekly capacity report" }).click();
  const form = page.locator("form.evidence-form");
  await expect(form.getByRole("checkbox", { name: PLANNING })).toBeChecked();
  await form.getByLabel("Kind", { exact: true }).selectOption({ label: "Process or tooling improvement" });
  await form.getByRole("group", { name: "How far did its effect reach?" }).getByLabel("Team", { exact: true }).check();
  await form.getByLabel(`Why it shows this: ${PLANNING}`).fill("Freed capacity the plan relied on.");
  await form.getByRole("button", { name: "Accept into the case" }).click();
  await expect(inbox).toContainText("1 waiting");

  await inbox.getByRole("link", { name: "Ran the support onboarding week" }).click();
  await page.getByLabel("Why you are not using it").fill("Covered by the hiring item already.");
  await page.getByRole("button", { name: "Dismiss" }).click();
  await expect(inbox).toContainText("0 waiting");
  await expect(inbox).toContainText("Accepted");
  await expect(inbox).toContainText("Dismissed because: Covered by the hiring item already.");

  await page.getByRole("link", { name: "Evidence", exact: true }).click();
  await expect(page.getByRole("main")).toContainText("Automated the weekly capacity report");
  await expect(page.getByRole("main")).not.toContainText("Ran the support onboarding week");
});
