import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { cases, evidence, evidenceSupports, type EvidenceRow } from "../../db/schema";
import type { EvidenceConfirmation, EvidenceRecord, EvidenceSupport } from "../domain/types";
import type { EvidenceInput } from "../forms/evidence";
import type { Db, Tx } from "../lib/db.server";
import { recordAudit, type Actor } from "./audit.server";
import { withCaseWrite } from "./case-writes.server";
import { listConfirmations } from "./confirmations.server";
import { TRASH_DAYS } from "../domain/policy";

export { TRASH_DAYS };

const withinTrashWindow = sql`${evidence.deletedAt} > now() - make_interval(days => ${TRASH_DAYS})`;

export function evidenceRef(number: number): string {
  return `E-${String(number).padStart(2, "0")}`;
}

function toRecord(row: EvidenceRow, supports: EvidenceSupport[]): EvidenceRecord {
  return {
    id: row.id,
    ref: evidenceRef(row.number),
    title: row.title,
    whatHappened: row.whatHappened,
    outcome: row.outcome,
    metric: row.metric,
    dateStart: row.dateStart,
    dateEnd: row.dateEnd,
    kind: row.kind,
    scope: row.scope,
    source: row.source,
    links: row.links,
    vouchers: row.vouchers,
    supports,
  };
}

/** Only items someone confirmed carry the field, so records of unasked items keep their shape. */
function withConfirmations(list: EvidenceConfirmation[] | undefined): { confirmations?: EvidenceConfirmation[] } {
  return list && list.length > 0 ? { confirmations: list } : {};
}

/** Live (not deleted) evidence of each case as domain records, in two queries whatever the size.
 *  Each query returns its rows as a single JSON document: PGlite decodes a result row by row and
 *  column by column in JavaScript, which for hundreds of items costs several times more than one
 *  JSON.parse (bench/, issue 7). The fields and the order are those of the plain rows. */
export async function listEvidenceRecords(db: Db, caseIds: string[]): Promise<Map<string, EvidenceRecord[]>> {
  const byCase = new Map<string, EvidenceRecord[]>();
  if (caseIds.length === 0) return byCase;
  const live = and(inArray(evidence.caseId, caseIds), isNull(evidence.deletedAt));
  const [[items], [ties], confirmations] = await Promise.all([
    db
      .select({
        json: sql<string>`coalesce(json_agg(json_build_array(${evidence.id}, ${evidence.caseId}, ${evidence.number},
          ${evidence.title}, ${evidence.whatHappened}, ${evidence.outcome}, ${evidence.metric}, ${evidence.dateStart},
          ${evidence.dateEnd}, ${evidence.kind}, ${evidence.scope}, ${evidence.source}, ${evidence.links},
          ${evidence.vouchers}) order by ${evidence.number}), '[]')::text`,
      })
      .from(evidence)
      .where(live),
    db
      .select({
        json: sql<string>`coalesce(json_agg(json_build_array(${evidenceSupports.evidenceId},
          ${evidenceSupports.expectationKey}, ${evidenceSupports.rationale})
          order by ${evidenceSupports.createdAt}, ${evidenceSupports.expectationKey}), '[]')::text`,
      })
      .from(evidenceSupports)
      .innerJoin(evidence, eq(evidence.id, evidenceSupports.evidenceId))
      .where(live),
    listConfirmations(db, { caseIds }),
  ]);
  const supportsByEvidence = new Map<string, EvidenceSupport[]>();
  for (const [evidenceId, expectationKey, rationale] of JSON.parse(ties?.json ?? "[]") as [string, string, string][]) {
    const list = supportsByEvidence.get(evidenceId) ?? [];
    list.push({ expectationKey, rationale });
    supportsByEvidence.set(evidenceId, list);
  }
  type ItemTuple = [
    id: string,
    caseId: string,
    number: number,
    title: string,
    whatHappened: string,
    outcome: string,
    metric: string | null,
    dateStart: string,
    dateEnd: string | null,
    kind: EvidenceRecord["kind"],
    scope: EvidenceRecord["scope"],
    source: EvidenceRecord["source"],
    links: string[],
    vouchers: EvidenceRecord["vouchers"],
  ];
  for (const t of JSON.parse(items?.json ?? "[]") as ItemTuple[]) {
    const [id, caseId, number, title, whatHappened, outcome, metric, dateStart, dateEnd, kind, scope, source, links, vouchers] = t;
    const list = byCase.get(caseId) ?? [];
    list.push({
      id,
      ref: evidenceRef(number),
      title,
      whatHappened,
      outcome,
      metric,
      dateStart,
      dateEnd,
      kind,
      scope,
      source,
      links,
      vouchers,
      supports: supportsByEvidence.get(id) ?? [],
      ...withConfirmations(confirmations.get(id)),
    });
    byCase.set(caseId, list);
  }
  return byCase;
}

