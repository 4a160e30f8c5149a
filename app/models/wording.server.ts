import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { cases, evidence, evidenceSupports, wordingChecks, wordingFindings } from "../../db/schema";
import {
  checkCase,
  checkEvidenceItem,
  fieldLabel,
  placeFindings,
  wordingCountsLine,
  type CaseFinding,
  type CaseText,
  type FindingStatus,
  type WordingCounts,
} from "../domain/wording/case";
import { checkText } from "../domain/wording/rules";
import { textHash } from "../domain/wording/hash";
import type { WordingRules } from "../domain/wording/rules-document";
import type { Db, Tx } from "../lib/db.server";
import { wordingRules } from "../lib/wording-rules.server";
import { recordAudit, type Actor } from "./audit.server";
import { evidenceRef } from "./evidence.server";

// Findings are worked out from the case's text whenever they are read, so what a page shows is
// always the current text's; reading never writes. What must be remembered is stored: each finding
// once seen (so that one edited away counts as fixed) and each dismissal with its reason.
// syncCaseWording stores that after every save of the case's text, and before a dismissal.

type CaseTexts = CaseText & { revision: string; refs: Map<string, { ref: string; title: string }> };

async function readTexts(tx: Db | Tx, caseId: string): Promise<CaseTexts | null> {
  const [row] = await tx
    .select({ summary: cases.summary, recommendation: cases.recommendation, revision: sql<string>`${cases}.xmin::text` })
    .from(cases)
    .where(eq(cases.id, caseId));
  if (!row) return null;
  const items = await tx
    .select({
      id: evidence.id,
      number: evidence.number,
      title: evidence.title,
      whatHappened: evidence.whatHappened,
      outcome: evidence.outcome,
      metric: evidence.metric,
    })
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
  return {
    summary: row.summary,
    recommendation: row.recommendation,
    revision: row.revision,
    evidence: items.map((i) => ({ ...i, supports: byItem.get(i.id) ?? [] })),
    refs: new Map(items.map((i) => [i.id, { ref: evidenceRef(i.number), title: i.title }])),
  };
}

function placeKey(evidenceId: string | null, field: string): string {
  return `${evidenceId ?? "case"}|${field}`;
}

function textHashes(texts: CaseText): Map<string, string> {
  const hashes = new Map<string, string>();
  hashes.set(placeKey(null, "summary"), textHash(texts.summary));
  hashes.set(placeKey(null, "recommendation"), textHash(texts.recommendation));
  for (const item of texts.evidence) {
    hashes.set(placeKey(item.id, "title"), textHash(item.title));
    hashes.set(placeKey(item.id, "whatHappened"), textHash(item.whatHappened));
    hashes.set(placeKey(item.id, "outcome"), textHash(item.outcome));
    for (const s of item.supports) hashes.set(placeKey(item.id, `rationale:${s.expectationKey}`), textHash(s.rationale));
  }
  return hashes;
}

type StoredRow = typeof wordingFindings.$inferSelect;

/** A finding as pages show it: current ones from the text, fixed ones from what was stored. */
export interface CaseWordingFinding {
  /** Stable identity (see domain/wording/case.ts): what the dismiss form sends. */
  key: string;
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
}

