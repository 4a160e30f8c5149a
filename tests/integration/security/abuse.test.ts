// Abuse limits (issue 6, "Abuse"): sign-in throttling, the per-user limit on concurrent packet
// exports, and request bodies over 5 MB refused before the app parses them.
//
// The server trusts 127.0.0.1 as a proxy here (TRUSTED_PROXIES), so that each test can speak from
// its own client address through X-Forwarded-For: address throttling would otherwise lock out
// every later sign-in of the file, all coming from 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseLabel, TestApp } from "../../security/support/app";
import { mainText } from "../../security/support/http";
import { addEvidence, firstAdmin, invite, ladderKeys, LADDER, openCase, PASSWORD, type Person } from "../../security/support/scenario";

const WRONG = "not the right password";
const INVALID = "The email address or password is not right.";

/** The form-level message of a sign-in page (the error summary's first item). */
function loginMessage(html: string): string {
  return mainText(/<div class="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "").replace("There is a problem", "").trim();
}

describe(`abuse limits (${databaseLabel})`, () => {
  let app: TestApp;
  let admin: Person;
  let a: Person;
  let b: Person;
  let caseId: string;

  beforeAll(async () => {
    app = await TestApp.start({ TRUSTED_PROXIES: "127.0.0.1" });
    admin = await firstAdmin(app);
    a = await invite(app, admin, { name: "Amara Owner", email: "amara@ladderproof.test" });
    b = await invite(app, admin, { name: "Bruno Other", email: "bruno@ladderproof.test" });
    caseId = await openCase(a.client, "Casey Candidate");
    const keys = await ladderKeys(a.client, caseId);
    for (let i = 0; i < 6; i++) {
      await addEvidence(a.client, caseId, { title: `Item ${i}`, supports: [[keys[i]!, `Reason ${i}`], [keys[i + 6]!, `Second reason ${i}`]] });
    }
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  describe("sign-in throttling", () => {
    it("says the same words for an unknown email as for a wrong password", async () => {
      const unknown = await app.client("10.9.0.1").post("/login", { email: "nobody@ladderproof.test", password: WRONG });
      const wrong = await app.client("10.9.0.2").post("/login", { email: a.email, password: WRONG });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(loginMessage(unknown.text)).toBe(INVALID);
      expect(loginMessage(wrong.text)).toBe(INVALID);
    });

    it("locks an email after 10 failures in 15 minutes, from any address, even with the right password: 429 with Retry-After", async () => {
      // 10.9.0.2 already failed once for this email above: 9 more from 9 other addresses, in mixed case.
      for (let i = 1; i <= 9; i++) {
        const email = i % 2 ? a.email.toUpperCase() : a.email;
        const reply = await app.client(`10.1.0.${i}`).post("/login", { email, password: WRONG });
        expect(reply.status, `failure ${i + 1}`).toBe(401);
      }
      const locked = await app.client("10.1.0.200").post("/login", { email: a.email, password: PASSWORD });
      expect(locked.status).toBe(429);
      const retryAfter = Number(locked.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(loginMessage(locked.text)).toMatch(/^Too many failed attempts\. Try again in \d+ minutes?\.$/);
      expect(locked.setCookies.filter((c) => /ladderproof_session=[^;]/.test(c))).toEqual([]);
      // The same through the data request a page with JavaScript makes.
      const fromScript = await app.client("10.1.0.202").post("/login.data", { email: a.email, password: PASSWORD });
      expect(fromScript.status).toBe(429);
      expect(Number(fromScript.headers.get("retry-after"))).toBeGreaterThan(0);
      // Another account is not affected.
      expect((await app.client("10.1.0.201").post("/login", { email: b.email, password: PASSWORD })).status).toBe(302);
    });

    it("locks an unknown email the same way (throttling does not reveal which accounts exist)", async () => {
      for (let i = 1; i <= 10; i++) {
        expect((await app.client(`10.3.0.${i}`).post("/login", { email: "ghost@ladderproof.test", password: WRONG })).status).toBe(401);
      }
      const locked = await app.client("10.3.0.99").post("/login", { email: "ghost@ladderproof.test", password: WRONG });
      expect(locked.status).toBe(429);
      expect(locked.headers.get("retry-after")).toMatch(/^\d+$/);
    });

    it("locks a client address after 10 failures in 15 minutes, whatever the emails", async () => {
      const address = "10.2.0.1";
      for (let i = 1; i <= 10; i++) {
        const reply = await app.client(address).post("/login", { email: `someone${i}@ladderproof.test`, password: WRONG });
        expect(reply.status, `failure ${i}`).toBe(401);
      }
      const locked = await app.client(address).post("/login", { email: b.email, password: PASSWORD });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
      // The same account from another address signs in.
      expect((await app.client("10.2.0.2").post("/login", { email: b.email, password: PASSWORD })).status).toBe(302);
    });
  });

  describe("packet exports", () => {
    const packetCount = async () => ((await a.client.get(`/cases/${caseId}/packets`)).text.match(/\/packets\/[0-9a-f-]{36}\/download"/g) ?? []).length;

    it("allows each person 2 exports at a time: 4 at once give 2 packets and 2 answers 429, while others export freely", async () => {
      const before = await packetCount();
      const [mine, theirs] = await Promise.all([
        Promise.all(Array.from({ length: 4 }, () => a.client.post(`/cases/${caseId}/packets`))),
        // The administrator exports the same case at the same moment: a limit per person, not per case.
        new Promise((r) => setTimeout(r, 20)).then(() => admin.client.post(`/cases/${caseId}/packets`)),
      ]);
      const statuses = mine.map((r) => r.status).sort();
      expect(statuses).toEqual([302, 302, 429, 429]);
      for (const refused of mine.filter((r) => r.status === 429)) {
        expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
        expect(mainText(refused.text)).toContain("You already have packets being generated");
      }
      expect(theirs.status).toBe(302);
      expect(await packetCount()).toBe(before + 3);
      // The slots are free again once the exports finished.
      expect((await a.client.post(`/cases/${caseId}/packets`)).status).toBe(302);
    });
  });

  describe("request size", () => {
    const MB = 1024 * 1024;
    const caseCount = async () => new Set((await a.client.get("/cases")).text.match(/href="\/cases\/[0-9a-f-]{36}"/g) ?? []).size;
    const caseForm = (name: string, padding: number) =>
      `candidateName=${encodeURIComponent(name)}&currentTitle=Engineer&ladderSlug=${LADDER}&padding=${"x".repeat(padding)}`;
    const headers = { "Content-Type": "application/x-www-form-urlencoded" };

    it("refuses a body declared over 5 MB with 413 before the app reads it: nothing is created", async () => {
      const before = await caseCount();
      const started = Date.now();
      const reply = await a.client.post("/cases/new", [], { headers, body: caseForm("Too big", 5 * MB + 10) });
      expect(reply.status).toBe(413);
      expect(reply.text).toBe("The request is too large.");
      expect(Date.now() - started).toBeLessThan(5_000);
      const login = await app.client().post("/login", [], { headers, body: `email=x%40y.z&password=${"p".repeat(6 * MB)}` });
      expect(login.status).toBe(413);
      const form = new FormData();
      form.set("caseFile", new Blob(["{", " ".repeat(6 * MB), "}"], { type: "application/json" }), "case.json");
      const upload = await a.client.post("/cases/import", [], { body: form });
      expect(upload.status).toBe(413);
      expect(await caseCount()).toBe(before);
    });

    it("stops a streamed (chunked) body at 5 MB, and the app never acts on the part it received", async () => {
      const before = await caseCount();
      const bytes = new TextEncoder().encode(caseForm("Streamed too big", 6 * MB));
      let offset = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (offset >= bytes.length) return controller.close();
          controller.enqueue(bytes.slice(offset, offset + 64 * 1024));
          offset += 64 * 1024;
        },
      });
      let status: number | string;
      try {
        const reply = await fetch(new URL("/cases/new", app.url), {
          method: "POST",
          headers: { ...headers, Origin: app.url, Cookie: a.client.cookie! },
          body,
          duplex: "half",
          redirect: "manual",
        } as RequestInit);
        status = reply.status;
        await reply.arrayBuffer();
      } catch (error) {
        // The server may cut the connection before the client reads the 413.
        status = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code ?? String(error);
      }
      expect(["413", "ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]).toContain(String(status));
      await new Promise((r) => setTimeout(r, 300));
      expect(await caseCount()).toBe(before);
      expect(app.logs()).toContain("The request body is larger than the limit");
    });

    it("accepts a streamed body and a body just under the limit (the limit does not get in the way)", async () => {
      const before = await caseCount();
      const near = await a.client.post("/cases/new", [], { headers, body: caseForm("Just under", 5 * MB - 200) });
      expect(near.status).toBe(302);
      const bytes = new TextEncoder().encode(caseForm("Streamed small", 100 * 1024));
      let sent = false;
      const reply = await fetch(new URL("/cases/new", app.url), {
        method: "POST",
        headers: { ...headers, Origin: app.url, Cookie: a.client.cookie! },
        body: new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (sent) return controller.close();
            // Arrives after the app has started handling the request.
            await new Promise((r) => setTimeout(r, 100));
            controller.enqueue(bytes);
            sent = true;
          },
        }),
        duplex: "half",
        redirect: "manual",
      } as RequestInit);
      expect(reply.status).toBe(302);
      expect(await caseCount()).toBe(before + 2);
    });
  });
});
