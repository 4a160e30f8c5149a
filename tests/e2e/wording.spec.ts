// The wording checks as a manager meets them: findings under the saved field, the Wording tab,
// a dismissal that needs a reason and then reads "dismissed: <reason>", and the history line.
import { expect, openCase, test } from "./fixtures";

test("wording findings show under the saved text and can be dismissed with a reason", async ({ adminPage: page }) => {
  await openCase(page, "Wren Okafor");
  await page.getByRole("link", { name: "Case details" }).click();
  await page.getByLabel("Your recommendation").fill("Wren is a brilliant engineer and somewhat ready for the next level.");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Wren Okafor" })).toBeVisible();

  // Saved, never blocked; the details form shows the findings under the field.
  await page.getByRole("link", { name: "Case details" }).click();
  const note = page.getByRole("note", { name: "Wording checks on your recommendation" });
  await expect(note).toContainText("Hyperbole without evidence");
  await expect(note).toContainText("Doubt raisers and hedges");
  await expect(note.locator("mark", { hasText: "brilliant" })).toBeVisible();

  await page.getByRole("link", { name: "Wording" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Wording" })).toBeVisible();
  await expect(page.getByText("2 open")).toBeVisible();
  await page.getByText("Dismiss “somewhat”").click();
  await page.getByRole("button", { name: "Dismiss with this reason" }).click();
  await expect(page.getByText("Say why this finding does not apply: the committee will read it.").first()).toBeVisible();
  await page.getByLabel("Why “somewhat” stays").fill("Deliberate: ready on scope, not yet on hiring.");
  await page.getByRole("button", { name: "Dismiss with this reason" }).click();
  await expect(page.getByText("dismissed: Deliberate: ready on scope, not yet on hiring.")).toBeVisible();
  await expect(page.getByText("1 open")).toBeVisible();

  await page.getByRole("link", { name: "History" }).click();
  await expect(page.getByText("dismissed a wording finding")).toBeVisible();
});