/** How the stored findings differ from the current text's: what a page shows, and what a sync writes. */
function reconcile(texts: CaseTexts, current: CaseFinding[], stored: StoredRow[]) {
  const hashes = textHashes(texts);
  const storedByKey = new Map(stored.map((f) => [f.key, f]));
  const view: CaseWordingFinding[] = [];
  const inserts: CaseFinding[] = [];
  const updates: { row: StoredRow; finding: CaseFinding; status: FindingStatus }[] = [];
  const fixed: StoredRow[] = [];
  const dropped: StoredRow[] = [];
  const place = (evidenceId: string | null) => ({
    ref: evidenceId ? (texts.refs.get(evidenceId)?.ref ?? null) : null,
    itemTitle: evidenceId ? (texts.refs.get(evidenceId)?.title ?? null) : null,
  });
  for (const f of current) {
    const old = storedByKey.get(f.key);
    storedByKey.delete(f.key);
    const status: FindingStatus = old?.status === "dismissed" ? "dismissed" : "open";
    if (!old) inserts.push(f);
    else updates.push({ row: old, finding: f, status });
    view.push({
      key: f.key,
      evidenceId: f.evidenceId,
      ...place(f.evidenceId),
      field: f.field,
      code: f.code,
      match: f.match,
      start: f.start,
      end: f.end,
      status,
      dismissReason: status === "dismissed" ? (old?.dismissReason ?? null) : null,
      dismissedByName: status === "dismissed" ? (old?.dismissedByName ?? null) : null,
      dismissedAt: status === "dismissed" ? (old?.dismissedAt ?? null) : null,
    });
  }
  const live = new Set(texts.evidence.map((e) => e.id));
  for (const old of storedByKey.values()) {
    // Items in the trash keep their findings for when they are restored, and count for nothing.
    if (old.evidenceId !== null && !live.has(old.evidenceId)) continue;
    if (old.status !== "fixed") {
      // Gone from text that is unchanged: a change of rules removed it, it was never fixed.
      if (hashes.get(placeKey(old.evidenceId, old.field)) === old.textHash) {
        dropped.push(old);
        continue;
      }
      fixed.push(old);
    }
    view.push({
      key: old.key,
      evidenceId: old.evidenceId,
      ...place(old.evidenceId),
      field: old.field,
      code: old.code,
      match: old.match,
      start: old.start,
      end: old.end,
      status: "fixed",
      dismissReason: old.dismissReason,
      dismissedByName: old.dismissedByName,
      dismissedAt: old.dismissedAt,
    });
  }
  return { view, inserts, updates, fixed, dropped };
}

/** Each text of the case by place ("<evidence id or case>|<field>"), for showing findings in context. */
function textsByPlace(texts: CaseText): Record<string, string> {
  const out: Record<string, string> = { "case|summary": texts.summary, "case|recommendation": texts.recommendation };
  for (const item of texts.evidence) {
    out[`${item.id}|title`] = item.title;
    out[`${item.id}|whatHappened`] = item.whatHappened;
    out[`${item.id}|outcome`] = item.outcome;
    for (const s of item.supports) out[`${item.id}|rationale:${s.expectationKey}`] = s.rationale;
  }
  return out;
}

/** The case's findings as of its current text, without writing anything; null when there is no case. */
export async function readCaseWording(db: Db, caseId: string, rules: WordingRules): Promise<CaseWordingFinding[] | null> {
  return (await readCaseWordingWithTexts(db, caseId, rules))?.findings ?? null;
}

async function readCaseWordingWithTexts(db: Db, caseId: string, rules: WordingRules) {
  const texts = await readTexts(db, caseId);
  if (!texts) return null;
  const stored = await db.select().from(wordingFindings).where(eq(wordingFindings.caseId, caseId));
  const { view } = reconcile(texts, checkCase(texts, rules), stored);
  const order = new Map(texts.evidence.map((e, i) => [e.id, i]));
  const fieldOrder = (field: string) => ["title", "whatHappened", "outcome"].indexOf(field.split(":")[0] ?? field) + 1 || 4;
  const findings = view.sort(
    (x, y) =>
      (x.evidenceId === null ? Infinity : (order.get(x.evidenceId) ?? 0)) - (y.evidenceId === null ? Infinity : (order.get(y.evidenceId) ?? 0)) ||
      (x.evidenceId === null ? x.field.localeCompare(y.field) : fieldOrder(x.field) - fieldOrder(y.field) || x.field.localeCompare(y.field)) ||
      x.start - y.start,
  );
  return { findings, texts: textsByPlace(texts) };
}

