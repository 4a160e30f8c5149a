// The manager's daily loop through the real server: what a page says after each save, drafts,
// history in words, search and filters, the duplicate-candidate warning, and quiet 404s.
// Runs on PGlite, or on PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseLabel, TestApp } from "../security/support/app";
import { mainText } from "../security/support/http";
import {
  addEvidence,
  caseVersion,
  evidenceFields,
  evidenceVersion,
  firstAdmin,
  invite,
  ladderKeys,
  openCase,
  type Person,
} from "../security/support/scenario";

let app: TestApp;
let admin: Person;
let caseId: string;
let keys: string[];

beforeAll(async () => {
  app = await TestApp.start();
  admin = await firstAdmin(app);
  caseId = await openCase(admin.client, "Noor Confirm");
  keys = await ladderKeys(admin.client, caseId);
});

afterAll(async () => {
  await app?.close();
});

/** Follows a save's redirect and returns the text of the page it lands on. */
async function landing(reply: { status: number; location: string | null }): Promise<string> {
  expect(reply.status).toBe(302);
  const page = await admin.client.get(reply.location ?? "");
  expect(page.status).toBe(200);
  return page.text;
}

function statusMessage(html: string): string | null {
  const match = /<div[^>]*class="notice notice--success confirmation"[^>]*role="status"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  return match ? mainText(match[1]!) : null;
}

describe(`a confirmation after every save (${databaseLabel})`, () => {
  it("says which item was added, on the case page", async () => {
    const reply = await admin.client.post(`/cases/${caseId}/evidence/new`, [
      ["title", "Ran the outage bridge"],
      ["whatHappened", "Ran the bridge."],
      ["outcome", "Fixed."],
      ["dateStart", "2026-03-02"],
      ["kind", "incident"],
      ["scope", "team"],
      ["source", "observed"],
      ["supports[0].expectationKey", keys[0]!],
      ["supports[0].rationale", "Led it."],
    ]);
    expect(reply.location).toMatch(new RegExp(`^/cases/${caseId}\\?added=E-01$`));
    expect(statusMessage(await landing(reply))).toBe("Evidence E-01 was added.");
  });

  it("confirms a gap note, the case details, archiving and restoring, and co-owners", async () => {
    const note = await admin.client.post(`/cases/${caseId}/expectations/${keys[1]}`, {
      intent: "mark",
      gapNote: "Asking the director for an example.",
    });
    expect(statusMessage(await landing(note))).toBe("Your note on this expectation was saved.");

    const details = (status: string, version: number) => ({
      intent: "details",
      candidateName: "Noor Confirm",
      currentTitle: "Senior Support Engineer",
      calibrationDate: "",
      summary: "",
      recommendation: "",
      status,
      version: String(version),
    });
    const saved = await admin.client.post(`/cases/${caseId}/settings`, details("draft", await caseVersion(admin.client, caseId)));
    expect(statusMessage(await landing(saved))).toBe("The case details were saved.");
    const archived = await admin.client.post(`/cases/${caseId}/settings`, details("archived", await caseVersion(admin.client, caseId)));
    expect(statusMessage(await landing(archived))).toMatch(/^The case was archived/);
    const restored = await admin.client.post(`/cases/${caseId}/settings`, details("ready", await caseVersion(admin.client, caseId)));
    expect(statusMessage(await landing(restored))).toMatch(/^The case was restored from the archive/);
  });

  it("confirms moving an item to the trash and restoring it", async () => {
    const item = await addEvidence(admin.client, caseId, { title: "Wrote the runbook", supports: [[keys[2]!, "Wrote it."]] });
    const deleted = await admin.client.post(`/cases/${caseId}/evidence/${item.id}/delete`);
    const trash = await landing(deleted);
    expect(statusMessage(trash)).toBe(`${item.ref} was moved to the trash.`);
    expect(mainText(trash)).toContain(`Undo: restore ${item.ref}`);
    const restored = await admin.client.post(`/cases/${caseId}/trash`, { evidenceId: item.id });
    expect(statusMessage(await landing(restored))).toBe(`${item.ref} was restored from the trash.`);
  });

  it("shows nothing for a query it does not know, or words that are not ours", async () => {
    for (const query of ["?added=you-have-been-hacked", "?saved=call%20this%20number", "?added=E-1%20now"]) {
      const page = await admin.client.get(`/cases/${caseId}${query}`);
      expect(page.status).toBe(200);
      expect(statusMessage(page.text)).toBeNull();
    }
  });
});

