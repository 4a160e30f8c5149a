// The manager's main loop, in the browser: open a case, add evidence from an expectation and watch
// its tile go from missing to weak to strong, attach an item to a second expectation, edit it,
// delete and restore it, and read the history.
import type { Page } from "@playwright/test";
import { expect, fillEvidence, openCase, test } from "./fixtures";

const TRENDS = "I spot trends and risks early and help the organisation respond effectively";
const PLANNING = "I contribute to strategic planning and help align support with company direction";

function tile(page: Page, text: string) {
  return page
    .getByRole("region", { name: "Expectations at a glance" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: text, exact: true }) });
}

test("a manager builds a case: missing, weak, strong; attach, edit, delete, restore, history", async ({ adminPage: page }) => {
  await page.getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: "Open a new case" }).click();
  await page.getByLabel("Candidate's name").fill("Jordan Blake");
  await page.getByLabel("Current title").fill("Senior DevOps Support Engineer");
  await page.getByLabel("Target level").selectOption({ label: "L5: Principal DevOps Support Engineer" });
  await page.getByRole("button", { name: "Open case" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Jordan Blake" })).toBeVisible();
  await expect(page.getByText("0 of 24 strong, 0 weak, 24 missing").first()).toBeVisible();
  await expect(tile(page, TRENDS)).toContainText("Missing");

  // Add evidence straight from the expectation: it is pre-selected.
  await tile(page, TRENDS).getByRole("link", { name: TRENDS }).click();
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(TRENDS) })).toBeVisible();
  await page.getByRole("link", { name: "Add evidence for this expectation" }).click();
  await expect(page.getByRole("checkbox", { name: TRENDS })).toBeChecked();
  await fillEvidence(page, {
    title: "Spotted the upgrade failure trend",
    daysAgo: 30,
    scope: "Organisation",
    link: "https://wiki.example.com/trends",
    rationaleFor: TRENDS,
    rationale: "Saw the trend in the tickets before anyone else and got it into planning.",
  });
  await expect(page.getByRole("status").filter({ hasText: "Evidence E-01 was added." })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(TRENDS) })).toContainText("Weak");
  await expect(page.getByRole("region", { name: "Why it is weak" })).toContainText("Only 1");

  await page.getByRole("link", { name: "Overview" }).click();
  await expect(tile(page, TRENDS)).toContainText("Weak");
  await expect(tile(page, TRENDS)).toContainText("Thin");

  // A second good item makes it strong.
  await tile(page, TRENDS).getByRole("link", { name: TRENDS }).click();
  await page.getByRole("link", { name: "Add evidence for this expectation" }).click();
  await fillEvidence(page, {
    title: "Raised the certificate expiry risk",
    daysAgo: 60,
    scope: "Several teams",
    link: "https://wiki.example.com/cert-risk",
    rationaleFor: TRENDS,
    rationale: "Flagged the risk three months ahead and coordinated the response.",
  });
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(TRENDS) })).toContainText("Strong");
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(tile(page, TRENDS)).toContainText("Strong");

  // Attach E-01 to a second expectation.
  await page.getByRole("link", { name: "Spotted the upgrade failure trend" }).first().click();
  await page.getByLabel("Expectation", { exact: true }).selectOption({ label: `I invest in the organisation and its people: ${PLANNING}` });
  await page.getByLabel("Why this item shows it").fill("Fed the trend into the quarterly plan.");
  await page.getByRole("button", { name: "Attach", exact: true }).click();
  await expect(page.getByRole("region", { name: "Expectations it demonstrates" }).getByRole("link", { name: PLANNING })).toBeVisible();

  // Edit it.
  await page.getByRole("link", { name: "Edit E-01" }).click();
  await page.getByLabel("Title", { exact: true }).fill("Spotted the upgrade failure trend early");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Spotted the upgrade failure trend early" })).toBeVisible();

  // Delete E-02 (confirmation first), then undo from the trash.
  await page.getByRole("link", { name: "Overview" }).click();
  await page.getByRole("link", { name: "Raised the certificate expiry risk" }).first().click();
  await page.getByRole("link", { name: "Delete E-02" }).click();
  await expect(page.getByRole("heading", { name: /Delete E-02/ })).toBeVisible();
  await page.getByRole("button", { name: "Delete evidence" }).click();
  await expect(page.getByRole("status").filter({ hasText: "was moved to the trash" })).toBeVisible();
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(tile(page, TRENDS)).toContainText("Weak");
  await page.getByRole("link", { name: "Trash" }).click();
  await page.getByRole("button", { name: "Restore E-02" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Raised the certificate expiry risk" })).toBeVisible();
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(tile(page, TRENDS)).toContainText("Strong");

  // The history tells the story.
  await page.getByRole("link", { name: "History" }).click();
  const history = page.getByRole("main");
  for (const line of [/Avery Quinn opened the case$/, /Avery Quinn added E-01$/, /Avery Quinn tied it to an expectation$/, /Avery Quinn edited E-01$/, /Avery Quinn moved E-02 to the trash$/, /Avery Quinn restored E-02 from the trash$/]) {
    await expect(history.getByText(line).first()).toBeVisible();
  }
  await expect(history.getByText("Title: Spotted the upgrade failure trend → Spotted the upgrade failure trend early")).toBeVisible();
  await expect(history).toContainText("Spotted the upgrade failure trend early");
});

test("a bad field keeps everything typed and says what is wrong next to it", async ({ adminPage: page }) => {
  await openCase(page, "Bo Badfield");
  await page.getByRole("link", { name: "Add evidence" }).first().click();
  const form = page.locator("form.evidence-form");
  await form.getByLabel("Title", { exact: true }).fill("A title that stays");
  await form.getByLabel("Link 1", { exact: true }).fill("javascript:alert(1)");
  await form.getByRole("button", { name: "Save evidence" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("link", { name: "Enter a web address that starts with http:// or https://." })).toBeVisible();
  await expect(form.getByLabel("Title", { exact: true })).toHaveValue("A title that stays");
  await expect(form.getByLabel("Link 1", { exact: true })).toHaveValue("javascript:alert(1)");
  await expect(form.getByText("Choose at least one expectation this demonstrates.")).toBeVisible();
});

test("a case exports to JSON and imports back as a new case", async ({ adminPage: page }, testInfo) => {
  await page.goto("/cases");
  await page.getByRole("link", { name: "Jordan Blake" }).first().click();
  const original = page.url();
  await page.getByRole("link", { name: "Case details" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download a copy of this case (JSON)" }).click()]);
  const file = testInfo.outputPath("case.json");
  await download.saveAs(file);

  await page.goto("/cases");
  await page.getByRole("link", { name: "Import a case" }).click();
  await page.getByLabel("Case file").setInputFiles(file);
  await page.getByRole("button", { name: "Import case" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Jordan Blake" })).toBeVisible();
  expect(page.url()).not.toBe(original);
  await expect(page.getByRole("link", { name: "Spotted the upgrade failure trend early" }).first()).toBeVisible();

  // A file that is not a case changes nothing and says why.
  await page.goto("/cases/import");
  await page.getByLabel("Case file").setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from('{"hello": 1}') });
  await page.getByRole("button", { name: "Import case" }).click();
  await expect(page.getByRole("alert")).toContainText("The file was not imported");
});
