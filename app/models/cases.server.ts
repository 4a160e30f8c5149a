import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, max, ne, or, sql } from "drizzle-orm";
import {
  caseOwners,
  cases,
  evidence,
  expectationMarks,
  ladders,
  ladderVersions,
  packets,
  users,
} from "../../db/schema";
import { analyseCase } from "../domain/gaps";
import { ladderLevelLabel } from "../domain/ladder";
import { todayIso } from "../domain/dates";
import type { CaseAnalysis, CaseStatus, EvidenceRecord, ExpectationMark, Ladder } from "../domain/types";
import type { Role } from "../forms/auth";
import type { CaseInput } from "../forms/evidence";
import { normalizeEmail } from "../lib/auth.server";
import type { Db } from "../lib/db.server";
import { recordAudit, type Actor } from "./audit.server";
import { listEvidenceRecords } from "./evidence.server";

export interface Viewer {
  id: string;
  name: string;
  role: Role;
}

export type CaseAccess = "edit" | "read";

const caseColumns = {
  id: cases.id,
  ownerId: cases.ownerId,
  candidateName: cases.candidateName,
  currentTitle: cases.currentTitle,
  ladderVersionId: cases.ladderVersionId,
  calibrationDate: cases.calibrationDate,
  timeZone: cases.timeZone,
  summary: cases.summary,
  recommendation: cases.recommendation,
  status: cases.status,
  version: cases.version,
  createdAt: cases.createdAt,
  updatedAt: cases.updatedAt,
};

export type CaseRow = NonNullable<Awaited<ReturnType<typeof getCase>>>;

/** Owners and co-owners edit; administrators read; everyone else is told the case does not exist. */
function accessFor(ownerId: string, viewerCoOwns: boolean, viewer: Viewer): CaseAccess | null {
  if (ownerId === viewer.id || viewerCoOwns) return "edit";
  return viewer.role === "admin" ? "read" : null;
}

// A ladder version never changes once stored (a changed document becomes a new version), so each
// one is read and parsed once per process instead of on every case request. Shared: never mutate.
const ladderDocuments = new Map<string, Promise<Ladder>>();

export function ladderDocument(db: Db, versionId: string): Promise<Ladder> {
  let pending = ladderDocuments.get(versionId);
  if (!pending) {
    pending = db
      .select({ document: ladderVersions.document })
      .from(ladderVersions)
      .where(eq(ladderVersions.id, versionId))
      .then(([row]) => {
        if (!row) throw new Error(`Ladder version ${versionId} not found`);
        return row.document;
      });
    ladderDocuments.set(versionId, pending);
    pending.catch(() => ladderDocuments.delete(versionId));
  }
  return pending;
}

/** The case with its owner's name and its ladder; with `viewerId`, also whether that person co-owns
 *  it (one query, so that a request's access check and its case are read together). */
async function readCase(db: Db, caseId: string, viewerId: string | null) {
  const [row] = await db
    .select({
      ...caseColumns,
      ownerName: users.name,
      ownerEmail: users.email,
      ladderSlug: ladders.slug,
      ladderHash: ladderVersions.contentHash,
      ladderIsCurrent: sql<boolean>`${ladders.currentVersionId} = ${ladderVersions.id}`,
      // The row version: a new one whenever the case row is updated (see loadCaseAnalysis).
      revision: sql<string>`${cases}.xmin::text`,
      viewerCoOwns: sql<boolean>`${caseOwners.userId} is not null`,
    })
    .from(cases)
    .innerJoin(users, eq(users.id, cases.ownerId))
    .innerJoin(ladderVersions, eq(ladderVersions.id, cases.ladderVersionId))
    .innerJoin(ladders, eq(ladders.id, ladderVersions.ladderId))
    .leftJoin(caseOwners, viewerId ? and(eq(caseOwners.caseId, cases.id), eq(caseOwners.userId, viewerId)) : sql`false`)
    .where(eq(cases.id, caseId));
  if (!row) return null;
  const { viewerCoOwns, ...found } = row;
  return { found: { ...found, ladder: await ladderDocument(db, row.ladderVersionId) }, viewerCoOwns };
}

export async function getCase(db: Db, caseId: string) {
  return (await readCase(db, caseId, null))?.found ?? null;
}

/** The viewer's access to the case and the case itself, or null when they may not see it (or it
 *  does not exist: the two are not told apart). */
export async function getCaseForViewer(db: Db, caseId: string, viewer: Viewer) {
  const read = await readCase(db, caseId, viewer.id);
  const access = read ? accessFor(read.found.ownerId, read.viewerCoOwns, viewer) : null;
  return read && access ? { access, found: read.found } : null;
}

