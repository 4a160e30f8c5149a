// Export a case to the case file format (app/domain/case-file.ts) and import one back, into this
// installation or another that has loaded the same ladder version.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import {
  auditEvents,
  cases,
  evidence,
  evidenceSupports,
  expectationMarks,
  ladders,
  ladderVersions,
  users,
} from "../../db/schema";
import {
  CASE_FILE_FORMAT,
  CASE_FILE_VERSION,
  formatPath,
  type CaseFile,
  type CaseFileEvidence,
  validateCaseFile,
} from "../domain/case-file";
import type { Ladder } from "../domain/types";
import type { Db, Tx } from "../lib/db.server";
import { recordAudit, type Actor } from "./audit.server";
import { expectationKeys, getCase, listMarks } from "./cases.server";
import { evidenceRef, listEvidenceRecords } from "./evidence.server";

export class CaseNotFoundError extends Error {
  constructor(readonly caseId: string) {
    super(`There is no case with id ${caseId}.`);
    this.name = "CaseNotFoundError";
  }
}

export type ImportResult = { caseId: string } | { problems: string[] };

/** The case as a file: its fields, the pinned ladder version, live evidence (not the trash) in
 *  reference order, and its expectation marks in ladder order. Throws CaseNotFoundError. */
export async function exportCase(db: Db, caseId: string): Promise<CaseFile> {
  const found = await getCase(db, caseId);
  if (!found) throw new CaseNotFoundError(caseId);
  const [records, marks] = await Promise.all([listEvidenceRecords(db, [caseId]), listMarks(db, [caseId])]);
  const order = new Map(allKeys(found.ladder).map((key, i) => [key, i]));
  const position = (key: string) => order.get(key) ?? Number.MAX_SAFE_INTEGER;
  return {
    format: CASE_FILE_FORMAT,
    version: CASE_FILE_VERSION,
    exportedAt: new Date().toISOString(),
    ladder: {
      slug: found.ladderSlug,
      level: found.ladder.level,
      title: found.ladder.title,
      contentHash: found.ladderHash,
    },
    case: {
      candidateName: found.candidateName,
      currentTitle: found.currentTitle,
      calibrationDate: found.calibrationDate,
      summary: found.summary,
      recommendation: found.recommendation,
      status: found.status,
    },
    evidence: (records.get(caseId) ?? []).map((r) => ({
      ref: r.ref,
      title: r.title,
      whatHappened: r.whatHappened,
      outcome: r.outcome,
      metric: r.metric,
      dateStart: r.dateStart,
      dateEnd: r.dateEnd,
      kind: r.kind,
      scope: r.scope,
      source: r.source,
      links: r.links,
      vouchers: r.vouchers,
      supports: r.supports.map((s) => ({ expectationKey: s.expectationKey, rationale: s.rationale })),
    })),
    marks: (marks.get(caseId) ?? [])
      .slice()
      .sort(
        (a, b) =>
          position(a.expectationKey) - position(b.expectationKey) || a.expectationKey.localeCompare(b.expectationKey),
      )
      .map((m) => ({
        expectationKey: m.expectationKey,
        notApplicableReason: m.notApplicableReason,
        gapNote: m.gapNote,
      })),
  };
}

function allKeys(ladder: Ladder): string[] {
  return ladder.sections.flatMap((s) => s.expectations.map((e) => e.key));
}

const short = (hash: string) => hash.slice(0, 12);

/** Finds the exact ladder version the file was built on. Expectation keys only mean something
 *  within one version, so a file is never moved onto another version by guesswork. */
async function resolveLadderVersion(
  db: Db,
  file: CaseFile,
): Promise<{ problem: string } | { problem?: undefined; versionId: string; ladder: Ladder }> {
  const { slug, level, title, contentHash } = file.ladder;
  const name = `"${slug}" (L${level}: ${title})`;
  const [ladder] = await db
    .select({ id: ladders.id, currentVersionId: ladders.currentVersionId })
    .from(ladders)
    .where(eq(ladders.slug, slug));
  if (!ladder) {
    return {
      problem:
        `ladder.slug: This installation has no ladder ${name}. Add its document to the content folder and ` +
        `restart, then import again.`,
    };
  }
  const [version] = await db
    .select({ id: ladderVersions.id, document: ladderVersions.document })
    .from(ladderVersions)
    .where(and(eq(ladderVersions.ladderId, ladder.id), eq(ladderVersions.contentHash, contentHash)));
  if (!version) {
    const [current] = ladder.currentVersionId
      ? await db
          .select({ hash: ladderVersions.contentHash })
          .from(ladderVersions)
          .where(eq(ladderVersions.id, ladder.currentVersionId))
      : [];
    return {
      problem:
        `ladder.contentHash: The ladder ${name} has changed since this case was exported: the case was built on ` +
        `version ${short(contentHash)}, which this installation has never loaded` +
        (current ? ` (its current version is ${short(current.hash)})` : "") +
        `. The import is refused rather than guess how the expectations of the two versions correspond.`,
    };
  }
  return { versionId: version.id, ladder: version.document };
}