/** References (E-07) of some of a case's items, by id; deleted items included. */
export async function evidenceRefs(db: Db, caseId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: evidence.id, number: evidence.number })
    .from(evidence)
    .where(and(eq(evidence.caseId, caseId), inArray(evidence.id, ids)));
  return new Map(rows.map((r) => [r.id, evidenceRef(r.number)]));
}

/** One item of a case, with its version for the edit form. Deleted items only with `includeDeleted`. */
export async function getEvidence(db: Db, caseId: string, evidenceId: string, options: { includeDeleted?: boolean } = {}) {
  const [row] = await db
    .select()
    .from(evidence)
    .where(
      and(
        eq(evidence.id, evidenceId),
        eq(evidence.caseId, caseId),
        options.includeDeleted ? undefined : isNull(evidence.deletedAt),
      ),
    );
  if (!row) return null;
  const supports = await db
    .select({ expectationKey: evidenceSupports.expectationKey, rationale: evidenceSupports.rationale })
    .from(evidenceSupports)
    .where(eq(evidenceSupports.evidenceId, row.id))
    .orderBy(asc(evidenceSupports.createdAt), asc(evidenceSupports.expectationKey));
  const confirmations = await listConfirmations(db, { evidenceIds: [row.id] });
  const record = { ...toRecord(row, supports), ...withConfirmations(confirmations.get(row.id)) };
  return { record, version: row.version, deletedAt: row.deletedAt, updatedAt: row.updatedAt };
}

function snapshot(record: EvidenceRecord) {
  const { id: _id, ...rest } = record;
  return rest;
}

/** Every write to a case's evidence updates the case row, which is what its cached analysis is keyed by. */
export async function touchCase(tx: Db | Tx, caseId: string) {
  await tx.update(cases).set({ updatedAt: new Date() }).where(eq(cases.id, caseId));
}

/** One support per expectation (the last one given wins): forms refuse duplicates, and a write must
 *  not depend on that. */
function distinctSupports(supports: EvidenceSupport[]): EvidenceSupport[] {
  return [...new Map(supports.map((s) => [s.expectationKey, s])).values()];
}

function fields(input: EvidenceInput) {
  return {
    title: input.title,
    whatHappened: input.whatHappened,
    outcome: input.outcome,
    metric: input.metric,
    dateStart: input.dateStart,
    dateEnd: input.dateEnd && input.dateEnd !== input.dateStart ? input.dateEnd : null,
    kind: input.kind,
    scope: input.scope,
    source: input.source,
    links: input.links,
    vouchers: input.vouchers,
  };
}

export async function createEvidence(db: Db, actor: Actor, caseId: string, input: EvidenceInput): Promise<EvidenceRecord> {
  return withCaseWrite(db, actor, caseId, "edit", (tx) => insertEvidence(tx, actor, caseId, input));
}

/** createEvidence inside a caller's transaction, for writes that add an item as one of their steps. */
export async function insertEvidence(tx: Tx, actor: Actor, caseId: string, input: EvidenceInput): Promise<EvidenceRecord> {
  const supports = distinctSupports(input.supports);
  // Numbers are handed out by the case row, locked, so concurrent adds never collide.
  const [numbered] = await tx
    .update(cases)
    .set({ nextEvidenceNumber: sql`${cases.nextEvidenceNumber} + 1`, updatedAt: new Date() })
    .where(eq(cases.id, caseId))
    .returning({ number: sql<number>`${cases.nextEvidenceNumber} - 1` });
  if (!numbered) throw new Error("Case not found");
  const id = randomUUID();
  const [row] = await tx
    .insert(evidence)
    .values({ id, caseId, number: Number(numbered.number), createdBy: actor.id, ...fields(input) })
    .returning();
  await tx.insert(evidenceSupports).values(supports.map((s) => ({ evidenceId: id, ...s })));
  const record = toRecord(row!, supports);
  await recordAudit(tx, { caseId, actor, action: "added", entityType: "evidence", entityId: id, after: snapshot(record) });
  return record;
}

export type EvidenceSaveResult =
  | { ok: true; record: EvidenceRecord }
  | { ok: false; reason: "conflict"; current: NonNullable<Awaited<ReturnType<typeof getEvidence>>> }
  | { ok: false; reason: "gone" };

