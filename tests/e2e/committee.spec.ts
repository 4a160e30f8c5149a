// A whole calibration session in the browser, each person in their own browser context: two
// managers submit, three members vote (the one who manages a case is refused on it), the chair asks
// for more evidence, the manager adds it and resubmits, the chair decides and locks, a write after
// the lock is refused, and the decision is in the case's history and its packet.
import type { Browser, Page } from "@playwright/test";
import JSZip from "jszip";
import { expect, fillEvidence, openCase, test, type Account } from "./fixtures";

const PASSWORD = "committee ladder 9 quiet rungs";
const stamp = Date.now().toString(36);
const SESSION = `H1 2027 Support promotions ${stamp}`;
const PRIYA = `Priya Raman ${stamp}`;
const OMAR = `Omar Haddad ${stamp}`;
const TRENDS = "I spot trends and risks early and help the organisation respond effectively";

async function addPerson(admin: Page, browser: Browser, name: string, role: string): Promise<{ account: Account; page: Page }> {
  await admin.goto("/admin/people");
  await admin.getByLabel("Name", { exact: true }).fill(name);
  const email = `${name.split(" ")[0]!.toLowerCase()}.${stamp}@ladderproof.test`;
  await admin.getByLabel("Email address").fill(email);
  await admin.getByLabel("Role").selectOption({ label: role });
  await admin.getByRole("button", { name: "Add and create invitation link" }).click();
  const link = await admin.getByLabel("Invitation link").inputValue();
  const context = await browser.newContext({ baseURL: new URL(admin.url()).origin });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Password again").fill(PASSWORD);
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return { account: { name, email, password: PASSWORD }, page };
}

async function submitTo(page: Page, candidate: string, button = "Submit the case") {
  await page.getByRole("navigation", { name: "Case" }).getByRole("link", { name: "Committee" }).click();
  if (button === "Submit the case") {
    const choice = page.getByLabel("Calibration session");
    await choice.selectOption((await choice.locator("option", { hasText: SESSION }).getAttribute("value"))!);
  }
  await page.getByRole("button", { name: button }).click();
  await expect(page.getByRole("heading", { level: 3, name: SESSION })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: candidate })).toBeVisible();
}

async function openSubmitted(page: Page, candidate: string) {
  await page.goto("/sessions");
  await page.getByRole("link", { name: SESSION }).click();
  await page.getByRole("link", { name: candidate }).click();
  await expect(page.getByRole("heading", { level: 2, name: candidate })).toBeVisible();
}

async function vote(page: Page, choice: "Support" | "Not yet" | "Needs more evidence", note: string) {
  const form = page.getByRole("region", { name: /Your vote|Change your vote/ });
  await form.getByRole("radio", { name: choice }).check();
  await form.getByLabel("Note").fill(note);
  if (choice === "Needs more evidence") {
    await form.getByText("Choose the expectations").click();
    await form.getByLabel(TRENDS).check();
  }
  await form.getByRole("button", { name: "Cast your vote" }).click();
}