function unknownKeyProblems(file: CaseFile, slug: string, known: Set<string>): string[] {
  const problems: string[] = [];
  const message = (key: string) => `"${key}" is not an expectation of this version of the ladder "${slug}".`;
  file.evidence.forEach((item, i) =>
    item.supports.forEach((s, j) => {
      if (!known.has(s.expectationKey)) {
        problems.push(`${formatPath(["evidence", i, "supports", j, "expectationKey"])}: ${message(s.expectationKey)}`);
      }
    }),
  );
  file.marks.forEach((m, i) => {
    if (!known.has(m.expectationKey))
      problems.push(`${formatPath(["marks", i, "expectationKey"])}: ${message(m.expectationKey)}`);
  });
  return problems;
}

// Rows per INSERT: small enough that each statement is a short pause for the embedded database
// (which runs in this process), far under PostgreSQL's 65,535 bind parameters for the widest table.
const CHUNK = 100;

/** Inserts in chunks and lets the event loop serve other requests between them, so that an import
 *  of thousands of items never holds the server for its whole length. */
async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await insert(rows.slice(i, i + CHUNK));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function evidenceSnapshot(item: CaseFileEvidence, ref: string) {
  const { ref: fileRef, ...rest } = item;
  return { ref, fileRef, ...rest };
}

/** Creates a new case owned by `actor` from a parsed case file, pinned to the ladder version the
 *  file names. Evidence is renumbered E-01, E-02 ... in file order. Either everything is stored, in
 *  one transaction with its audit events, or nothing is and the problems say why. */
export async function importCase(db: Db, actor: Actor, file: CaseFile): Promise<ImportResult> {
  // Checked again here so that no caller can store a file parseCaseFile would refuse.
  const checked = validateCaseFile(file);
  if (!checked.ok) return { problems: checked.problems };
  const data = checked.file;

  const [owner] = await db
    .select({ id: users.id, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, actor.id));
  if (!owner || owner.disabledAt)
    return { problems: ["The account the case would belong to does not exist or is disabled."] };

  const resolved = await resolveLadderVersion(db, data);
  if (resolved.problem !== undefined) return { problems: [resolved.problem] };
  const keyProblems = unknownKeyProblems(data, data.ladder.slug, expectationKeys(resolved.ladder));
  if (keyProblems.length > 0) return { problems: keyProblems };

  const caseId = randomUUID();
  const items = data.evidence.map((item, i) => ({ id: randomUUID(), number: i + 1, item }));
  const refused = await db.transaction(async (tx: Tx) => {
    // Checked again inside the write: an account disabled while the file was being read imports nothing.
    const [still] = await tx.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, actor.id)).for("share");
    if (!still || still.disabledAt) return true;
    const caseValues = {
      id: caseId,
      ownerId: actor.id,
      ...data.case,
      ladderVersionId: resolved.versionId,
      nextEvidenceNumber: items.length + 1,
    };
    await tx.insert(cases).values(caseValues);
    await insertChunked(items, (chunk) =>
      tx.insert(evidence).values(
        chunk.map(({ id, number, item }) => ({
          id,
          caseId,
          number,
          createdBy: actor.id,
          title: item.title,
          whatHappened: item.whatHappened,
          outcome: item.outcome,
          metric: item.metric,
          dateStart: item.dateStart,
          dateEnd: item.dateEnd,
          kind: item.kind,
          scope: item.scope,
          source: item.source,
          links: item.links,
          vouchers: item.vouchers,
        })),
      ),
    );
    const supports = items.flatMap(({ id, item }) => item.supports.map((s) => ({ evidenceId: id, ...s })));
    await insertChunked(supports, (chunk) => tx.insert(evidenceSupports).values(chunk));
    await insertChunked(data.marks, (chunk) =>
      tx.insert(expectationMarks).values(chunk.map((m) => ({ caseId, ...m }))),
    );

    await recordAudit(tx, {
      caseId,
      actor,
      action: "imported",
      entityType: "case",
      entityId: caseId,
      after: {
        ...data.case,
        ladder: { slug: data.ladder.slug, contentHash: data.ladder.contentHash },
        exportedAt: data.exportedAt,
        evidenceCount: items.length,
        markCount: data.marks.length,
      },
    });
    // One event per item and per mark, as adding them by hand would leave, written in bulk.
    const audit = (entityType: "evidence" | "mark", entityId: string, after: unknown) => ({
      caseId,
      actorId: actor.id,
      actorName: actor.name,
      action: "imported",
      entityType,
      entityId,
      before: null,
      after,
    });
    await insertChunked(
      [
        ...items.map(({ id, number, item }) => audit("evidence", id, evidenceSnapshot(item, evidenceRef(number)))),
        ...data.marks.map((m) =>
          audit("mark", m.expectationKey, { notApplicableReason: m.notApplicableReason, gapNote: m.gapNote }),
        ),
      ],
      (chunk) => tx.insert(auditEvents).values(chunk),
    );
    return false;
  });
  if (refused) return { problems: ["The account the case would belong to does not exist or is disabled."] };
  return { caseId };
}