/** Saves only if the item is still at `expectedVersion`; otherwise returns what is saved now. */
export async function updateEvidence(
  db: Db,
  actor: Actor,
  caseId: string,
  evidenceId: string,
  input: EvidenceInput,
  expectedVersion: number,
): Promise<EvidenceSaveResult> {
  const supports = distinctSupports(input.supports);
  const outcome = await withCaseWrite(db, actor, caseId, "edit", async (tx) => {
    const [before] = await tx
      .select()
      .from(evidence)
      .where(and(eq(evidence.id, evidenceId), eq(evidence.caseId, caseId), isNull(evidence.deletedAt)))
      .for("update");
    if (!before) return "gone" as const;
    if (before.version !== expectedVersion) return "conflict" as const;
    const beforeSupports = await tx
      .select({ expectationKey: evidenceSupports.expectationKey, rationale: evidenceSupports.rationale })
      .from(evidenceSupports)
      .where(eq(evidenceSupports.evidenceId, evidenceId))
      .orderBy(asc(evidenceSupports.createdAt), asc(evidenceSupports.expectationKey));
    const [row] = await tx
      .update(evidence)
      .set({ ...fields(input), version: before.version + 1, updatedAt: new Date() })
      .where(eq(evidence.id, evidenceId))
      .returning();
    await replaceSupports(tx, evidenceId, beforeSupports, supports);
    await touchCase(tx, caseId);
    const record = toRecord(row!, supports);
    await recordAudit(tx, {
      caseId,
      actor,
      action: "edited",
      entityType: "evidence",
      entityId: evidenceId,
      before: snapshot(toRecord(before, beforeSupports)),
      after: snapshot(record),
    });
    return record;
  });
  if (outcome === "gone") return { ok: false, reason: "gone" };
  if (outcome === "conflict") {
    const current = await getEvidence(db, caseId, evidenceId);
    return current ? { ok: false, reason: "conflict", current } : { ok: false, reason: "gone" };
  }
  return { ok: true, record: outcome };
}

async function replaceSupports(tx: Tx, evidenceId: string, before: EvidenceSupport[], after: EvidenceSupport[]) {
  const keep = new Map(after.map((s) => [s.expectationKey, s.rationale]));
  const removed = before.filter((s) => !keep.has(s.expectationKey)).map((s) => s.expectationKey);
  if (removed.length > 0) {
    await tx
      .delete(evidenceSupports)
      .where(and(eq(evidenceSupports.evidenceId, evidenceId), inArray(evidenceSupports.expectationKey, removed)));
  }
  if (after.length === 0) return;
  // One statement for the whole list: its length is bounded by the ladder, never by the request.
  await tx
    .insert(evidenceSupports)
    .values(after.map((s) => ({ evidenceId, ...s })))
    .onConflictDoUpdate({
      target: [evidenceSupports.evidenceId, evidenceSupports.expectationKey],
      set: { rationale: sql`excluded.rationale` },
    });
}

/** Ties an existing item to one more expectation (or rewrites the rationale if already tied). */
export async function attachEvidence(
  db: Db,
  actor: Actor,
  caseId: string,
  evidenceId: string,
  support: EvidenceSupport,
): Promise<boolean> {
  return withCaseWrite(db, actor, caseId, "edit", async (tx) => {
    const [row] = await tx
      .select({ id: evidence.id, version: evidence.version })
      .from(evidence)
      .where(and(eq(evidence.id, evidenceId), eq(evidence.caseId, caseId), isNull(evidence.deletedAt)))
      .for("update");
    if (!row) return false;
    const [before] = await tx
      .select({ rationale: evidenceSupports.rationale })
      .from(evidenceSupports)
      .where(and(eq(evidenceSupports.evidenceId, evidenceId), eq(evidenceSupports.expectationKey, support.expectationKey)));
    await tx
      .insert(evidenceSupports)
      .values({ evidenceId, ...support })
      .onConflictDoUpdate({
        target: [evidenceSupports.evidenceId, evidenceSupports.expectationKey],
        set: { rationale: support.rationale },
      });
    // Tying changes the item: an edit form opened before this must not silently undo it.
    await tx.update(evidence).set({ version: row.version + 1, updatedAt: new Date() }).where(eq(evidence.id, evidenceId));
    await touchCase(tx, caseId);
    await recordAudit(tx, {
      caseId,
      actor,
      action: before ? "rationale changed" : "attached",
      entityType: "support",
      entityId: `${evidenceId}:${support.expectationKey}`,
      before: before ? { expectationKey: support.expectationKey, rationale: before.rationale } : null,
      after: support,
    });
    return true;
  });
}