describe(`unknown and malformed case ids (${databaseLabel})`, () => {
  it("answer 404 on the page and its data request, and log no error", async () => {
    const before = app.logs().length;
    for (const path of [
      "/cases/00000000-0000-4000-8000-000000000000",
      "/cases/not-a-case",
      "/cases/00000000-0000-4000-8000-000000000000/history",
      "/cases/not-a-case.data",
      "/cases/00000000-0000-4000-8000-000000000000/evidence.data",
    ]) {
      const reply = await admin.client.get(path);
      expect(reply.status, path).toBe(404);
    }
    const logged = app.logs().slice(before);
    expect(logged).not.toMatch(/Body is unusable|TypeError|Error:/);
  });
});

describe(`the expectation page's own controls (${databaseLabel})`, () => {
  it("marks not applicable with a reason, keeps the gap note, and can undo it", async () => {
    const path = `/cases/${caseId}/expectations/${keys[3]}`;
    await admin.client.post(path, { intent: "gap-note", gapNote: "Plan: shadow the on-call lead." });
    const refused = await admin.client.post(path, { intent: "not-applicable", notApplicableReason: "  " });
    expect(refused.status).toBe(400);
    expect(mainText(refused.text)).toContain("Say why this expectation does not apply.");
    const marked = await admin.client.post(path, { intent: "not-applicable", notApplicableReason: "Not part of a support role here." });
    const page = await landing(marked);
    expect(statusMessage(page)).toBe("This expectation is now marked not applicable.");
    expect(mainText(page)).toContain("Marked not applicable: Not part of a support role here.");
    expect(mainText(page)).toContain("Plan: shadow the on-call lead.");
    const undone = await landing(await admin.client.post(path, { intent: "applicable" }));
    expect(statusMessage(undone)).toBe("This expectation applies again.");
    expect(mainText(undone)).not.toContain("Marked not applicable");
    expect(mainText(undone)).toContain("Plan: shadow the on-call lead.");
  });

  it("shows the expectation and its items before the actions, each action under its own heading", async () => {
    const text = mainText((await admin.client.get(`/cases/${caseId}/expectations/${keys[0]}`)).text);
    const order = ["Evidence (1)", "What you can do", "Add new evidence", "Gap note", "Not applicable"].map((h) => text.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // No evidence form on this page: it is one link away, with the expectation ticked.
    expect(text).not.toContain("What happened, and the candidate's own part");
  });
});

describe(`history in words (${databaseLabel})`, () => {
  it("says what changed with labels, never stored codes, ISO dates or empty columns", async () => {
    const item = await addEvidence(admin.client, caseId, { title: "Moved the rota", supports: [[keys[4]!, "Led it."]] });
    const fields = evidenceFields({ title: "Moved the rota", supports: [[keys[4]!, "Led it."]], version: await evidenceVersion(admin.client, caseId, item.id) })
      .map(([k, v]): [string, string] => (k === "scope" ? [k, "organisation"] : k === "kind" ? [k, "improvement"] : [k, v]));
    const saved = await admin.client.post(`/cases/${caseId}/evidence/${item.id}/edit`, fields);
    expect(statusMessage(await landing(saved))).toBe(`Your changes to ${item.ref} were saved.`);
    const history = mainText((await admin.client.get(`/cases/${caseId}/history`)).text);
    expect(history).toContain("Reach: Several teams → Organisation");
    expect(history).toContain("Kind: Customer escalation or incident → Process or tooling improvement");
    expect(history).toContain(`${item.ref} Moved the rota`);
    expect(history).toContain("Gap note: Asking the director for an example.");
    const main = history.slice(history.indexOf("Every change"));
    expect(main.match(/.{0,60}(several-teams|→ organisation|\(empty\)|\d{4}-\d{2}-\d{2}|\bScope\b).{0,20}/g)).toBeNull();
  });

  it("shows times in the time zone the browser reported", async () => {
    const utc = mainText((await admin.client.get(`/cases/${caseId}/history`)).text);
    expect(utc).toMatch(/\d{2}:\d{2} UTC/);
    const inTokyo = admin.client.clone();
    inTokyo.cookie = `${admin.client.cookie}; tz=Asia%2FTokyo`;
    const tokyo = mainText((await inTokyo.get(`/cases/${caseId}/history`)).text);
    expect(tokyo).not.toMatch(/\d{2}:\d{2} UTC/);
    expect(tokyo).toMatch(/\d{2}:\d{2} Ada Admin/);
  });
});

describe(`evidence drafts (${databaseLabel})`, () => {
  let draftCase: string;

  beforeAll(async () => {
    draftCase = await openCase(admin.client, "Dee Draft");
  });

  it("keeps what the script sends, and offers it back with its time, or to discard it", async () => {
    const saved = await admin.client.post(`/cases/${draftCase}/evidence/draft`, [
      ["intent", "autosave"],
      ["title", "Half-written incident review"],
      ["whatHappened", "Ran the review of the"],
      ["scope", "team"],
      ["supports[0].expectationKey", keys[0]!],
      ["supports[0].rationale", "Because"],
      ["caseId", caseId],
    ]);
    expect(saved.status).toBe(200);
    expect(JSON.parse(saved.text)).toMatchObject({ savedAt: expect.stringMatching(/^\d{4}-/) });

    const offer = mainText((await admin.client.get(`/cases/${draftCase}/evidence/new`)).text);
    expect(offer).toMatch(/Continue your draft from \d{2}:\d{2}/);
    expect(offer).toContain("Discard it and start again");
    expect(offer).not.toContain("Half-written incident review");

    const resumed = await admin.client.get(`/cases/${draftCase}/evidence/new?resume=draft`);
    expect(resumed.text).toContain('value="Half-written incident review"');
    expect(resumed.text).toContain("Ran the review of the</textarea>");
    expect(resumed.text).toMatch(/value="team"[^>]*checked|checked[^>]*value="team"/);

    // Never in the counts, the case file or the case page.
    expect(mainText((await admin.client.get(`/cases/${draftCase}`)).text)).toContain("0 evidence items");
    expect((await admin.client.get(`/cases/${draftCase}/export`)).text).not.toContain("Half-written");
    // The other case the body named is untouched.
    expect(mainText((await admin.client.get(`/cases/${caseId}/evidence/new`)).text)).not.toContain("Continue your draft");

    const discarded = await admin.client.post(`/cases/${draftCase}/evidence/draft`, { intent: "discard" });
    expect(statusMessage(await landing(discarded))).toBe("Your draft was discarded.");
    expect(mainText((await admin.client.get(`/cases/${draftCase}/evidence/new`)).text)).not.toContain("Continue your draft");
  });

  it("saves a draft without the script through the Save as draft button, and drops it once the item is saved", async () => {
    const reply = await admin.client.post(`/cases/${draftCase}/evidence/new`, [
      ["intent", "save-draft"],
      ["title", "Draft without script"],
      ["dateStart", "not a date yet"],
    ]);
    const page = await landing(reply);
    expect(statusMessage(page)).toBe("Your draft was saved. Only you can see it.");
    expect(page).toContain('value="Draft without script"');
    expect(page).toContain('value="not a date yet"');

    await addEvidence(admin.client, draftCase, { title: "The real item", supports: [[keys[0]!, "Shows it."]] });
    expect(mainText((await admin.client.get(`/cases/${draftCase}/evidence/new`)).text)).not.toContain("Continue your draft");
  });

  it("is private to its author: a co-owner of the case neither sees nor replaces it", async () => {
    await admin.client.post(`/cases/${draftCase}/evidence/draft`, [["title", "Only mine"]]);
    const mo = await invite(app, admin, { name: "Mo Owner", email: "mo.owner@ladderproof.test" });
    const added = await admin.client.post(`/cases/${draftCase}/settings`, { intent: "add-co-owner", email: mo.email });
    expect(added.status).toBe(302);
    expect(mainText((await mo.client.get(`/cases/${draftCase}/evidence/new`)).text)).not.toContain("Continue your draft");
    await mo.client.post(`/cases/${draftCase}/evidence/draft`, [["title", "Mo's own"]]);
    const mine = await admin.client.get(`/cases/${draftCase}/evidence/new?resume=draft`);
    expect(mine.text).toContain('value="Only mine"');
    const theirs = await mo.client.get(`/cases/${draftCase}/evidence/new?resume=draft`);
    expect(theirs.text).toContain('value="Mo&#x27;s own"');
  });

  it("expires after 30 days", async () => {
    await app.sql((sql) => sql.query("UPDATE evidence_drafts SET updated_at = now() - interval '31 days'"));
    expect(mainText((await admin.client.get(`/cases/${draftCase}/evidence/new`)).text)).not.toContain("Continue your draft");
  });
});
