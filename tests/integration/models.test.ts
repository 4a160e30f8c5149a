// The case and evidence models against a real database: PGlite, or PostgreSQL when TEST_DATABASE_URL
// is set (scripts/test.sh runs this file both ways).
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, evidence, evidenceSupports, expectationMarks, packets } from "../../db/schema";
import type { Db } from "../../app/lib/db.server";
import type { EvidenceInput } from "../../app/forms/evidence";
import { evidenceInput } from "../fixtures/evidence";
import { listHistory } from "../../app/models/audit.server";
import {
  addCoOwner,
  getCase,
  getCaseForViewer,
  createCase,
  deleteCase,
  listCasesForUser,
  loadCaseAnalysis,
  setMark,
  updateCase,
  type Viewer,
} from "../../app/models/cases.server";
import {
  attachEvidence,
  createEvidence,
  deleteEvidence,
  detachEvidence,
  getEvidence,
  listTrash,
  restoreEvidence,
  updateEvidence,
} from "../../app/models/evidence.server";
import { getCurrentLadder } from "../../app/models/ladders.server";
import { getPacketFile, packetInput, storePacket } from "../../app/models/packets.server";
import { createUser } from "../../app/models/users.server";
import { openTestDatabase, type TestDatabase } from "../support/database";

const SLUG = "L5-Principal-DevOps-Support-Engineer";

let t: TestDatabase;
let db: Db;
let keys: string[];
const owner = { id: "", name: "Olivia Owner", role: "manager" as const };
const coOwner = { id: "", name: "Colin Coowner", role: "manager" as const };
const stranger = { id: "", name: "Sam Stranger", role: "manager" as const };
const admin = { id: "", name: "Ada Admin", role: "admin" as const };

function item(overrides: Partial<EvidenceInput> = {}): EvidenceInput {
  return evidenceInput(keys[0]!, overrides);
}

async function newCase(name = "Priya Raman") {
  return createCase(db, owner, {
    candidateName: name,
    currentTitle: "Senior Engineer",
    ladderSlug: SLUG,
    calibrationDate: "2026-12-15",
    summary: "",
    recommendation: "",
    status: "draft",
  });
}

beforeAll(async () => {
  t = await openTestDatabase();
  db = t.db;
  for (const [person, email] of [
    [owner, "olivia@example.com"],
    [coOwner, "colin@example.com"],
    [stranger, "sam@example.com"],
    [admin, "ada@example.com"],
  ] as const) {
    person.id = (await createUser(db, { email, name: person.name, role: person.role })).id;
  }
  const ladder = await getCurrentLadder(db, SLUG);
  keys = ladder!.document.sections.flatMap((s) => s.expectations.map((e) => e.key));
});

afterAll(async () => {
  await t?.close();
});

describe("access to a case", () => {
  it("lets owners and co-owners edit, administrators read, and tells everyone else nothing", async () => {
    const caseId = await newCase();
    await addCoOwner(db, owner, caseId, "COLIN@example.com ");
    const access = async (id: string, viewer: Viewer) => (await getCaseForViewer(db, id, viewer))?.access ?? null;
    expect(await access(caseId, owner)).toBe("edit");
    expect(await access(caseId, coOwner)).toBe("edit");
    expect(await access(caseId, admin)).toBe("read");
    expect(await access(caseId, stranger)).toBeNull();
    expect(await access("00000000-0000-4000-8000-000000000000", owner)).toBeNull();
    // The case comes with the access, as getCase reads it.
    expect((await getCaseForViewer(db, caseId, coOwner))?.found).toEqual(await getCase(db, caseId));
    const mine = await listCasesForUser(db, coOwner);
    expect(mine.map((c) => c.id)).toContain(caseId);
    expect((await listCasesForUser(db, stranger)).map((c) => c.id)).not.toContain(caseId);
  });
});