export async function detachEvidence(
  db: Db,
  actor: Actor,
  caseId: string,
  evidenceId: string,
  expectationKey: string,
): Promise<"ok" | "last" | "gone"> {
  return withCaseWrite(db, actor, caseId, "edit", async (tx) => {
    const [row] = await tx
      .select({ id: evidence.id, version: evidence.version })
      .from(evidence)
      .where(and(eq(evidence.id, evidenceId), eq(evidence.caseId, caseId), isNull(evidence.deletedAt)))
      .for("update");
    if (!row) return "gone" as const;
    const supports = await tx
      .select({ expectationKey: evidenceSupports.expectationKey, rationale: evidenceSupports.rationale })
      .from(evidenceSupports)
      .where(eq(evidenceSupports.evidenceId, evidenceId));
    const target = supports.find((s) => s.expectationKey === expectationKey);
    if (!target) return "gone" as const;
    // An item supports at least one expectation; removing the last tie means deleting the item.
    if (supports.length === 1) return "last" as const;
    await tx
      .delete(evidenceSupports)
      .where(and(eq(evidenceSupports.evidenceId, evidenceId), eq(evidenceSupports.expectationKey, expectationKey)));
    await tx.update(evidence).set({ version: row.version + 1, updatedAt: new Date() }).where(eq(evidence.id, evidenceId));
    await touchCase(tx, caseId);
    await recordAudit(tx, {
      caseId,
      actor,
      action: "detached",
      entityType: "support",
      entityId: `${evidenceId}:${expectationKey}`,
      before: target,
    });
    return "ok" as const;
  });
}

/** Moves an item to the trash, from which it can be restored for 30 days. */
export async function deleteEvidence(db: Db, actor: Actor, caseId: string, evidenceId: string): Promise<boolean> {
  return withCaseWrite(db, actor, caseId, "edit", async (tx) => {
    const [row] = await tx
      .update(evidence)
      .set({ deletedAt: new Date(), deletedBy: actor.id, version: sql`${evidence.version} + 1` })
      .where(and(eq(evidence.id, evidenceId), eq(evidence.caseId, caseId), isNull(evidence.deletedAt)))
      .returning({ number: evidence.number, title: evidence.title });
    if (!row) return false;
    await touchCase(tx, caseId);
    await recordAudit(tx, {
      caseId,
      actor,
      action: "deleted",
      entityType: "evidence",
      entityId: evidenceId,
      before: { ref: evidenceRef(row.number), title: row.title },
    });
    return true;
  });
}

export async function restoreEvidence(db: Db, actor: Actor, caseId: string, evidenceId: string): Promise<boolean> {
  return withCaseWrite(db, actor, caseId, "edit", async (tx) => {
    const [row] = await tx
      .update(evidence)
      .set({ deletedAt: null, deletedBy: null, version: sql`${evidence.version} + 1`, updatedAt: new Date() })
      .where(
        and(
          eq(evidence.id, evidenceId),
          eq(evidence.caseId, caseId),
          isNotNull(evidence.deletedAt),
          withinTrashWindow,
        ),
      )
      .returning({ number: evidence.number, title: evidence.title });
    if (!row) return false;
    await touchCase(tx, caseId);
    await recordAudit(tx, {
      caseId,
      actor,
      action: "restored",
      entityType: "evidence",
      entityId: evidenceId,
      after: { ref: evidenceRef(row.number), title: row.title },
    });
    return true;
  });
}

/** The trash of a case: deleted within the last 30 days, newest first. */
export async function listTrash(db: Db, caseId: string) {
  const rows = await db
    .select({
      id: evidence.id,
      number: evidence.number,
      title: evidence.title,
      deletedAt: evidence.deletedAt,
      dateStart: evidence.dateStart,
    })
    .from(evidence)
    .where(and(eq(evidence.caseId, caseId), isNotNull(evidence.deletedAt), withinTrashWindow))
    .orderBy(desc(evidence.deletedAt));
  return rows.map((r) => ({ ...r, ref: evidenceRef(r.number), deletedAt: r.deletedAt! }));
}

/** Removes for good what has been in the trash longer than 30 days (run at start-up, never on a GET). */
export async function purgeExpiredTrash(db: Db): Promise<number> {
  const removed = await db
    .delete(evidence)
    .where(and(isNotNull(evidence.deletedAt), lt(evidence.deletedAt, sql`now() - make_interval(days => ${TRASH_DAYS})`)))
    .returning({ id: evidence.id });
  return removed.length;
}

/** Reference, title and whether it is in the trash, for every item of a case: what the history
 *  needs to name the items its entries are about. */
export async function listEvidenceNames(db: Db, caseId: string) {
  const rows = await db
    .select({ id: evidence.id, number: evidence.number, title: evidence.title, deletedAt: evidence.deletedAt })
    .from(evidence)
    .where(eq(evidence.caseId, caseId));
  return new Map(rows.map((r) => [r.id, { ref: evidenceRef(r.number), title: r.title, deleted: r.deletedAt !== null }]));
}