export async function listCoOwners(db: Db, caseId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(caseOwners)
    .innerJoin(users, eq(users.id, caseOwners.userId))
    .where(eq(caseOwners.caseId, caseId))
    .orderBy(asc(users.name));
}

/** "My cases": those the viewer owns or co-owns, with evidence counts and readiness. */
export async function listCasesForUser(db: Db, viewer: Viewer, options: { asOf?: string } = {}) {
  const shared = db.select({ caseId: caseOwners.caseId }).from(caseOwners).where(eq(caseOwners.userId, viewer.id));
  const rows = await db
    .select({
      ...caseColumns,
      ladderTitle: ladderVersions.title,
      ladderLevel: ladderVersions.level,
      ladder: ladderVersions.document,
      evidenceCount: count(evidence.id),
      lastEvidenceChange: max(evidence.updatedAt),
    })
    .from(cases)
    .innerJoin(ladderVersions, eq(ladderVersions.id, cases.ladderVersionId))
    .leftJoin(evidence, and(eq(evidence.caseId, cases.id), isNull(evidence.deletedAt)))
    .where(or(eq(cases.ownerId, viewer.id), inArray(cases.id, shared)))
    .groupBy(cases.id, ladderVersions.id)
    .orderBy(desc(cases.updatedAt));
  const analyses = await analyseCases(
    db,
    rows.map((r) => ({ id: r.id, ladder: r.ladder, calibrationDate: r.calibrationDate })),
    options.asOf,
  );
  return rows.map(({ ladder, ...r }) => {
    const lastChange =
      r.lastEvidenceChange && new Date(r.lastEvidenceChange) > r.updatedAt ? new Date(r.lastEvidenceChange) : r.updatedAt;
    return {
      ...r,
      ladderLevelLabel: ladderLevelLabel(ladder),
      lastChange,
      counts: analyses.get(r.id)!.counts,
      readiness: analyses.get(r.id)!.summary,
    };
  });
}

/** The as-of date for a case: its calibration date if set, otherwise today. */
export function asOfFor(calibrationDate: string | null, today = todayIso()): string {
  return calibrationDate ?? today;
}

async function analyseCases(
  db: Db,
  list: { id: string; ladder: Ladder; calibrationDate: string | null }[],
  today?: string,
): Promise<Map<string, CaseAnalysis>> {
  const result = new Map<string, CaseAnalysis>();
  if (list.length === 0) return result;
  const ids = list.map((c) => c.id);
  const [records, marks] = await Promise.all([listEvidenceRecords(db, ids), listMarks(db, ids)]);
  for (const c of list) {
    result.set(
      c.id,
      analyseCase({
        ladder: c.ladder,
        evidence: records.get(c.id) ?? [],
        marks: marks.get(c.id) ?? [],
        asOf: asOfFor(c.calibrationDate, today),
      }),
    );
  }
  return result;
}

export async function listMarks(db: Db, caseIds: string[]): Promise<Map<string, ExpectationMark[]>> {
  const rows = caseIds.length
    ? await db.select().from(expectationMarks).where(inArray(expectationMarks.caseId, caseIds))
    : [];
  const byCase = new Map<string, ExpectationMark[]>();
  for (const r of rows) {
    const list = byCase.get(r.caseId) ?? [];
    list.push({ expectationKey: r.expectationKey, notApplicableReason: r.notApplicableReason, gapNote: r.gapNote });
    byCase.set(r.caseId, list);
  }
  return byCase;
}

/* ---------- The analysis of a case, cached by the case row's version ---------- */

/** What loadCaseAnalysis keeps per case: shared by every reader, so never mutate it. */
interface CachedAnalysis {
  key: string;
  evidence: EvidenceRecord[];
  marks: ExpectationMark[];
  analysis: CaseAnalysis;
}

// Every change to a case's evidence, its links to expectations or its marks updates the case row in
// the same transaction (createEvidence numbers the item on it; the others call touchCase or set
// updated_at), and every update gives the row a new version (xmin). So "same case, same row version,
// same as-of date" means the same analysis, and a case page need not re-read and re-analyse hundreds of
// items on every view (bench/, issue 7). A new write path must keep updating the case row.
const analysisCache = new Map<string, CachedAnalysis>();
/** Bounded by the items held, oldest use evicted first (a Map iterates in insertion order). */
const ANALYSIS_CACHE_ITEMS = 20_000;
let analysisCacheItems = 0;

