// Sessions and stored passwords (issue 6, "Access: sessions" and "Abuse: passwords").
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseLabel, TestApp } from "../../security/support/app";
import { Client, mainText } from "../../security/support/http";
import { expectRedirectToLogin, firstAdmin, invite, PASSWORD, signIn, type Person } from "../../security/support/scenario";

const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

/** The Set-Cookie header that clears the session cookie, if the response has one. */
function clearingCookie(setCookies: string[]): string | undefined {
  return setCookies.find((c) => /^(__Host-)?ladderproof_session=;/.test(c) && /max-age=0|expires=thu, 01 jan 1970/i.test(c));
}

describe(`sessions (${databaseLabel})`, () => {
  let app: TestApp;
  let admin: Person;
  let a: Person;
  let b: Person;

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await firstAdmin(app);
    a = await invite(app, admin, { name: "Amara Owner", email: "amara@ladderproof.test" });
    b = await invite(app, admin, { name: "Bruno Other", email: "bruno@ladderproof.test" });
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  it("issues a new token at every sign-in, in a cookie scripts and other sites cannot use", async () => {
    const first = await signIn(app, a.email);
    const second = await signIn(app, a.email);
    expect(first.token).toBeTruthy();
    expect(second.token).not.toBe(first.token);
    expect(first.token).not.toBe(a.client.token);
    // Both devices stay signed in.
    for (const client of [first, second, a.client]) expect((await client.get("/cases")).status).toBe(200);

    const login = await app.client().post("/login", { email: a.email, password: PASSWORD });
    const cookie = login.setCookies.find((c) => c.startsWith("__Host-ladderproof_session="));
    expect(cookie, "production cookies carry the __Host- prefix").toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(cookie).not.toMatch(/;\s*Domain=/i);
  });

  it("never accepts a token planted before sign-in (no session fixation)", async () => {
    const planted = app.client().withToken(randomBytes(25).toString("hex").slice(0, 40));
    expectRedirectToLogin(await planted.clone().get("/cases"));
    const login = await planted.clone().post("/login", { email: a.email, password: PASSWORD });
    expect(login.status).toBe(302);
    const issued = login.setCookies.find((c) => c.startsWith("__Host-ladderproof_session=")) ?? "";
    expect(issued).not.toContain(planted.token!);
    expectRedirectToLogin(await planted.get("/cases"));
  });

  it("returns to a page of this site after sign-in, never to another site", async () => {
    const back = await app.client().post("/login", { email: a.email, password: PASSWORD, redirectTo: "/cases?sort=candidate" });
    expect(back.location).toBe("/cases?sort=candidate");
    for (const redirectTo of ["https://evil.example/", "//evil.example/", "/\\evil.example/", "/\t/evil.example/", "/\n/evil.example/"]) {
      const reply = await app.client().post("/login", { email: a.email, password: PASSWORD, redirectTo });
      expect(reply.status).toBe(302);
      expect(reply.location, JSON.stringify(redirectTo)).toBe("/");
    }
  });

  it("kills the old cookie at sign-out (and only that session)", async () => {
    const device = await signIn(app, a.email);
    const other = await signIn(app, a.email);
    const stolen = device.clone();
    const out = await device.post("/logout");
    expect(out.status).toBe(302);
    expect(out.location).toBe("/login");
    expect(clearingCookie(out.setCookies), "sign-out clears the cookie").toBeDefined();
    expect(device.cookie).toBeNull();
    expectRedirectToLogin(await stolen.get("/cases"));
    expect((await stolen.post("/cases/new", { candidateName: "X", currentTitle: "Y", ladderSlug: "Z" })).location ?? "").toMatch(/^\/login/);
    expect((await other.get("/cases")).status).toBe(200);
  });

  it("rejects a tampered token, clears it, and leaves the real session alone", async () => {
    const real = await signIn(app, a.email);
    const token = real.token!;
    const flip = (ch: string) => (ch === "a" ? "b" : "a");
    const variants = [
      token.slice(0, -1) + flip(token.slice(-1)),
      flip(token[0]!) + token.slice(1),
      token.slice(0, -1),
      `${token}a`,
      token.toUpperCase(),
      sha256(token), // what the database stores: useless as a cookie
      "",
    ];
    for (const variant of variants) {
      const forged = real.withToken(variant);
      const reply = await forged.get("/cases");
      expectRedirectToLogin(reply);
      if (variant) expect(clearingCookie(reply.setCookies), `a bad cookie (${variant.slice(0, 8)}…) is cleared`).toBeDefined();
    }
    expect((await real.get("/cases")).status).toBe(200);
  });

  it("ends every session of a user at once when an administrator disables them", async () => {
    const phone = await signIn(app, b.email);
    const laptop = b.client;
    expect((await phone.get("/cases")).status).toBe(200);
    const disabled = await admin.client.post("/admin/people", { intent: "disable", userId: b.id });
    expect(disabled.status).toBe(200);
    expectRedirectToLogin(await phone.get("/cases"));
    expectRedirectToLogin(await laptop.get("/cases"));
    const refused = await app.client().post("/login", { email: b.email, password: PASSWORD });
    expect(refused.status).toBe(401);
    expect(mainText(refused.text)).toContain("The email address or password is not right.");
    // Enabling the account again does not bring the old sessions back.
    expect((await admin.client.post("/admin/people", { intent: "enable", userId: b.id })).status).toBe(200);
    expectRedirectToLogin(await phone.get("/cases"));
    expect((await signIn(app, b.email)).cookie).toBeTruthy();
  });

  describe("with the database", () => {
    let expiring: Client;
    let expiredToken: string;
    let survivor: Client;
    let stored: {
      hashes: Array<{ email: string; password_hash: string }>;
      sessions: Array<{ id: string; user_id: string }>;
    };

    beforeAll(async () => {
      expiring = await signIn(app, a.email);
      survivor = await signIn(app, a.email);
      expiredToken = expiring.token!;
      stored = await app.sql(async (sql) => {
        // The session expires: as if 30 days had passed without a visit.
        await sql.query("update sessions set expires_at = now() - interval '1 minute' where id = $1", [sha256(expiredToken)]);
        return {
          hashes: await sql.query("select email, password_hash from users where password_hash is not null order by email"),
          sessions: await sql.query("select id, user_id from sessions"),
        };
      });
    }, 60_000);

    it("stores passwords as argon2id with m=19456, t=2, p=1, and never the password itself", () => {
      expect(stored.hashes.map((h) => h.email)).toEqual([admin.email, a.email, b.email].sort());
      for (const { email, password_hash: hash } of stored.hashes) {
        expect(hash, email).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
        expect(hash).not.toContain(PASSWORD);
      }
      // Each salt is different: equal passwords do not give equal hashes.
      expect(new Set(stored.hashes.map((h) => h.password_hash)).size).toBe(stored.hashes.length);
    });

    it("stores only a hash of each session token", () => {
      const ids = stored.sessions.map((s) => s.id);
      expect(ids).toContain(sha256(survivor.token!));
      expect(ids).not.toContain(survivor.token);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{64}$/);
    });

    it("rejects an expired session, clears the cookie and removes the session", async () => {
      const reply = await expiring.get("/cases");
      expectRedirectToLogin(reply);
      expect(clearingCookie(reply.setCookies)).toBeDefined();
      expect((await survivor.get("/cases")).status).toBe(200);
      const left = await app.sql((sql) =>
        sql.query<{ id: string }>("select id from sessions where id in ($1, $2)", [sha256(expiredToken), sha256(survivor.token!)]),
      );
      expect(left.map((r) => r.id)).toEqual([sha256(survivor.token!)]);
    });
  });
});
