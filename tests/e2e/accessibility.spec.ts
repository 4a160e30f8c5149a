// Every main page checked by axe-core in the real browser (WCAG 2.1 A and AA rules), and the
// keyboard path through the case page. A violation names the rule and the elements.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, openCase, test } from "./fixtures";

async function expectNoViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(found, `accessibility problems on ${what}`).toEqual([]);
}

test("sign-in page", async ({ page }) => {
  await page.goto("/login");
  await expectNoViolations(page, "/login");
});

test("every page of a case, and the pages around it", async ({ adminPage: page }) => {
  // Eleven pages, each read by axe: more than the default 30 s on a busy 2-core machine.
  test.setTimeout(120_000);
  await page.getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: "Open a new case" }).click();
  await expectNoViolations(page, "new case");
  await page.getByLabel("Candidate's name").fill("Robin Axe");
  await page.getByLabel("Current title").fill("Support Engineer");
  await page.getByLabel("Target level").selectOption({ label: "L5: Principal DevOps Support Engineer" });
  await page.getByRole("button", { name: "Open case" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Robin Axe" })).toBeVisible();
  await expectNoViolations(page, "case overview");

  await page.getByRole("link", { name: "Add evidence" }).first().click();
  await expectNoViolations(page, "add evidence");
  await page.getByRole("button", { name: "Save evidence" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
  await expectNoViolations(page, "add evidence with errors");

  for (const tab of ["Evidence", "History", "Trash", "Packets", "Case details"]) {
    await page.getByRole("navigation", { name: "Case" }).getByRole("link", { name: tab }).click();
    await expect(page.getByRole("heading", { level: 2 }).first()).toBeVisible();
    await expectNoViolations(page, tab);
  }
  for (const path of ["/cases", "/ladders", "/ladders/L5-Principal-DevOps-Support-Engineer", "/account", "/admin/people", "/cases/import"]) {
    await page.goto(path);
    await expectNoViolations(page, path);
  }
});

test("the case page works from the keyboard: skip link, then tabs to the first expectation", async ({ adminPage: page }) => {
  await openCase(page, "Kim Keyboard");
  // A fresh load, as when the page is opened from a link elsewhere: focus starts at the top.
  await page.reload();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
  await page.keyboard.press("Enter");
  // From the main landmark, the keyboard reaches the first expectation of the grid.
  const target = "I lead large-scale initiatives that improve support outcomes across the organisation";
  const inGrid = () =>
    page.evaluate((text) => {
      const el = document.activeElement;
      return Boolean(el?.closest(".tiles") && el.textContent?.trim() === text);
    }, target);
  for (let i = 0; i < 80 && !(await inGrid()); i++) await page.keyboard.press("Tab");
  expect(await inGrid()).toBe(true);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: /I lead large-scale initiatives/ })).toBeVisible();
});
