// Wording findings against a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL): kept up to
// date with the case's text, fixed when the words go, dismissed with an audited reason, counted.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, wordingFindings } from "../../db/schema";
import type { Db } from "../../app/lib/db.server";
import { createCase, getCase, updateCase } from "../../app/models/cases.server";
import { createEvidence, deleteEvidence, getEvidence, restoreEvidence, updateEvidence } from "../../app/models/evidence.server";
import { getCurrentLadder } from "../../app/models/ladders.server";
import { createUser } from "../../app/models/users.server";
import {
  caseWording,
  dismissFinding,
  FindingNotFoundError,
  reopenFinding,
  syncCaseWording,
  wordingCountsByCase,
} from "../../app/models/wording.server";
import { evidenceInput } from "../fixtures/evidence";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { loadTestRules } from "../support/wording";

const SLUG = "L5-Principal-DevOps-Support-Engineer";
const rules = loadTestRules();
let t: TestDatabase;
let db: Db;
let key: string;
const owner = { id: "", name: "Olivia Owner", role: "manager" as const };

beforeAll(async () => {
  t = await openTestDatabase();
  db = t.db;
  owner.id = (await createUser(db, { email: "olivia@example.com", name: owner.name, role: "manager" })).id;
  key = (await getCurrentLadder(db, SLUG))!.document.sections[0]!.expectations[0]!.key;
});

afterAll(async () => {
  await t?.close();
});

async function newCase(summary = "", recommendation = "") {
  return createCase(db, owner, {
    candidateName: "Priya Raman",
    currentTitle: "Senior Engineer",
    ladderSlug: SLUG,
    calibrationDate: "2026-12-15",
    summary,
    recommendation,
    status: "draft",
  });
}