function remember(caseId: string, entry: CachedAnalysis): void {
  const old = analysisCache.get(caseId);
  if (old) analysisCacheItems -= old.evidence.length;
  analysisCache.delete(caseId);
  analysisCache.set(caseId, entry);
  analysisCacheItems += entry.evidence.length;
  for (const [id, e] of analysisCache) {
    if (analysisCacheItems <= ANALYSIS_CACHE_ITEMS || id === caseId) break;
    analysisCache.delete(id);
    analysisCacheItems -= e.evidence.length;
  }
}

/** Everything the case page, the gap CLI and the packet need: the case, then (unless the case row is
 *  unchanged since the last call) its evidence and marks in a fixed number of queries. */
export async function loadCaseAnalysis(
  db: Db,
  caseId: string,
  today?: string,
  /** The case, when the request's guard already read it (see requireCase). */
  given?: CaseRow,
) {
  // The case first: evidence read after it is at least as new as its version, never older.
  const found = given ?? (await getCase(db, caseId));
  if (!found) return null;
  const asOf = asOfFor(found.calibrationDate, today);
  const key = `${found.revision}:${found.ladderVersionId}:${asOf}`;
  let entry = analysisCache.get(caseId);
  if (entry?.key === key) {
    remember(caseId, entry);
  } else {
    const [records, marks] = await Promise.all([listEvidenceRecords(db, [caseId]), listMarks(db, [caseId])]);
    const evidenceRecords: EvidenceRecord[] = records.get(caseId) ?? [];
    const caseMarks = marks.get(caseId) ?? [];
    const analysis = analyseCase({ ladder: found.ladder, evidence: evidenceRecords, marks: caseMarks, asOf });
    entry = { key, evidence: evidenceRecords, marks: caseMarks, analysis };
    remember(caseId, entry);
  }
  return { case: found, evidence: entry.evidence, marks: entry.marks, analysis: entry.analysis };
}

export class UnknownLadderError extends Error {
  constructor() {
    super("Choose one of the ladders listed.");
  }
}

export async function createCase(db: Db, actor: Actor, input: CaseInput): Promise<string> {
  const [ladder] = await db
    .select({ versionId: ladders.currentVersionId })
    .from(ladders)
    .where(eq(ladders.slug, input.ladderSlug));
  if (!ladder?.versionId) throw new UnknownLadderError();
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const values = {
      id,
      ownerId: actor.id,
      candidateName: input.candidateName,
      currentTitle: input.currentTitle,
      ladderVersionId: ladder.versionId!,
      calibrationDate: input.calibrationDate ?? null,
      summary: input.summary,
      recommendation: input.recommendation,
      status: input.status,
    };
    await tx.insert(cases).values(values);
    await recordAudit(tx, { caseId: id, actor, action: "created", entityType: "case", entityId: id, after: auditCase(values) });
  });
  return id;
}

function auditCase(c: {
  candidateName: string;
  currentTitle: string;
  calibrationDate: string | null;
  summary: string;
  recommendation: string;
  status: CaseStatus;
  ladderVersionId?: string;
}) {
  return {
    candidateName: c.candidateName,
    currentTitle: c.currentTitle,
    calibrationDate: c.calibrationDate,
    summary: c.summary,
    recommendation: c.recommendation,
    status: c.status,
  };
}

export type UpdateResult = { ok: true } | { ok: false; conflict: true; current: Awaited<ReturnType<typeof getCase>> };

/** Saves only if nobody saved since `expectedVersion` was read. The ladder is fixed once opened. */
export async function updateCase(
  db: Db,
  actor: Actor,
  caseId: string,
  input: Omit<CaseInput, "ladderSlug">,
  expectedVersion: number,
): Promise<UpdateResult> {
  const saved = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(cases).where(eq(cases.id, caseId)).for("update");
    if (!before || before.version !== expectedVersion) return false;
    const next = {
      candidateName: input.candidateName,
      currentTitle: input.currentTitle,
      calibrationDate: input.calibrationDate ?? null,
      summary: input.summary,
      recommendation: input.recommendation,
      status: input.status,
    };
    await tx
      .update(cases)
      .set({ ...next, version: before.version + 1, updatedAt: new Date() })
      .where(eq(cases.id, caseId));
    await recordAudit(tx, {
      caseId,
      actor,
      action: "updated",
      entityType: "case",
      entityId: caseId,
      before: auditCase(before),
      after: auditCase(next),
    });
    return true;
  });
  if (saved) return { ok: true };
  return { ok: false, conflict: true, current: await getCase(db, caseId) };
}

export async function setCaseStatus(db: Db, actor: Actor, caseId: string, status: CaseStatus): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ status: cases.status, version: cases.version }).from(cases).where(eq(cases.id, caseId)).for("update");
    if (!before || before.status === status) return;
    await tx.update(cases).set({ status, version: before.version + 1, updatedAt: new Date() }).where(eq(cases.id, caseId));
    await recordAudit(tx, {
      caseId,
      actor,
      action: "status changed",
      entityType: "case",
      entityId: caseId,
      before: { status: before.status },
      after: { status },
    });
  });
}

