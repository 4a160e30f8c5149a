import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { cases, evidence, evidenceSupports, wordingChecks, wordingFindings } from "../../db/schema";
import { checkCase, type CaseFinding, type CaseText, type FindingStatus, type WordingCounts } from "../domain/wording/case";
import { sha256Hex } from "../domain/sha256";
import type { WordingRules } from "../domain/wording/rules-document";
import type { Db, Tx } from "../lib/db.server";
import { recordAudit, type Actor } from "./audit.server";
import { evidenceRef } from "./evidence.server";

// Findings are derived from the case's text, so they are brought up to date when they are read: a
// case whose row version (xmin, new on every change to the case or its evidence, see
// loadCaseAnalysis) and rules version match the last check is not checked again. Every write path,
// present and future (imports, restores, the demo), is covered without each one having to remember.

async function readTexts(tx: Db | Tx, caseId: string): Promise<(CaseText & { revision: string }) | null> {
  const [row] = await tx
    .select({ summary: cases.summary, recommendation: cases.recommendation, revision: sql<string>`${cases}.xmin::text` })
    .from(cases)
    .where(eq(cases.id, caseId));
  if (!row) return null;
  const items = await tx
    .select({ id: evidence.id, title: evidence.title, whatHappened: evidence.whatHappened, outcome: evidence.outcome, metric: evidence.metric })
    .from(evidence)
    .where(and(eq(evidence.caseId, caseId), isNull(evidence.deletedAt)))
    .orderBy(asc(evidence.number));
  const supports = items.length
    ? await tx
        .select({ evidenceId: evidenceSupports.evidenceId, expectationKey: evidenceSupports.expectationKey, rationale: evidenceSupports.rationale })
        .from(evidenceSupports)
        .where(inArray(evidenceSupports.evidenceId, items.map((i) => i.id)))
        .orderBy(asc(evidenceSupports.createdAt), asc(evidenceSupports.expectationKey))
    : [];
  const byItem = new Map<string, { expectationKey: string; rationale: string }[]>();
  for (const s of supports) {
    const list = byItem.get(s.evidenceId) ?? [];
    list.push({ expectationKey: s.expectationKey, rationale: s.rationale });
    byItem.set(s.evidenceId, list);
  }
  return { ...row, evidence: items.map((i) => ({ ...i, supports: byItem.get(i.id) ?? [] })) };
}

function placeKey(evidenceId: string | null, field: string): string {
  return `${evidenceId ?? "case"}|${field}`;
}

/** Brings the stored findings of a case up to date with its text and the rules. Returns false when
 *  the case does not exist. New findings are open; a finding gone from text that changed is fixed; a
 *  dismissed finding stays dismissed while its words are there; one that only a change of rules
 *  removed is dropped. Items in the trash keep theirs for when they are restored. */
