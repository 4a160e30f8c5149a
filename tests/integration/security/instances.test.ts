// Two app instances on one PostgreSQL database (issue 6, "Faults and load"): a session made on one
// is valid on the other, ending it on one ends it on both, and sign-in throttling counts failures
// from both. PostgreSQL only: PGlite allows one process per directory.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../support/server";
import { onPostgres, TestApp } from "../../security/support/app";
import { Client, mainText } from "../../security/support/http";
import { expectRedirectToLogin, firstAdmin, invite, openCase, PASSWORD, type Person } from "../../security/support/scenario";

if (!onPostgres) console.warn("instances.test.ts: SKIPPED on PGlite: two app instances need a shared PostgreSQL database (TEST_DATABASE_URL).");

describe.skipIf(!onPostgres)(`two app instances on one PostgreSQL database${onPostgres ? "" : " (skipped: TEST_DATABASE_URL unset)"}`, () => {
  let app: TestApp;
  let second: RunningServer;
  let admin: Person;
  let a: Person;
  /** The same person's cookie, sent to the second instance. */
  const onSecond = (client: Client, forwardedFor?: string) => {
    const copy = new Client(() => second.url, forwardedFor);
    copy.cookie = client.cookie;
    return copy;
  };

  beforeAll(async () => {
    app = await TestApp.start({ TRUSTED_PROXIES: "127.0.0.1" });
    second = await app.second();
    admin = await firstAdmin(app);
    a = await invite(app, admin, { name: "Amara Owner", email: "amara@ladderproof.test" });
  }, 60_000);

  afterAll(async () => {
    await second?.stop();
    await app?.close();
  });

  it("accepts a session made on one instance on the other, and sees the same data", async () => {
    expect(second.port).not.toBe(app.server.port);
    const there = onSecond(a.client);
    const page = await there.get("/account");
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain(a.email);
    const caseId = await openCase(there, "Made on the second instance");
    expect((await a.client.get(`/cases/${caseId}`)).status).toBe(200);
    // And the other way round: signed in on the second, used on the first.
    const signedInThere = new Client(() => second.url);
    expect((await signedInThere.post("/login", { email: a.email, password: PASSWORD })).status).toBe(302);
    const back = new Client(() => app.url);
    back.cookie = signedInThere.cookie;
    expect((await back.get(`/cases/${caseId}`)).status).toBe(200);
  });

  it("ends a session on both instances when it ends on one (sign-out, disabling)", async () => {
    const device = new Client(() => app.url);
    expect((await device.post("/login", { email: a.email, password: PASSWORD })).status).toBe(302);
    const copy = onSecond(device);
    expect((await copy.get("/cases")).status).toBe(200);
    expect((await copy.post("/logout")).status).toBe(302);
    expectRedirectToLogin(await device.get("/cases"));

    const b = await invite(app, admin, { name: "Bruno Other", email: "bruno@ladderproof.test" });
    const bThere = onSecond(b.client);
    expect((await bThere.get("/cases")).status).toBe(200);
    expect((await admin.client.post("/admin/people", { intent: "disable", userId: b.id })).status).toBe(200);
    expectRedirectToLogin(await bThere.get("/cases"));
  });

  it("counts sign-in failures from both instances: 5 on each lock the email, and 5 on each lock the address", async () => {
    for (let i = 0; i < 10; i++) {
      const base = i % 2 ? () => second.url : () => app.url;
      const reply = await new Client(base, `10.5.0.${i + 1}`).post("/login", { email: a.email, password: "wrong password 123" });
      expect(reply.status, `failure ${i + 1}`).toBe(401);
    }
    for (const base of [() => app.url, () => second.url]) {
      const locked = await new Client(base, "10.5.0.100").post("/login", { email: a.email, password: PASSWORD });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    }

    for (let i = 0; i < 10; i++) {
      const base = i % 2 ? () => second.url : () => app.url;
      const reply = await new Client(base, "10.6.0.1").post("/login", { email: `nobody${i}@ladderproof.test`, password: "wrong password 123" });
      expect(reply.status, `failure ${i + 1}`).toBe(401);
    }
    for (const base of [() => app.url, () => second.url]) {
      expect((await new Client(base, "10.6.0.1").post("/login", { email: admin.email, password: PASSWORD })).status).toBe(429);
    }
    expect((await new Client(() => second.url, "10.6.0.2").post("/login", { email: admin.email, password: PASSWORD })).status).toBe(302);
  });
});
