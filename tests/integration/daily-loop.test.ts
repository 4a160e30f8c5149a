// The manager's daily loop through the real server: what a page says after each save, drafts,
// history in words, search and filters, the duplicate-candidate warning, and quiet 404s.
// Runs on PGlite, or on PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseLabel, TestApp } from "../security/support/app";
import { mainText } from "../security/support/http";
import { addEvidence, caseVersion, firstAdmin, ladderKeys, openCase, type Person } from "../security/support/scenario";

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