export async function syncCaseWording(db: Db, caseId: string, rules: WordingRules): Promise<boolean> {
  const [state] = await db
    .select({ revision: sql<string>`${cases}.xmin::text`, checked: wordingChecks.revision, rulesVersion: wordingChecks.rulesVersion })
    .from(cases)
    .leftJoin(wordingChecks, eq(wordingChecks.caseId, cases.id))
    .where(eq(cases.id, caseId));
  if (!state) return false;
  if (state.checked === state.revision && state.rulesVersion === rules.version) return true;
  return db.transaction(async (tx) => {
    // One check of a case at a time: the marker row is the lock.
    await tx.insert(wordingChecks).values({ caseId, revision: "", rulesVersion: "" }).onConflictDoNothing();
    const [marker] = await tx.select().from(wordingChecks).where(eq(wordingChecks.caseId, caseId)).for("update");
    const texts = await readTexts(tx, caseId);
    if (!texts || !marker) return false;
    if (marker.revision === texts.revision && marker.rulesVersion === rules.version) return true;
    const current = checkCase(texts, rules);
    const textHashes = new Map<string, string>();
    textHashes.set(placeKey(null, "summary"), sha256Hex(texts.summary));
    textHashes.set(placeKey(null, "recommendation"), sha256Hex(texts.recommendation));
    for (const item of texts.evidence) {
      textHashes.set(placeKey(item.id, "title"), sha256Hex(item.title));
      textHashes.set(placeKey(item.id, "whatHappened"), sha256Hex(item.whatHappened));
      textHashes.set(placeKey(item.id, "outcome"), sha256Hex(item.outcome));
      for (const s of item.supports) textHashes.set(placeKey(item.id, `rationale:${s.expectationKey}`), sha256Hex(s.rationale));
    }
    const live = new Set(texts.evidence.map((e) => e.id));
    const stored = await tx.select().from(wordingFindings).where(eq(wordingFindings.caseId, caseId));
    const storedByKey = new Map(stored.map((f) => [f.key, f]));
    const now = new Date();
    const inserts: (typeof wordingFindings.$inferInsert)[] = [];
    for (const f of current) {
      const old = storedByKey.get(f.key);
      if (!old) {
        inserts.push(rowFor(caseId, f, rules.version));
        continue;
      }
      storedByKey.delete(f.key);
      const status = old.status === "fixed" ? "open" : old.status;
      if (old.start !== f.start || old.end !== f.end || old.match !== f.match || old.textHash !== f.textHash || old.status !== status || old.rulesVersion !== rules.version) {
        await tx
          .update(wordingFindings)
          .set({ start: f.start, end: f.end, match: f.match, textHash: f.textHash, status, rulesVersion: rules.version, updatedAt: now })
          .where(eq(wordingFindings.id, old.id));
      }
    }
    if (inserts.length) await tx.insert(wordingFindings).values(inserts);
    const fixed: string[] = [];
    const dropped: string[] = [];
    for (const old of storedByKey.values()) {
      if (old.status === "fixed") continue;
      if (old.evidenceId !== null && !live.has(old.evidenceId)) continue;
      const now = textHashes.get(placeKey(old.evidenceId, old.field));
      if (now === old.textHash) dropped.push(old.id);
      else fixed.push(old.id);
    }
    if (fixed.length) await tx.update(wordingFindings).set({ status: "fixed", updatedAt: now }).where(inArray(wordingFindings.id, fixed));
    if (dropped.length) await tx.delete(wordingFindings).where(inArray(wordingFindings.id, dropped));
    await tx
      .update(wordingChecks)
      .set({ revision: texts.revision, rulesVersion: rules.version, checkedAt: now })
      .where(eq(wordingChecks.caseId, caseId));
    return true;
  });
}

function rowFor(caseId: string, f: CaseFinding, rulesVersion: string): typeof wordingFindings.$inferInsert {
  return {
    id: randomUUID(),
    caseId,
    evidenceId: f.evidenceId,
    field: f.field,
    key: f.key,
    code: f.code,
    match: f.match,
    start: f.start,
    end: f.end,
    textHash: f.textHash,
    status: "open",
    rulesVersion,
  };
}

// Findings of items in the trash do not count; the case's own fields have no item.
const liveItem = or(isNull(wordingFindings.evidenceId), isNull(evidence.deletedAt));

export interface StoredFinding {
  id: string;
  evidenceId: string | null;
  ref: string | null;
  itemTitle: string | null;
  field: string;
  code: string;
  match: string;
  start: number;
  end: number;
  status: FindingStatus;
  dismissReason: string | null;
  dismissedByName: string | null;
  dismissedAt: Date | null;
  rulesVersion: string;
}

/** The case's findings (open, dismissed and fixed), items in order, then the case's own fields. */
export async function listWordingFindings(db: Db, caseId: string, options: { evidenceId?: string } = {}): Promise<StoredFinding[]> {
  const rows = await db
    .select({
      id: wordingFindings.id,
      evidenceId: wordingFindings.evidenceId,
      number: evidence.number,
      itemTitle: evidence.title,
      field: wordingFindings.field,
      code: wordingFindings.code,
      match: wordingFindings.match,
      start: wordingFindings.start,
      end: wordingFindings.end,
      status: wordingFindings.status,
      dismissReason: wordingFindings.dismissReason,
      dismissedByName: wordingFindings.dismissedByName,
      dismissedAt: wordingFindings.dismissedAt,
      rulesVersion: wordingFindings.rulesVersion,
    })
    .from(wordingFindings)
    .leftJoin(evidence, eq(evidence.id, wordingFindings.evidenceId))
    .where(
      and(
        eq(wordingFindings.caseId, caseId),
        liveItem,
        options.evidenceId ? eq(wordingFindings.evidenceId, options.evidenceId) : undefined,
      ),
    )
    .orderBy(sql`${evidence.number} nulls last`, asc(wordingFindings.field), asc(wordingFindings.start));
  return rows.map(({ number, ...r }) => ({ ...r, ref: number === null ? null : evidenceRef(number) }));
}