test("a calibration session from submission to a locked decision", async ({ adminPage: admin, browser }) => {
  test.setTimeout(240_000);
  const mara = await addPerson(admin, browser, "Mara Manager", "Manager");
  const nils = await addPerson(admin, browser, "Nils Manager", "Manager");
  const cora = await addPerson(admin, browser, "Cora Chair", "Reviewer (committee member)");
  const rae = await addPerson(admin, browser, "Rae Reviewer", "Reviewer (committee member)");

  // The administrator sets up the session: L5, a meeting date, Cora in the chair, Rae and Nils as members.
  await admin.goto("/sessions");
  await admin.getByRole("link", { name: "New calibration session" }).click();
  await admin.getByLabel("Name", { exact: true }).fill(SESSION);
  await admin.getByRole("group", { name: "Levels it covers" }).getByLabel("L5").check();
  await admin.getByLabel("Meeting date").fill("2027-01-20");
  await admin.getByLabel("Chair", { exact: true }).selectOption({ label: "Cora Chair (Reviewer)" });
  const members = admin.getByRole("group", { name: "Members" });
  await members.getByLabel("Rae Reviewer (Reviewer)").check();
  await members.getByLabel("Nils Manager (Manager)").check();
  await admin.getByRole("button", { name: "Create the session" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: SESSION })).toBeVisible();

  // Two managers submit a case each.
  await openCase(mara.page, PRIYA);
  await submitTo(mara.page, PRIYA);
  await openCase(nils.page, OMAR);
  await submitTo(nils.page, OMAR);

  // Three members vote on Priya's case; Nils, who manages Omar's case, is refused on it.
  await openSubmitted(rae.page, PRIYA);
  await expect(rae.page.getByRole("region", { name: "Votes", exact: true })).toContainText("0 votes cast");
  await vote(rae.page, "Support", "Broad impact across regions.");
  await expect(rae.page.getByRole("region", { name: "Votes", exact: true })).toContainText("Rae Reviewer (you): Support");

  await openSubmitted(nils.page, PRIYA);
  // Blind until one votes: Rae's vote is counted but not shown.
  await expect(nils.page.getByRole("region", { name: "Votes", exact: true })).toContainText("1 vote cast");
  await expect(nils.page.getByRole("region", { name: "Votes", exact: true })).not.toContainText("Broad impact");
  await vote(nils.page, "Needs more evidence", "Show the trend work.");
  await expect(nils.page.getByRole("region", { name: "Votes", exact: true })).toContainText("Broad impact across regions.");
  await openSubmitted(nils.page, OMAR);
  await expect(nils.page.getByRole("region", { name: "Votes", exact: true })).toContainText("You manage this case");
  await expect(nils.page.getByRole("region", { name: /Your vote/ })).toHaveCount(0);
  // The server refuses the vote even when it is posted by hand.
  const forged = await nils.page.request.post(nils.page.url(), {
    form: { intent: "vote", vote: "support", note: "My own candidate" },
    headers: { Origin: new URL(nils.page.url()).origin },
  });
  expect(forged.status()).toBe(403);

  await openSubmitted(cora.page, PRIYA);
  await vote(cora.page, "Needs more evidence", "The trend work is thin.");

  // The chair asks Mara for more evidence on one expectation.
  const ask = cora.page.getByRole("region", { name: "Ask for more evidence", exact: true });
  await ask.getByText("Choose the expectations").click();
  await ask.getByLabel(TRENDS).check();
  await ask.getByLabel("Note to the manager").fill("Add the trend analysis you mentioned.");
  await ask.getByRole("button", { name: "Ask the manager for more evidence" }).click();
  await expect(cora.page.getByText("More evidence asked", { exact: true }).first()).toBeVisible();

  // Mara sees the expectation marked on her case, adds evidence and resubmits.
  await mara.page.getByRole("navigation", { name: "Case" }).getByRole("link", { name: "Overview" }).click();
  const request = mara.page.getByRole("region", { name: /The committee asks for more evidence/ });
  await expect(request).toContainText("Add the trend analysis you mentioned.");
  await request.getByRole("link", { name: TRENDS }).click();
  await mara.page.getByRole("link", { name: "Add evidence for this expectation" }).click();
  await fillEvidence(mara.page, { title: "Spotted the upgrade failure trend", daysAgo: 30, scope: "Organisation", rationaleFor: TRENDS, rationale: "Raised it before it hit customers." });
  await expect(mara.page.getByRole("status")).toContainText("E-01");
  await mara.page.getByRole("navigation", { name: "Case" }).getByRole("link", { name: "Committee" }).click();
  await expect(mara.page.getByRole("note", { name: "Changed since submission" })).toContainText("Added: E-01 Spotted the upgrade failure trend");
  await mara.page.getByRole("button", { name: `Resubmit to ${SESSION}` }).click();
  await expect(mara.page.getByText("No change since submission.")).toBeVisible();

  // The chair decides both cases and locks the session.
  await openSubmitted(cora.page, PRIYA);
  await expect(cora.page.getByRole("link", { name: "Spotted the upgrade failure trend" }).first()).toBeVisible();
  const decide = cora.page.getByRole("region", { name: "Decision", exact: true });
  await decide.getByRole("radio", { name: "Not yet" }).check();
  await decide.getByRole("button", { name: "Record the decision" }).click();
  await expect(cora.page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("a rationale is required");
  await decide.getByRole("radio", { name: "Promote" }).check();
  await decide.getByLabel("Rationale").fill("Org-wide trend work, now shown.");
  await decide.getByRole("button", { name: "Record the decision" }).click();
  await expect(cora.page.getByRole("note").filter({ hasText: "Decision: Promote" })).toBeVisible();

  await openSubmitted(cora.page, OMAR);
  const decideOmar = cora.page.getByRole("region", { name: "Decision", exact: true });
  await decideOmar.getByRole("radio", { name: "Defer" }).check();
  await decideOmar.getByLabel("Rationale").fill("Revisit after the migration ships.");
  await decideOmar.getByRole("button", { name: "Record the decision" }).click();
  await expect(cora.page.getByRole("note").filter({ hasText: "Decision: Defer" })).toBeVisible();

  await cora.page.getByRole("navigation", { name: "Session" }).getByRole("link", { name: "Board" }).click();
  await cora.page.getByRole("button", { name: "Lock the session" }).click();
  await expect(cora.page.getByRole("note").filter({ hasText: "Nothing in it can change" })).toBeVisible();
  await expect(cora.page.getByRole("button", { name: "Lock the session" })).toHaveCount(0);

  // A write after the lock is refused with a clear message (the form is gone, so it is posted by hand).
  const late = await rae.page.request.post(`${new URL(cora.page.url()).origin}${new URL(cora.page.url()).pathname}/cases/${await caseIdOf(cora.page, OMAR)}`, {
    form: { intent: "vote", vote: "support", note: "Too late" },
    headers: { Origin: new URL(cora.page.url()).origin },
  });
  expect(late.status()).toBe(409);
  expect(await late.text()).toContain("This session is locked");

  // The decision is in Priya's history and in her packet from now on.
  await mara.page.getByRole("navigation", { name: "Case" }).getByRole("link", { name: "History" }).click();
  await expect(mara.page.getByRole("main")).toContainText("recorded the committee's decision: Promote");
  await expect(mara.page.getByRole("main")).toContainText("Org-wide trend work, now shown.");
  const [download] = await Promise.all([mara.page.waitForEvent("download"), mara.page.getByRole("button", { name: "Download packet (.docx)" }).click()]);
  const docx = await JSZip.loadAsync(await streamBytes(await download.createReadStream()));
  const xml = await docx.file("word/document.xml")!.async("string");
  expect(xml).toContain("Committee decision");
  expect(xml).toContain("Org-wide trend work, now shown.");
});

async function caseIdOf(page: Page, candidate: string): Promise<string> {
  const href = await page.getByRole("link", { name: candidate }).first().getAttribute("href");
  return /\/cases\/([0-9a-f-]{36})/.exec(href ?? "")![1]!;
}

async function streamBytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