/** Stores what must be remembered of the case's current findings: new ones, ones fixed since, ones a
 *  change of rules removed. Call after every save of the case's text. False when there is no case. */
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
    const stored = await tx.select().from(wordingFindings).where(eq(wordingFindings.caseId, caseId));
    const { inserts, updates, fixed, dropped } = reconcile(texts, checkCase(texts, rules), stored);
    const now = new Date();
    if (inserts.length) await tx.insert(wordingFindings).values(inserts.map((f) => rowFor(caseId, f, rules.version)));
    for (const { row, finding: f, status } of updates) {
      if (row.start === f.start && row.end === f.end && row.match === f.match && row.textHash === f.textHash && row.status === status && row.rulesVersion === rules.version) continue;
      await tx
        .update(wordingFindings)
        .set({ start: f.start, end: f.end, match: f.match, textHash: f.textHash, status, rulesVersion: rules.version, updatedAt: now })
        .where(eq(wordingFindings.id, row.id));
    }
    if (fixed.length) await tx.update(wordingFindings).set({ status: "fixed", updatedAt: now }).where(inArray(wordingFindings.id, fixed.map((f) => f.id)));
    if (dropped.length) await tx.delete(wordingFindings).where(inArray(wordingFindings.id, dropped.map((f) => f.id)));
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

/** Open, fixed and dismissed findings per case as of its current text, for the packet's "About this
 *  packet" and the calibration session board. Reads only. */
export async function wordingCountsByCase(db: Db, caseIds: string[], rules: WordingRules): Promise<Map<string, WordingCounts>> {
  const counts = new Map<string, WordingCounts>();
  for (const id of caseIds) {
    const c: WordingCounts = { open: 0, fixed: 0, dismissed: 0 };
    for (const f of (await readCaseWording(db, id, rules)) ?? []) c[f.status]++;
    counts.set(id, c);
  }
  return counts;
}

/** The same counts for pages that must not write on a GET (the packet preview): wordingCountsByCase
 *  reads only as well, so this is it with the rules in force; all zero while the rules document
 *  has problems. */
export async function storedWordingCounts(db: Db, caseIds: string[]): Promise<Map<string, WordingCounts>> {
  const loaded = wordingRules();
  if (!loaded.ok) return new Map(caseIds.map((id) => [id, { open: 0, fixed: 0, dismissed: 0 }]));
  return wordingCountsByCase(db, caseIds, loaded.rules);
}

export class FindingNotFoundError extends Error {}

/** Dismisses a current finding with the reason the committee will read; audited in the same transaction. */
export async function dismissFinding(db: Db, actor: Actor, caseId: string, key: string, reason: string, rules: WordingRules): Promise<void> {
  // Only a finding in the case's text now; a request for anything else changes nothing at all.
  const current = (await readCaseWording(db, caseId, rules))?.find((f) => f.key === key);
  if (!current || current.status !== "open") throw new FindingNotFoundError();
  await syncCaseWording(db, caseId, rules);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(wordingFindings)
      .where(and(eq(wordingFindings.key, key), eq(wordingFindings.caseId, caseId)))
      .for("update");
    if (!before || before.status === "fixed") throw new FindingNotFoundError();
    await tx
      .update(wordingFindings)
      .set({ status: "dismissed", dismissReason: reason, dismissedByName: actor.name, dismissedAt: new Date(), updatedAt: new Date() })
      .where(eq(wordingFindings.id, before.id));
    await recordAudit(tx, {
      caseId,
      actor,
      action: "dismissed",
      entityType: "wording",
      entityId: before.id,
      before: { code: before.code, match: before.match, field: before.field, status: before.status, reason: before.dismissReason },
      after: { code: before.code, match: before.match, field: before.field, status: "dismissed", reason },
    });
  });
}

/** Takes a dismissal back: the finding is open again. Audited. */
export async function reopenFinding(db: Db, actor: Actor, caseId: string, key: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(wordingFindings)
      .where(and(eq(wordingFindings.key, key), eq(wordingFindings.caseId, caseId)))
      .for("update");
    if (!before || before.status !== "dismissed") throw new FindingNotFoundError();
    await tx
      .update(wordingFindings)
      .set({ status: "open", dismissReason: null, dismissedByName: null, dismissedAt: null, updatedAt: new Date() })
      .where(eq(wordingFindings.id, before.id));
    await recordAudit(tx, {
      caseId,
      actor,
      action: "reopened",
      entityType: "wording",
      entityId: before.id,
      before: { code: before.code, match: before.match, field: before.field, status: "dismissed", reason: before.dismissReason },
      after: { code: before.code, match: before.match, field: before.field, status: "open" },
    });
  });
}