describe("evidence", () => {
  it("numbers items E-01, E-02 ... and never reuses a number after deletion", async () => {
    const caseId = await newCase();
    const first = await createEvidence(db, owner, caseId, item());
    const second = await createEvidence(db, owner, caseId, item({ title: "Second" }));
    expect([first.ref, second.ref]).toEqual(["E-01", "E-02"]);
    await deleteEvidence(db, owner, caseId, second.id);
    const third = await createEvidence(db, owner, caseId, item({ title: "Third" }));
    expect(third.ref).toBe("E-03");
  });

  it("hands out distinct numbers to concurrent adds", async () => {
    const caseId = await newCase();
    const made = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createEvidence(db, owner, caseId, item({ title: `Item ${i}` }))),
    );
    expect(new Set(made.map((m) => m.ref)).size).toBe(8);
  });

  it("refuses a save made against an older version and keeps the newer one", async () => {
    const caseId = await newCase();
    const created = await createEvidence(db, owner, caseId, item());
    const firstSave = await updateEvidence(db, owner, caseId, created.id, item({ title: "Tab one" }), 1);
    expect(firstSave.ok).toBe(true);
    const staleSave = await updateEvidence(db, owner, caseId, created.id, item({ title: "Tab two" }), 1);
    expect(staleSave.ok).toBe(false);
    if (!staleSave.ok && staleSave.reason === "conflict") {
      expect(staleSave.current.record.title).toBe("Tab one");
      expect(staleSave.current.version).toBe(2);
    } else {
      throw new Error("expected a conflict");
    }
    expect((await getEvidence(db, caseId, created.id))!.record.title).toBe("Tab one");
    // Saving again against the version now shown is a deliberate overwrite, and it is allowed.
    expect((await updateEvidence(db, owner, caseId, created.id, item({ title: "Tab two" }), 2)).ok).toBe(true);
  });

  it("attaches to further expectations, detaches, and never leaves an item with none", async () => {
    const caseId = await newCase();
    const created = await createEvidence(db, owner, caseId, item());
    expect(await attachEvidence(db, owner, caseId, created.id, { expectationKey: keys[5]!, rationale: "Also this." })).toBe(true);
    expect((await getEvidence(db, caseId, created.id))!.record.supports.map((s) => s.expectationKey)).toEqual([
      keys[0],
      keys[5],
    ]);
    expect(await detachEvidence(db, owner, caseId, created.id, keys[0]!)).toBe("ok");
    expect(await detachEvidence(db, owner, caseId, created.id, keys[5]!)).toBe("last");
    expect((await getEvidence(db, caseId, created.id))!.record.supports).toHaveLength(1);
  });

  it("does not touch evidence through another case's id", async () => {
    const mine = await newCase();
    const theirs = await newCase("Someone Else");
    const created = await createEvidence(db, owner, mine, item());
    expect(await getEvidence(db, theirs, created.id)).toBeNull();
    expect(await deleteEvidence(db, owner, theirs, created.id)).toBe(false);
    expect(await attachEvidence(db, owner, theirs, created.id, { expectationKey: keys[1]!, rationale: "x" })).toBe(false);
    expect((await updateEvidence(db, owner, theirs, created.id, item({ title: "Forged" }), 1)).ok).toBe(false);
    expect((await getEvidence(db, mine, created.id))!.record.title).toBe("Led the rota redesign");
  });

  it("moves deleted items to the trash, out of the analysis, and restores them", async () => {
    const caseId = await newCase();
    const created = await createEvidence(db, owner, caseId, item());
    const before = await loadCaseAnalysis(db, caseId, "2026-11-30");
    expect(before!.evidence).toHaveLength(1);
    expect(await deleteEvidence(db, owner, caseId, created.id)).toBe(true);
    expect((await listTrash(db, caseId)).map((t) => t.ref)).toEqual(["E-01"]);
    const during = await loadCaseAnalysis(db, caseId, "2026-11-30");
    expect(during!.evidence).toHaveLength(0);
    expect(during!.analysis.counts.missing).toBe(24);
    expect(await restoreEvidence(db, owner, caseId, created.id)).toBe(true);
    expect(await listTrash(db, caseId)).toEqual([]);
    expect((await loadCaseAnalysis(db, caseId, "2026-11-30"))!.evidence).toHaveLength(1);
  });

  it("cannot restore an item deleted more than 30 days ago", async () => {
    const caseId = await newCase();
    const created = await createEvidence(db, owner, caseId, item());
    await deleteEvidence(db, owner, caseId, created.id);
    await db
      .update(evidence)
      .set({ deletedAt: new Date(Date.now() - 31 * 24 * 60 * 60 * 1000) })
      .where(eq(evidence.id, created.id));
    expect(await listTrash(db, caseId)).toEqual([]);
    expect(await restoreEvidence(db, owner, caseId, created.id)).toBe(false);
  });
});

