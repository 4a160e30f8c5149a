import { expect, fillSignIn, header, signOut, test } from "./fixtures";

const LADDER = "L5: Principal DevOps Support Engineer";
const SECTIONS = [
  "Impact",
  "I solve critical support challenges with strategic depth",
  "I raise the standard of leadership and technical thinking",
  "I invest in the organisation and its people",
  "What success looks like",
];

test("the first account exists, so /setup sends people to sign in", async ({ page }) => {
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("sign in, read a ladder, sign out", async ({ page, admin, signIn }) => {
  await signIn();
  await expect(header(page).getByRole("link", { name: new RegExp(admin.name) })).toBeVisible();
  // The production server's session cookie is Secure with the __Host- prefix; Chromium keeps it
  // on http://127.0.0.1 because it treats loopback as a secure context.
  const session = (await page.context().cookies()).find((c) => c.name.startsWith("__Host-"));
  expect(session, "a __Host- session cookie").toMatchObject({ secure: true, path: "/", httpOnly: true });

  await page.goto("/ladders");
  const ladderLink = page.getByRole("heading", { name: LADDER }).getByRole("link", { name: LADDER });
  await expect(ladderLink).toBeVisible();
  await ladderLink.click();
  await expect(page.getByRole("heading", { name: LADDER, level: 1 })).toBeVisible();
  for (const section of SECTIONS) {
    await expect(page.getByRole("heading", { name: section, exact: true })).toBeVisible();
  }

  await signOut(page);
  await page.goto("/cases");
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("a wrong password is refused with a plain message", async ({ page, admin }) => {
  await fillSignIn(page, { email: admin.email, password: `${admin.password} but wrong` });
  await expect(page.getByRole("alert").filter({ hasText: "The email address or password is not right." })).toBeVisible();
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
});
