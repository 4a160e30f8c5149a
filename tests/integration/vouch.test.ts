// Vouch requests end to end over HTTP against the production server, on PGlite and (with
// TEST_DATABASE_URL) PostgreSQL: the email through a real SMTP server, the one-time link opened by
// someone with no account, and what the link may and may not do.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawText } from "../fixtures/packet-docx";
import { databaseLabel, TestApp } from "../security/support/app";
import { Client, mainText, type Reply } from "../security/support/http";
import { addEvidence, exportPacket, firstAdmin, invite, ladderKeys, openCase, type Person } from "../security/support/scenario";
import { startSmtp, type TestSmtp } from "../support/smtp";

const SECRET = "Marzipanic";
const HOSTILE = `<img src=x onerror=alert(1)><script>alert("x")</script>`;

function linkIn(text: string): string {
  const token = /\/vouch\/([A-Za-z0-9_-]{43})\b/.exec(text)?.[1];
  if (!token) throw new Error(`No vouch link in:\n${text.slice(0, 500)}`);
  return `/vouch/${token}`;
}

function describeReply(reply: Reply): string {
  return `${reply.status} ${reply.location ?? ""} ${mainText(reply.text).slice(0, 300)}`;
}

describe(`vouch requests (${databaseLabel})`, () => {
  let smtp: TestSmtp;
  let app: TestApp;
  let a: Person;
  let b: Person;
  let caseA: string;
  let keys: string[];
  let item: { id: string; ref: string };
  let other: { id: string; ref: string };
  let itemPage: string;

  /** Asks for a confirmation from the item page's form; returns the reply. */
  function ask(evidenceId: string, fields: Record<string, string>, client: Client = a.client): Promise<Reply> {
    return client.post(`/cases/${caseA}/evidence/${evidenceId}/vouch`, {
      showTitle: "on",
      showWhatHappened: "on",
      ...fields,
    });
  }

  /** A request whose link the manager copies (no email given): returns the link's path. */
  async function askByHand(evidenceId: string, voucher = "0", client: Client = a.client): Promise<string> {
    const reply = await ask(evidenceId, { voucher }, client);
    expect(reply.status, describeReply(reply)).toBe(200);
    return linkIn(reply.text);
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    // Addresses in X-Forwarded-For are believed from the test's own machine, so each test can act
    // as a different client address.
    app = await TestApp.start({ SMTP_URL: smtp.url, TRUSTED_PROXIES: "127.0.0.1", MAIL_FROM: "Ladderproof <cases@ladderproof.test>" });
    const admin = await firstAdmin(app);
    a = await invite(app, admin, { name: "Amara Owner", email: "amara@ladderproof.test" });
    b = await invite(app, admin, { name: "Bruno Stranger", email: "bruno@ladderproof.test" });
    caseA = await openCase(a.client, `${SECRET} Quill`);
    keys = await ladderKeys(a.client, caseA);
    item = await addEvidence(a.client, caseA, {
      title: "Ran the outage review",
      whatHappened: "Chaired the review and wrote the actions.",
      outcome: `Repeat incidents fell by half. ${SECRET}-outcome`,
      vouchers: [
        { name: "Pat Peer", role: "Staff engineer" },
        { name: "Quinn Lead", role: "Team lead" },
      ],
      supports: [[keys[0]!, "Ran it end to end"]],
    });
    other = await addEvidence(a.client, caseA, {
      title: `${SECRET} other item`,
      vouchers: [{ name: "Pat Peer", role: "Staff engineer" }],
      supports: [[keys[1]!, "Another"]],
    });
    itemPage = `/cases/${caseA}/evidence/${item.id}`;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it("emails the person a one-time link in the manager's name, with plain text and HTML, and stores only its hash", { timeout: 300_000 }, async () => {
    const reply = await ask(item.id, { voucher: "0", email: "Pat.Peer@Example.com" });
    expect(reply.status, describeReply(reply)).toBe(302);
    const mail = await smtp.waitFor((m) => m.to.includes("pat.peer@example.com"));
    expect(mail.from).toBe("cases@ladderproof.test");
    expect(mail.subject).toContain("Amara Owner");
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain("Ladderproof");
      expect(body).toContain("Amara Owner");
      expect(body).toContain("Pat Peer");
      expect(body).toContain("Ran the outage review");
    }
    const link = linkIn(mail.text);
    expect(linkIn(mail.html)).toBe(link);
    const token = link.split("/").pop()!;
    // 32 random bytes: 256 bits.
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const rows = await app.sql((sql) => sql.query<{ token_hash: string; row: string }>("select token_hash, row_to_json(v)::text as row from vouch_requests v"));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(rows[0]!.row).not.toContain(token);

    const page = mainText((await a.client.get(itemPage)).text);
    expect(page).toContain("Pat Peer");
    expect(page).toContain("Sent");
    expect(page).toContain("Emailed to pat.peer@example.com");
  });

  it("shows the person, without an account, only what the manager chose, with link-page headers; opening marks it opened", async () => {
    const mail = await smtp.waitFor((m) => m.to.includes("pat.peer@example.com"));
    const outsider = app.client();
    const reply = await outsider.get(linkIn(mail.text));
    expect(reply.status, describeReply(reply)).toBe(200);
    expect(reply.headers.get("referrer-policy")).toBe("no-referrer");
    expect(reply.headers.get("x-robots-tag")).toContain("noindex");
    expect(reply.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(reply.text).toMatch(/<meta name="robots" content="noindex/);
    const text = mainText(reply.text);
    expect(text).toContain("Ran the outage review");
    expect(text).toContain("Chaired the review");
    // The outcome was not ticked; nothing else of the case is there either.
    expect(text).not.toContain(`${SECRET}-outcome`);
    expect(reply.text).not.toContain(`${SECRET} other item`);
    expect(reply.text).not.toContain(caseA);
    expect(reply.text).not.toContain(item.id);
    expect(mainText((await a.client.get(itemPage)).text)).toContain("Opened");
  });

  it("takes one answer, a confirmation with a correction, which clears the unverified flag and shows on the item, in history and in the packet", async () => {
    const expectationPage = `/cases/${caseA}/expectations/${keys[0]}`;
    const unverified = /nobody named has confirmed it yet/;
    expect(mainText((await a.client.get(expectationPage)).text)).toMatch(unverified);
    const mail = await smtp.waitFor((m) => m.to.includes("pat.peer@example.com"));
    const link = linkIn(mail.text);
    const outsider = app.client("10.1.0.1");
    const answered = await outsider.post(link, {
      answer: "corrected",
      correctionPart: "Chaired the review; I wrote half of the actions.",
      correctionOutcome: "",
      comment: HOSTILE,
    });
    expect(answered.status, describeReply(answered)).toBe(302);
    expect(answered.location).toBe("/vouch/answered?answer=corrected");
    expect(mainText((await outsider.get(answered.location!)).text)).toContain("Thank you");

    const page = await a.client.get(itemPage);
    const text = mainText(page.text);
    expect(text).toMatch(/Confirmed by Pat Peer \(Staff engineer\), \d{1,2} \w{3} \d{4}/);
    expect(text).toContain("I wrote half of the actions");
    expect(text).toContain("Answered");
    // The comment is text, never markup.
    expect(page.text).not.toContain("<script>alert");
    expect(page.text).not.toContain("<img src=x");
    expect(text).toContain(HOSTILE);
    expect(mainText((await a.client.get(expectationPage)).text)).not.toMatch(unverified);

    const history = mainText((await a.client.get(`/cases/${caseA}/history`)).text);
    expect(history).toContain("Amara Owner asked Pat Peer to confirm it");
    expect(history).toContain("Pat Peer (Staff engineer), through their link confirmed it, with a correction");

    const packetId = await exportPacket(a.client, caseA);
    const file = await a.client.download(`/cases/${caseA}/packets/${packetId}/download`);
    const packet = await rawText(Buffer.from(file.bytes));
    expect(packet).toMatch(/Confirmed by:? Pat Peer \(Staff engineer\), \d{1,2} \w{3} \d{4}/);
    expect(packet).toContain("I wrote half of the actions");
  });

  it("refuses a second use of the link, says so plainly, reveals nothing and changes nothing", async () => {
    const mail = await smtp.waitFor((m) => m.to.includes("pat.peer@example.com"));
    const link = linkIn(mail.text);
    const history = async () => mainText((await a.client.get(`/cases/${caseA}/history`)).text);
    const item = async () => mainText((await a.client.get(itemPage)).text);
    const before = [await history(), await item()];
    const outsider = app.client("10.1.0.2");
    const again = await outsider.post(link, { answer: "declined" });
    expect(again.status, describeReply(again)).toBe(410);
    expect(mainText(again.text)).toContain("This link was already used");
    const opened = await outsider.get(link);
    expect(opened.status).toBe(410);
    for (const reply of [again, opened]) {
      expect(reply.text).not.toContain("Ran the outage review");
      expect(reply.text).not.toContain(SECRET);
      expect(reply.text).not.toContain("Amara Owner");
    }
    expect([await history(), await item()]).toEqual(before);
  });

  it("lets the manager take the correction into the item, recorded in history", async () => {
    const page = await a.client.get(itemPage);
    const requestId = /name="request" value="([0-9a-f-]{36})"/.exec(page.text)?.[1];
    expect(requestId).toBeDefined();
    const accepted = await a.client.post(`${itemPage}/vouch`, { intent: "accept-correction", request: requestId! });
    expect(accepted.status, describeReply(accepted)).toBe(302);
    const text = mainText((await a.client.get(itemPage)).text);
    expect(text).toContain("Correction taken into the item");
    const edit = (await a.client.get(`${itemPage}/edit`)).text;
    expect(edit).toContain("Chaired the review; I wrote half of the actions.");
    const history = mainText((await a.client.get(`/cases/${caseA}/history`)).text);
    expect(history).toContain("Amara Owner took Pat Peer's correction into the item");
    // Only once.
    const twice = await a.client.post(`${itemPage}/vouch`, { intent: "accept-correction", request: requestId! });
    expect(twice.status).toBe(302);
    const after = mainText((await a.client.get(`/cases/${caseA}/history`)).text);
    expect(after.split("took Pat Peer's correction into the item")).toHaveLength(2);
  });

  it("gives the manager the link to copy when no email is given, and a decline is recorded as such", async () => {
    const link = await askByHand(item.id, "1");
    const outsider = app.client("10.1.0.3");
    const page = await outsider.get(link);
    expect(page.status).toBe(200);
    const declined = await outsider.post(link, { answer: "declined", comment: "Not on that team then." });
    expect(declined.status, describeReply(declined)).toBe(302);
    const text = mainText((await a.client.get(itemPage)).text);
    expect(text).toContain("Declined");
    expect(text).not.toContain("Confirmed by Quinn Lead");
    const history = mainText((await a.client.get(`/cases/${caseA}/history`)).text);
    expect(history).toContain("Quinn Lead (Team lead), through their link said they can't speak to it");
  });

  it("ends a withdrawn request's link, and says so without showing anything", async () => {
    const link = await askByHand(other.id);
    const page = await a.client.get(`/cases/${caseA}/evidence/${other.id}`);
    const requestId = /name="request" value="([0-9a-f-]{36})"/.exec(page.text)?.[1];
    const revoked = await a.client.post(`/cases/${caseA}/evidence/${other.id}/vouch`, { intent: "revoke", request: requestId! });
    expect(revoked.status).toBe(302);
    const outsider = app.client("10.1.0.4");
    const opened = await outsider.get(link);
    expect(opened.status).toBe(410);
    expect(mainText(opened.text)).toContain("This link was withdrawn");
    expect(opened.text).not.toContain(SECRET);
    const answered = await outsider.post(link, { answer: "confirmed" });
    expect(answered.status).toBe(410);
    expect(mainText((await a.client.get(`/cases/${caseA}/evidence/${other.id}`)).text)).toContain("Revoked");
    const history = mainText((await a.client.get(`/cases/${caseA}/history`)).text);
    expect(history).toContain("Amara Owner withdrew the request to Pat Peer");
  });

  it("ends a link after 14 days", { timeout: 300_000 }, async () => {
    const link = await askByHand(other.id);
    const token = link.split("/").pop()!;
    const hash = createHash("sha256").update(token).digest("hex");
    const [row] = await app.sql(async (sql) => {
      const days = await sql.query<{ days: number }>(
        "select extract(epoch from expires_at - created_at) / 86400 as days from vouch_requests where token_hash = $1",
        [hash],
      );
      await sql.query("update vouch_requests set expires_at = now() - interval '1 second' where token_hash = $1", [hash]);
      return days;
    });
    expect(Number(row!.days)).toBe(14);
    const outsider = app.client("10.1.0.5");
    const opened = await outsider.get(link);
    expect(opened.status).toBe(410);
    expect(mainText(opened.text)).toContain("This link has expired");
    expect(opened.text).not.toContain(SECRET);
    expect((await outsider.post(link, { answer: "confirmed" })).status).toBe(410);
    expect(mainText((await a.client.get(`/cases/${caseA}/evidence/${other.id}`)).text)).toContain("Expired");
  });

  it("opens nothing with a made-up, altered or malformed token", async () => {
    const link = await askByHand(other.id);
    const token = link.split("/").pop()!;
    const altered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const outsider = app.client("10.1.0.6");
    for (const path of [`/vouch/${altered}`, "/vouch/short", `/vouch/${token}x`, `/vouch/${token.toLowerCase()}`]) {
      const reply = await outsider.get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.text).not.toContain(SECRET);
      expect((await outsider.post(path, { answer: "confirmed" })).status, path).toBe(404);
    }
  });

  it("keeps a link to its own request: it cannot answer another, and another manager cannot touch it", async () => {
    const otherPage = `/cases/${caseA}/evidence/${other.id}`;
    const openIds = async () => new Set([...(await a.client.get(otherPage)).text.matchAll(/name="request" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!));
    const earlier = await openIds();
    const linkOther = await askByHand(other.id);
    const ids = [...(await openIds())].filter((id) => !earlier.has(id));
    expect(ids).toHaveLength(1);
    const itemBefore = mainText((await a.client.get(itemPage)).text);
    const outsider = app.client("10.1.0.7");
    // Extra fields naming other requests, items and cases are ignored: only this link's request is answered.
    const answered = await outsider.post(linkOther, { answer: "confirmed", request: ids[0]!, id: ids[0]!, evidenceId: item.id, caseId: caseA });
    expect(answered.status, describeReply(answered)).toBe(302);
    expect(mainText((await a.client.get(itemPage)).text)).toBe(itemBefore);
    expect(mainText((await a.client.get(otherPage)).text)).toMatch(/Confirmed by Pat Peer \(Staff engineer\)/);
    // Manager B: A's request page and actions are 404, and naming A's request from B's own case does nothing.
    const beforeOpen = await openIds();
    const open = await askByHand(other.id);
    const openId = [...(await openIds())].find((id) => !beforeOpen.has(id))!;
    expect((await b.client.get(`/cases/${caseA}/evidence/${other.id}/vouch`)).status).toBe(404);
    expect((await b.client.post(`/cases/${caseA}/evidence/${other.id}/vouch`, { intent: "revoke", request: openId })).status).toBe(404);
    const caseB = await openCase(b.client, "Bea Own");
    const itemB = await addEvidence(b.client, caseB, { title: "Bea's item", vouchers: [{ name: "Pat Peer", role: "Peer" }], supports: [[keys[0]!, "Mine"]] });
    await b.client.post(`/cases/${caseB}/evidence/${itemB.id}/vouch`, { intent: "revoke", request: openId });
    await b.client.post(`/cases/${caseB}/evidence/${itemB.id}/vouch`, { intent: "accept-correction", request: openId });
    expect((await app.client("10.1.0.8").get(open)).status).toBe(200);
    expect(mainText((await b.client.get(`/cases/${caseB}/history`)).text)).not.toContain("withdrew the request");
  });

  it("limits the open requests per person on a case and shows how often each has been asked", async () => {
    // Pat Peer on `other`: one open from the scope test? No: that one was answered. Open three, refuse the fourth.
    const fresh = await addEvidence(a.client, caseA, { title: "Third item", vouchers: [{ name: "Rae Reviewer", role: "Customer" }], supports: [[keys[2]!, "More"]] });
    for (let i = 0; i < 3; i++) await askByHand(fresh.id);
    const refused = await ask(fresh.id, { voucher: "0" });
    expect(refused.status).toBe(400);
    expect(mainText(refused.text)).toContain("already has 3 requests waiting on this case");
    const form = mainText((await a.client.get(`/cases/${caseA}/evidence/${fresh.id}/vouch`)).text);
    expect(form).toContain("Asked 3 times on this case, 3 still waiting");
  });

  it("throttles submissions per link and per client address, without locking anyone out of signing in", async () => {
    const linkX = await askByHand(item.id, "1");
    const linkY = await askByHand(other.id);
    const first = app.client("10.2.0.1");
    // Invalid answers (400) count too: the throttle is on submissions, not on answers.
    for (let i = 0; i < 20; i++) {
      const reply = await first.post(linkX, { answer: "nonsense" });
      expect(reply.status, `attempt ${i + 1}`).toBe(400);
    }
    const limited = await first.post(linkX, { answer: "confirmed" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // The same link from elsewhere: per link.
    expect((await app.client("10.2.0.2").post(linkX, { answer: "confirmed" })).status).toBe(429);
    // Another link from the same address: per address.
    expect((await first.post(linkY, { answer: "confirmed" })).status).toBe(429);
    // Another link from another address is unaffected, and the request is still open.
    expect((await app.client("10.2.0.3").post(linkY, { answer: "nonsense" })).status).toBe(400);
    expect((await app.client("10.2.0.3").get(linkX)).status).toBe(200);
    // Signing in from the throttled address still works.
    const signIn = await app.client("10.2.0.1").post("/login", { email: a.email, password: a.password });
    expect(signIn.status).toBe(302);
  });
});
