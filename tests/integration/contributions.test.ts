// The candidate's contribution link over HTTP against the production server, on PGlite and (with
// TEST_DATABASE_URL) PostgreSQL: what the candidate can add and see, the manager's inbox, and the
// link's lifetime.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseLabel, TestApp } from "../security/support/app";
import { mainText, type Reply } from "../security/support/http";
import { addEvidence, evidenceFields, firstAdmin, invite, ladderKeys, openCase, type Person } from "../security/support/scenario";

const SECRET = "Quincunxial";
const HOSTILE = `<script>alert("c")</script><img src=x onerror=alert(2)>`;

function describeReply(reply: Reply): string {
  return `${reply.status} ${reply.location ?? ""} ${mainText(reply.text).slice(0, 300)}`;
}

function linkIn(text: string): string {
  const token = /\/contribute\/([A-Za-z0-9_-]{43})\b/.exec(text)?.[1];
  if (!token) throw new Error(`No contribution link in:\n${mainText(text).slice(0, 400)}`);
  return `/contribute/${token}`;
}

describe(`the candidate's contributions (${databaseLabel})`, () => {
  let app: TestApp;
  let a: Person;
  let b: Person;
  let caseA: string;
  let caseB: string;
  let keys: string[];
  let link: string;

  const item = (title: string, extra: Record<string, string> = {}) => ({
    title,
    whatHappened: "The deploy pipeline kept failing overnight.",
    part: "I rewrote the retry logic and paired with the on-call engineer.",
    outcome: "No failed overnight deploys for a month.",
    dateStart: "2026-04-02",
    "links[0]": "https://tickets.example.com/OPS-12",
    "vouchers[0].name": "Rae Reviewer",
    "vouchers[0].role": "On-call engineer",
    ...extra,
  });

  beforeAll(async () => {
    app = await TestApp.start({ TRUSTED_PROXIES: "127.0.0.1" });
    const admin = await firstAdmin(app);
    a = await invite(app, admin, { name: "Amara Owner", email: "amara@ladderproof.test" });
    b = await invite(app, admin, { name: "Bruno Stranger", email: "bruno@ladderproof.test" });
    caseA = await openCase(a.client, "Cass Candidate");
    keys = await ladderKeys(a.client, caseA);
    await addEvidence(a.client, caseA, { title: `${SECRET} manager's own item`, supports: [[keys[0]!, `${SECRET} rationale`]] });
    const noted = await a.client.post(`/cases/${caseA}/expectations/${keys[1]}`, { intent: "mark", notApplicable: "no", gapNote: `${SECRET} gap note` });
    expect(noted.status).toBe(302);
    caseB = await openCase(b.client, "Bea Own");
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it("gives the candidate a link shown once, and records it in the case history", async () => {
    const reply = await a.client.post(`/cases/${caseA}/contributions`, { intent: "open-link" });
    expect(reply.status, describeReply(reply)).toBe(200);
    link = linkIn(reply.text);
    const page = mainText((await a.client.get(`/cases/${caseA}/contributions`)).text);
    expect(page).toContain("A link is open");
    expect(page).not.toContain(link);
    expect(mainText((await a.client.get(`/cases/${caseA}/history`)).text)).toContain("Amara Owner gave the candidate a link to add their own work");
  });

  it("lets the candidate add items and see only what they sent: none of the manager's evidence, notes or gaps", { timeout: 300_000 }, async () => {
    const candidate = app.client("10.3.0.1");
    const page = await candidate.get(link);
    expect(page.status, describeReply(page)).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("x-robots-tag")).toContain("noindex");
    for (const [title, suggest] of [
      ["Fixed the overnight deploys", keys[2]!],
      [`Wrote the runbook ${HOSTILE}`, keys[3]!],
    ] as const) {
      const sent = await candidate.post(link, [...Object.entries(item(title)), ["suggestedKeys", suggest], ["suggestedKeys", "not-a-key"], ["caseId", caseB]]);
      expect(sent.status, describeReply(sent)).toBe(302);
      expect(sent.location).toBe(`${link}?contribution=sent`);
    }
    const after = await candidate.get(`${link}?contribution=sent`);
    const text = mainText(after.text);
    expect(text).toContain("Fixed the overnight deploys");
    expect(text).toContain(`Wrote the runbook ${HOSTILE}`);
    expect(after.text).not.toContain("<script>alert");
    expect(after.text).not.toContain(SECRET);
    expect(after.text).not.toContain(caseA);
    // Nothing entered the case: still one evidence item, and B's case got nothing.
    const [evidenceRows, waiting] = await app.sql(async (sql) => [
      await sql.query<{ case_id: string; n: number }>("select case_id, count(*)::int as n from evidence group by case_id"),
      await sql.query<{ case_id: string; suggested_keys: string[] }>("select case_id, suggested_keys from contributions"),
    ]);
    expect(evidenceRows).toEqual([{ case_id: caseA, n: 1 }]);
    expect(waiting.map((w) => w.case_id)).toEqual([caseA, caseA]);
    // Only keys of the case's ladder are kept as suggestions.
    expect(waiting.flatMap((w) => w.suggested_keys).sort()).toEqual([keys[2]!, keys[3]!].sort());
    const history = mainText((await a.client.get(`/cases/${caseA}/history`)).text);
    expect(history).toContain("Cass Candidate (the candidate), through their link sent “Fixed the overnight deploys”");
  });

  it("keeps what was typed after a bad submission, with the message beside the field", async () => {
    const candidate = app.client("10.3.0.2");
    const reply = await candidate.post(link, { ...item("Half-finished"), outcome: "", "links[0]": "javascript:alert(1)" });
    expect(reply.status).toBe(400);
    expect(mainText(reply.text)).toContain("Enter the outcome.");
    expect(mainText(reply.text)).toContain("Enter a web address that starts with http:// or https://.");
    expect(reply.text).toContain('value="Half-finished"');
  });

  it("shows the inbox to the manager; accepting makes a self-reported item tied to the chosen expectations, dismissing keeps a reason", async () => {
    const inbox = await a.client.get(`/cases/${caseA}/contributions`);
    const ids = [...inbox.text.matchAll(/\/contributions\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    expect(mainText(inbox.text)).toContain("2 waiting");
    const review = await a.client.get(`/cases/${caseA}/contributions/${ids[0]}`);
    expect(review.status).toBe(200);
    // The form starts from what the candidate sent, their part included, as self-reported.
    expect(review.text).toContain("The candidate&#x27;s part: I rewrote the retry logic");
    const accepted = await a.client.post(`/cases/${caseA}/contributions/${ids[0]}`, [
      ...evidenceFields({
        title: "Fixed the overnight deploys",
        whatHappened: "The deploy pipeline kept failing. The candidate's part: rewrote the retry logic.",
        supports: [[keys[2]!, "Found and fixed the root cause"]],
      }).map(([k, v]): [string, string] => (k === "source" ? [k, "observed"] : [k, v])),
      ["caseId", caseB],
    ]);
    expect(accepted.status, describeReply(accepted)).toBe(302);
    const dismissEmpty = await a.client.post(`/cases/${caseA}/contributions/${ids[1]}`, { intent: "dismiss", reason: "" });
    expect(dismissEmpty.status).toBe(400);
    expect(mainText(dismissEmpty.text)).toContain("Say why you are not using it.");
    const dismissed = await a.client.post(`/cases/${caseA}/contributions/${ids[1]}`, { intent: "dismiss", reason: "Already covered by E-01." });
    expect(dismissed.status, describeReply(dismissed)).toBe(302);

    const inboxAfter = await a.client.get(`/cases/${caseA}/contributions`);
    const evidenceId = /\/evidence\/([0-9a-f-]{36})"/.exec(inboxAfter.text)?.[1];
    const itemText = mainText((await a.client.get(`/cases/${caseA}/evidence/${evidenceId}`)).text);
    // Provenance stays the candidate's: self-reported, although the form said "observed".
    expect(itemText).toContain("Self-reported");
    expect(itemText).toContain("Found and fixed the root cause");
    const text = mainText(inboxAfter.text);
    expect(text).toContain("0 waiting");
    expect(text).toContain("Accepted");
    expect(text).toContain("Dismissed because: Already covered by E-01.");
    const history = mainText((await a.client.get(`/cases/${caseA}/history`)).text);
    expect(history).toMatch(/Amara Owner accepted “Fixed the overnight deploys” as E-\d+/);
    expect(history).toContain("Amara Owner dismissed “Wrote the runbook");
    // Decided once: a second decision is refused and changes nothing.
    expect((await a.client.post(`/cases/${caseA}/contributions/${ids[1]}`, { intent: "dismiss", reason: "Again" })).status).toBe(302);
    expect((await a.client.post(`/cases/${caseA}/contributions/${ids[0]}`, evidenceFields({ title: "Twice", supports: [[keys[2]!, "x"]] }))).status).toBe(409);
    expect(mainText((await a.client.get(`/cases/${caseA}/history`)).text)).toBe(history);
    expect(mainText((await a.client.get(`/cases/${caseA}/evidence`)).text)).not.toContain("Twice");
  });

  it("keeps the candidate's view to what they sent, even after the manager decided", async () => {
    const text = mainText((await app.client("10.3.0.3").get(link)).text);
    expect(text).toContain("Fixed the overnight deploys");
    expect(text).not.toContain("Already covered");
    expect(text).not.toContain("Found and fixed the root cause");
  });

  it("never lets another manager see or decide A's contributions", async () => {
    const inbox = await a.client.get(`/cases/${caseA}/contributions`);
    const id = /\/contributions\/([0-9a-f-]{36})"/.exec(inbox.text)?.[1] ?? "00000000-0000-4000-8000-000000000000";
    expect((await b.client.get(`/cases/${caseA}/contributions`)).status).toBe(404);
    expect((await b.client.get(`/cases/${caseB}/contributions/${id}`)).status).toBe(404);
    expect((await b.client.post(`/cases/${caseB}/contributions/${id}`, { intent: "dismiss", reason: "Mine now" })).status).toBe(404);
  });

  it("throttles what is sent through a link", async () => {
    const candidate = app.client("10.3.0.9");
    let status = 0;
    for (let i = 0; i < 21; i++) status = (await candidate.post(link, { title: "" })).status;
    expect(status).toBe(429);
  });

  it("ends the link when the manager closes it, or makes a new one: the old link says so and shows nothing", async () => {
    const replaced = await a.client.post(`/cases/${caseA}/contributions`, { intent: "open-link" });
    const second = linkIn(replaced.text);
    const outsider = app.client("10.3.0.4");
    const old = await outsider.get(link);
    expect(old.status).toBe(410);
    expect(mainText(old.text)).toContain("This link is closed");
    expect(old.text).not.toContain("Fixed the overnight deploys");
    expect((await outsider.post(link, item("Late item"))).status).toBe(410);
    // The new link shows nothing sent through the old one.
    const fresh = mainText((await outsider.get(second)).text);
    expect(fresh).toContain("Nothing yet.");
    const closed = await a.client.post(`/cases/${caseA}/contributions`, { intent: "close-link" });
    expect(closed.status).toBe(302);
    expect((await outsider.get(second)).status).toBe(410);
    expect(mainText((await a.client.get(`/cases/${caseA}/history`)).text)).toContain("Amara Owner closed the candidate's link");
  });

  it("ends a link after 30 days", { timeout: 300_000 }, async () => {
    const opened = await a.client.post(`/cases/${caseA}/contributions`, { intent: "open-link" });
    const third = linkIn(opened.text);
    const [row] = await app.sql(async (sql) => {
      const days = await sql.query<{ days: number }>(
        "select extract(epoch from expires_at - created_at) / 86400 as days from contribution_links where closed_at is null",
      );
      await sql.query("update contribution_links set expires_at = now() - interval '1 second' where closed_at is null");
      return days;
    });
    expect(Number(row!.days)).toBe(30);
    const reply = await app.client("10.3.0.5").get(third);
    expect(reply.status).toBe(410);
    expect(mainText(reply.text)).toContain("This link has expired");
  });
});