/** Removes the case with its evidence, links, marks and stored packets. The audit log keeps only
 *  that the case existed and who deleted it. */
export async function deleteCase(db: Db, actor: Actor, caseId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId)).for("update");
    if (!before) return;
    await tx.delete(packets).where(eq(packets.caseId, caseId));
    await tx.delete(cases).where(eq(cases.id, caseId));
    await tx.execute(sql`delete from audit_events where case_id = ${caseId}`);
    await recordAudit(tx, { caseId, actor, action: "deleted", entityType: "case", entityId: caseId });
  });
}

export class CoOwnerError extends Error {}

export async function addCoOwner(db: Db, actor: Actor, caseId: string, email: string): Promise<void> {
  const [person] = await db
    .select({ id: users.id, name: users.name, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, normalizeEmail(email)));
  if (!person || person.disabledAt) throw new CoOwnerError("There is no active account with that email address.");
  const [owner] = await db.select({ ownerId: cases.ownerId }).from(cases).where(eq(cases.id, caseId));
  if (owner?.ownerId === person.id) throw new CoOwnerError("That person already owns this case.");
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(caseOwners)
      .values({ caseId, userId: person.id, addedBy: actor.id })
      .onConflictDoNothing()
      .returning({ userId: caseOwners.userId });
    if (inserted.length === 0) throw new CoOwnerError("That person is already a co-owner.");
    await recordAudit(tx, {
      caseId,
      actor,
      action: "co-owner added",
      entityType: "co-owner",
      entityId: person.id,
      after: { name: person.name, email: normalizeEmail(email) },
    });
  });
}

export async function removeCoOwner(db: Db, actor: Actor, caseId: string, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(caseOwners)
      .where(and(eq(caseOwners.caseId, caseId), eq(caseOwners.userId, userId)))
      .returning({ userId: caseOwners.userId });
    if (removed.length === 0) return;
    const [person] = await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, userId));
    await recordAudit(tx, {
      caseId,
      actor,
      action: "co-owner removed",
      entityType: "co-owner",
      entityId: userId,
      before: person ?? null,
    });
  });
}

export async function setMark(
  db: Db,
  actor: Actor,
  caseId: string,
  expectationKey: string,
  /** A field left undefined keeps what is saved (read in the same transaction). */
  mark: { notApplicableReason?: string | null; gapNote?: string | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(expectationMarks)
      .where(and(eq(expectationMarks.caseId, caseId), eq(expectationMarks.expectationKey, expectationKey)));
    const next = {
      notApplicableReason: (mark.notApplicableReason === undefined ? before?.notApplicableReason : mark.notApplicableReason) || null,
      gapNote: (mark.gapNote === undefined ? before?.gapNote : mark.gapNote) || null,
    };
    if (!next.notApplicableReason && !next.gapNote) {
      await tx
        .delete(expectationMarks)
        .where(and(eq(expectationMarks.caseId, caseId), eq(expectationMarks.expectationKey, expectationKey)));
    } else {
      await tx
        .insert(expectationMarks)
        .values({ caseId, expectationKey, ...next })
        .onConflictDoUpdate({
          target: [expectationMarks.caseId, expectationMarks.expectationKey],
          set: { ...next, updatedAt: new Date() },
        });
    }
    await tx.update(cases).set({ updatedAt: new Date() }).where(eq(cases.id, caseId));
    await recordAudit(tx, {
      caseId,
      actor,
      action: "expectation note updated",
      entityType: "mark",
      entityId: expectationKey,
      before: before ? { notApplicableReason: before.notApplicableReason, gapNote: before.gapNote } : null,
      after: next,
    });
  });
}

/** Keys of the case's ladder, to check that a posted expectation key belongs to this case. */
export function expectationKeys(ladder: Ladder): Set<string> {
  return new Set(ladder.sections.flatMap((s) => s.expectations.map((e) => e.key)));
}

/** The viewer's open (not archived) cases, by candidate: for the "you already have a case" warning. */
export async function listOpenCandidates(db: Db, viewer: Viewer) {
  return db
    .select({ id: cases.id, candidateName: cases.candidateName })
    .from(cases)
    .leftJoin(caseOwners, and(eq(caseOwners.caseId, cases.id), eq(caseOwners.userId, viewer.id)))
    .where(and(or(eq(cases.ownerId, viewer.id), isNotNull(caseOwners.userId)), ne(cases.status, "archived")));
}