/** Findings as shown to people: with the rule's why, suggestion and source from the rules in force. */
export function explainFinding(f: CaseWordingFinding, rules: WordingRules) {
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

/** A case's findings as of its current text, explained, with their counts; null when there is no such case. */
export async function caseWording(db: Db, caseId: string, rules: WordingRules) {
  const read = await readCaseWordingWithTexts(db, caseId, rules);
  if (!read) return null;
  const findings = read.findings.map((f) => explainFinding(f, rules));
  const counts: WordingCounts = { open: 0, fixed: 0, dismissed: 0 };
  for (const f of findings) counts[f.status]++;
  return { findings, counts, texts: read.texts };
}

/** After a save of the case's text: remembers its findings with the rules in force. Never fails the
 *  save it follows (the findings are worked out again on every read anyway). */
export async function rememberWording(db: Db, caseId: string): Promise<void> {
  const loaded = wordingRules();
  if (!loaded.ok) return;
  try {
    await syncCaseWording(db, caseId, loaded.rules);
  } catch (error) {
    console.error(`Could not store the wording findings of case ${caseId}: ${(error as Error).message}`);
  }
}

/** Current findings of some texts of a case, with the stored dismissals: what the forms show under
 *  their fields. Reads only. */
async function withStatus(db: Db, caseId: string, evidenceId: string | null, current: CaseFinding[], rules: WordingRules) {
  const stored = current.length
    ? await db
        .select({ key: wordingFindings.key, status: wordingFindings.status, dismissReason: wordingFindings.dismissReason })
        .from(wordingFindings)
        .where(
          and(
            eq(wordingFindings.caseId, caseId),
            evidenceId ? eq(wordingFindings.evidenceId, evidenceId) : isNull(wordingFindings.evidenceId),
            inArray(wordingFindings.key, current.map((f) => f.key)),
          ),
        )
    : [];
  const byKey = new Map(stored.map((s) => [s.key, s]));
  return current.map((f) => {
    const dismissed = byKey.get(f.key)?.status === "dismissed";
    const text = rules.text[f.code];
    return {
      key: f.key,
      field: f.field,
      code: f.code,
      title: text.title,
      match: f.match,
      start: f.start,
      end: f.end,
      why: f.why,
      suggestion: f.suggestion,
      source: f.source,
      status: (dismissed ? "dismissed" : "open") as FindingStatus,
      dismissReason: dismissed ? (byKey.get(f.key)?.dismissReason ?? null) : null,
    };
  });
}

export type FieldFinding = Awaited<ReturnType<typeof withStatus>>[number];

/** Findings in one evidence item's fields, for the evidence page and form. */
export async function itemWording(db: Db, caseId: string, item: CaseText["evidence"][number], rules: WordingRules) {
  return withStatus(db, caseId, item.id, checkEvidenceItem(item, rules), rules);
}

/** Findings in the case's summary and recommendation, for the case details form. */
export async function caseFieldsWording(db: Db, caseId: string, texts: { summary: string; recommendation: string }, rules: WordingRules) {
  const current = [
    ...placeFindings(null, "summary", texts.summary, checkText(texts.summary, rules, "summary")),
    ...placeFindings(null, "recommendation", texts.recommendation, checkText(texts.recommendation, rules, "recommendation")),
  ];
  return withStatus(db, caseId, null, current, rules);
}

/**
 * What the packet says about the wording checks, in its "About this packet" part: one line of counts
 * (open, fixed, dismissed, with the rules version) and each dismissed finding as the committee should
 * read it, "dismissed: <reason>". Null when the rules document has problems or there is no such case.
 */
export async function wordingForPacket(db: Db, caseId: string) {
  const loaded = wordingRules();
  if (!loaded.ok) return null;
  const result = await caseWording(db, caseId, loaded.rules);
  if (!result) return null;
  return {
    counts: result.counts,
    rulesVersion: loaded.rules.version,
    line: wordingCountsLine(result.counts, loaded.rules.version),
    dismissed: result.findings
      .filter((f) => f.status === "dismissed")
      .map((f) => `${f.ref ? `${f.ref}, ` : ""}${fieldLabel(f.field)}: ${f.title} on “${f.match}”, dismissed: ${f.dismissReason ?? ""}`),
  };
}