/** Open, fixed and dismissed findings per case (brought up to date first), for the packet's "About
 *  this packet" and the calibration session board. */
export async function wordingCountsByCase(db: Db, caseIds: string[], rules: WordingRules): Promise<Map<string, WordingCounts>> {
  for (const id of caseIds) await syncCaseWording(db, id, rules);
  return storedWordingCounts(db, caseIds);
}

/** The counts as last stored, without checking again: for pages that must not write on a GET (the
 *  packet preview). A case never checked counts nothing. */
export async function storedWordingCounts(db: Db, caseIds: string[]): Promise<Map<string, WordingCounts>> {
  const counts = new Map<string, WordingCounts>(caseIds.map((id) => [id, { open: 0, fixed: 0, dismissed: 0 }]));
  if (caseIds.length === 0) return counts;
  const rows = await db
    .select({ caseId: wordingFindings.caseId, status: wordingFindings.status, n: sql<number>`count(*)::int` })
    .from(wordingFindings)
    .leftJoin(evidence, eq(evidence.id, wordingFindings.evidenceId))
    .where(and(inArray(wordingFindings.caseId, caseIds), liveItem))
    .groupBy(wordingFindings.caseId, wordingFindings.status);
  for (const r of rows) {
    const c = counts.get(r.caseId);
    if (c) c[r.status] = Number(r.n);
  }
  return counts;
}

export class FindingNotFoundError extends Error {}

/** Dismisses an open finding with the reason the committee will read; audited in the same transaction. */
export async function dismissFinding(db: Db, actor: Actor, caseId: string, findingId: string, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(wordingFindings)
      .where(and(eq(wordingFindings.id, findingId), eq(wordingFindings.caseId, caseId)))
      .for("update");
    if (!before || before.status === "fixed") throw new FindingNotFoundError();
    await tx
      .update(wordingFindings)
      .set({ status: "dismissed", dismissReason: reason, dismissedByName: actor.name, dismissedAt: new Date(), updatedAt: new Date() })
      .where(eq(wordingFindings.id, findingId));
    await recordAudit(tx, {
      caseId,
      actor,
      action: "wording finding dismissed",
      entityType: "wording",
      entityId: findingId,
      before: { code: before.code, match: before.match, field: before.field, status: before.status, reason: before.dismissReason },
      after: { code: before.code, match: before.match, field: before.field, status: "dismissed", reason },
    });
  });
}

/** Takes a dismissal back: the finding is open again. Audited. */
export async function reopenFinding(db: Db, actor: Actor, caseId: string, findingId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(wordingFindings)
      .where(and(eq(wordingFindings.id, findingId), eq(wordingFindings.caseId, caseId)))
      .for("update");
    if (!before || before.status !== "dismissed") throw new FindingNotFoundError();
    await tx
      .update(wordingFindings)
      .set({ status: "open", dismissReason: null, dismissedByName: null, dismissedAt: null, updatedAt: new Date() })
      .where(eq(wordingFindings.id, findingId));
    await recordAudit(tx, {
      caseId,
      actor,
      action: "wording finding reopened",
      entityType: "wording",
      entityId: findingId,
      before: { code: before.code, match: before.match, field: before.field, status: "dismissed", reason: before.dismissReason },
      after: { code: before.code, match: before.match, field: before.field, status: "open" },
    });
  });
}

/** Findings as shown to people: with the rule's why, suggestion and source from the rules in force. */
export function explainFinding(f: StoredFinding, rules: WordingRules) {
  const text = rules.text[f.code as keyof WordingRules["text"]];
  return {
    ...f,
    title: text?.title ?? f.code,
    why: text?.why ?? "",
    suggestion: text?.suggestion ?? "",
    source: text?.sources[0]?.cite ?? "",
  };
}

export type ExplainedFinding = ReturnType<typeof explainFinding>;

/** A case's findings brought up to date, explained, with their counts; null when there is no such case. */
export async function caseWording(db: Db, caseId: string, rules: WordingRules, options: { evidenceId?: string } = {}) {
  if (!(await syncCaseWording(db, caseId, rules))) return null;
  const findings = (await listWordingFindings(db, caseId, options)).map((f) => explainFinding(f, rules));
  const counts: WordingCounts = { open: 0, fixed: 0, dismissed: 0 };
  for (const f of findings) counts[f.status]++;
  return { findings, counts };
}