describe("wording findings of a case", () => {
  it("finds the words in evidence and the case's summary, placed by item and field", async () => {
    const caseId = await newCase("Priya is a brilliant engineer.");
    const item = await createEvidence(db, owner, caseId, evidenceInput(key, { whatHappened: "We migrated the billing service.", outcome: "Things improved." }));
    const result = await caseWording(db, caseId, rules);
    expect(result!.findings.map((f) => [f.ref, f.field, f.code, f.match, f.status])).toEqual([
      ["E-01", "whatHappened", "whose-part", "We migrated", "open"],
      ["E-01", "outcome", "vague-outcome", "Things improved.", "open"],
      [null, "summary", "hyperbole", "brilliant", "open"],
    ]);
    expect(result!.findings[1]).toMatchObject({ evidenceId: item.id, why: expect.any(String), suggestion: expect.any(String) });
    expect(result!.counts).toEqual({ open: 3, fixed: 0, dismissed: 0 });
  });

  it("reads without writing anything", async () => {
    const caseId = await newCase("She is brilliant.");
    await caseWording(db, caseId, rules);
    await wordingCountsByCase(db, [caseId], rules);
    expect(await db.select().from(wordingFindings).where(eq(wordingFindings.caseId, caseId))).toEqual([]);
    await syncCaseWording(db, caseId, rules);
    expect(await db.select().from(wordingFindings).where(eq(wordingFindings.caseId, caseId))).toHaveLength(1);
  });

  it("marks a finding fixed when its words are edited away (saves store what was seen), and open again if they come back", async () => {
    const caseId = await newCase();
    const created = await createEvidence(db, owner, caseId, evidenceInput(key, { outcome: "Customers were happier." }));
    await syncCaseWording(db, caseId, rules);
    expect((await caseWording(db, caseId, rules))!.counts).toEqual({ open: 1, fixed: 0, dismissed: 0 });
    const v1 = (await getEvidence(db, caseId, created.id))!.version;
    await updateEvidence(db, owner, caseId, created.id, evidenceInput(key, { outcome: "CSAT rose from 4.1 to 4.6 in Q3." }), v1);
    await syncCaseWording(db, caseId, rules);
    const fixed = await caseWording(db, caseId, rules);
    expect(fixed!.counts).toEqual({ open: 0, fixed: 1, dismissed: 0 });
    expect(fixed!.findings[0]).toMatchObject({ status: "fixed", match: "Customers were happier." });
    const v2 = (await getEvidence(db, caseId, created.id))!.version;
    await updateEvidence(db, owner, caseId, created.id, evidenceInput(key, { outcome: "Customers were happier." }), v2);
    await syncCaseWording(db, caseId, rules);
    expect((await caseWording(db, caseId, rules))!.counts).toEqual({ open: 1, fixed: 0, dismissed: 0 });
  });

  it("dismisses a finding with the reason in the audit log, keeps it dismissed across saves, and can reopen it", async () => {
    const caseId = await newCase("", "She is somewhat ready for L5.");
    const [finding] = (await caseWording(db, caseId, rules))!.findings;
    expect(finding).toMatchObject({ code: "doubt-hedge", match: "somewhat", status: "open" });
    await dismissFinding(db, owner, caseId, finding!.key, "Deliberate: she is ready on scope, not yet on hiring.", rules);
    const found = (await getCase(db, caseId))!;
    await updateCase(db, owner, caseId, { ...found, calibrationDate: found.calibrationDate ?? undefined, recommendation: "On reflection, she is somewhat ready for L5." }, found.version);
    await syncCaseWording(db, caseId, rules);
    const after = await caseWording(db, caseId, rules);
    expect(after!.findings).toEqual([
      expect.objectContaining({ key: finding!.key, status: "dismissed", dismissReason: "Deliberate: she is ready on scope, not yet on hiring.", dismissedByName: owner.name }),
    ]);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.caseId, caseId), eq(auditEvents.entityType, "wording")));
    expect(audit).toEqual([
      expect.objectContaining({
        action: "dismissed",
        actorName: owner.name,
        entityId: expect.any(String),
        after: expect.objectContaining({ status: "dismissed", reason: "Deliberate: she is ready on scope, not yet on hiring.", match: "somewhat" }),
      }),
    ]);
    await reopenFinding(db, owner, caseId, finding!.key);
    expect((await caseWording(db, caseId, rules))!.counts).toEqual({ open: 1, fixed: 0, dismissed: 0 });
    const actions = (await db.select().from(auditEvents).where(and(eq(auditEvents.caseId, caseId), eq(auditEvents.entityType, "wording")))).map((a) => a.action);
    expect(actions.sort()).toEqual(["dismissed", "reopened"]);
  });

  it("refuses to dismiss a finding of another case, changing nothing", async () => {
    const mine = await newCase("She is brilliant.");
    const other = await newCase();
    const [finding] = (await caseWording(db, mine, rules))!.findings;
    await syncCaseWording(db, mine, rules);
    await expect(dismissFinding(db, owner, other, finding!.key, "No", rules)).rejects.toBeInstanceOf(FindingNotFoundError);
    const [row] = await db
      .select()
      .from(wordingFindings)
      .where(and(eq(wordingFindings.caseId, mine), eq(wordingFindings.key, finding!.key)));
    expect(row).toMatchObject({ caseId: mine, status: "open", dismissReason: null });
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.caseId, other), eq(auditEvents.entityType, "wording")))).toEqual([]);
  });

  it("leaves out items in the trash and brings their findings back on restore", async () => {
    const caseId = await newCase();
    const item = await createEvidence(db, owner, caseId, evidenceInput(key, { whatHappened: "She is very hard-working." }));
    expect((await wordingCountsByCase(db, [caseId], rules)).get(caseId)).toEqual({ open: 1, fixed: 0, dismissed: 0 });
    await deleteEvidence(db, owner, caseId, item.id);
    expect((await wordingCountsByCase(db, [caseId], rules)).get(caseId)).toEqual({ open: 0, fixed: 0, dismissed: 0 });
    await restoreEvidence(db, owner, caseId, item.id);
    expect((await wordingCountsByCase(db, [caseId], rules)).get(caseId)).toEqual({ open: 1, fixed: 0, dismissed: 0 });
  });

  it("answers null for a case that does not exist", async () => {
    expect(await caseWording(db, "00000000-0000-4000-8000-000000000000", rules)).toBeNull();
  });
});