describe("the case", () => {
  it("refuses a stale save of the case details", async () => {
    const caseId = await newCase();
    const details = {
      candidateName: "Priya R.",
      currentTitle: "Senior Engineer",
      calibrationDate: "2026-12-15",
      summary: "S",
      recommendation: "R",
      status: "ready" as const,
    };
    expect((await updateCase(db, owner, caseId, details, 1)).ok).toBe(true);
    expect((await updateCase(db, owner, caseId, { ...details, candidateName: "Other" }, 1)).ok).toBe(false);
  });

  it("records who changed what, before and after, for every change", async () => {
    const caseId = await newCase();
    const created = await createEvidence(db, owner, caseId, item());
    await updateEvidence(db, owner, caseId, created.id, item({ title: "Renamed" }), 1);
    await attachEvidence(db, owner, caseId, created.id, { expectationKey: keys[2]!, rationale: "Why" });
    await setMark(db, owner, caseId, keys[3]!, { notApplicableReason: "Not in this role", gapNote: null });
    await deleteEvidence(db, owner, caseId, created.id);
    const history = await listHistory(db, caseId);
    expect(history.map((h) => `${h.entityType} ${h.action}`).reverse()).toEqual([
      "case created",
      "evidence added",
      "evidence edited",
      "support attached",
      "mark expectation note updated",
      "evidence deleted",
    ]);
    const edit = history.find((h) => h.action === "edited")!;
    expect(edit.actorName).toBe("Olivia Owner");
    expect((edit.before as { title: string }).title).toBe("Led the rota redesign");
    expect((edit.after as { title: string }).title).toBe("Renamed");
  });

  it("carries not-applicable marks and gap notes into the analysis", async () => {
    const caseId = await newCase();
    await setMark(db, owner, caseId, keys[0]!, { notApplicableReason: "Not part of this role", gapNote: "Context" });
    await setMark(db, owner, caseId, keys[1]!, { notApplicableReason: null, gapNote: "Asking the APAC lead" });
    const loaded = await loadCaseAnalysis(db, caseId, "2026-11-30");
    const all = loaded!.analysis.sections.flatMap((s) => s.expectations);
    expect(all.find((e) => e.key === keys[0])).toMatchObject({ status: "not-applicable", notApplicableReason: "Not part of this role" });
    expect(all.find((e) => e.key === keys[1])).toMatchObject({ status: "missing", gapNote: "Asking the APAC lead" });
    expect(loaded!.analysis.summary).toBe("0 of 24 strong, 0 weak, 23 missing, 1 not applicable");
    // Clearing both removes the mark.
    await setMark(db, owner, caseId, keys[1]!, { notApplicableReason: null, gapNote: null });
    const [{ n }] = await db.select({ n: count() }).from(expectationMarks).where(eq(expectationMarks.caseId, caseId)) as [{ n: number }];
    expect(n).toBe(1);
  });

  it("keeps a packet's exact bytes, every byte value and an odd offset included", async () => {
    const caseId = await newCase();
    const input = await packetInput(db, caseId, owner, new Date("2026-11-30T10:00:00Z"));
    const backing = new Uint8Array(3 + 256 * 40);
    for (let i = 0; i < backing.length; i++) backing[i] = (i * 7) % 256;
    const bytes = backing.subarray(3); // a view that does not start at its buffer's start
    const { id } = await storePacket(db, owner, caseId, input!, { buffer: bytes, fingerprint: "e".repeat(64) });
    const file = await getPacketFile(db, caseId, id);
    expect(file?.fingerprint).toBe("e".repeat(64));
    expect(Buffer.from(file!.content).equals(Buffer.from(bytes))).toBe(true);
    expect(await getPacketFile(db, await newCase(), id)).toBeNull();
  });

  it("deleting a case removes its evidence, links, marks and packets, and keeps only that it existed", async () => {
    const caseId = await newCase();
    const created = await createEvidence(db, owner, caseId, item());
    await setMark(db, owner, caseId, keys[4]!, { notApplicableReason: null, gapNote: "note" });
    const input = await packetInput(db, caseId, owner, new Date("2026-11-30T10:00:00Z"));
    await storePacket(db, owner, caseId, input!, { buffer: new Uint8Array([1, 2, 3]), fingerprint: "f".repeat(64) });
    await deleteCase(db, owner, caseId);
    const countWhere = async (rows: Promise<{ n: number }[]>) => (await rows)[0]!.n;
    expect(await countWhere(db.select({ n: count() }).from(evidence).where(eq(evidence.caseId, caseId)))).toBe(0);
    expect(await countWhere(db.select({ n: count() }).from(evidenceSupports).where(eq(evidenceSupports.evidenceId, created.id)))).toBe(0);
    expect(await countWhere(db.select({ n: count() }).from(expectationMarks).where(eq(expectationMarks.caseId, caseId)))).toBe(0);
    expect(await countWhere(db.select({ n: count() }).from(packets).where(eq(packets.caseId, caseId)))).toBe(0);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.caseId, caseId));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "deleted", entityType: "case", actorName: "Olivia Owner", before: null, after: null });
  });
});
