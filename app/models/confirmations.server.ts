import { and, asc, inArray, isNotNull, ne } from "drizzle-orm";
import { vouchRequests } from "../../db/schema";
import { todayIso } from "../domain/dates";
import type { EvidenceConfirmation } from "../domain/types";
import type { Db, Tx } from "../lib/db.server";

/** The confirmations (answers other than "declined") of each case's items, by evidence id, oldest first. */
export async function listConfirmations(
  db: Db | Tx,
  where: { caseIds: string[] } | { evidenceIds: string[] },
): Promise<Map<string, EvidenceConfirmation[]>> {
  const byEvidence = new Map<string, EvidenceConfirmation[]>();
  const ids = "caseIds" in where ? where.caseIds : where.evidenceIds;
  if (ids.length === 0) return byEvidence;
  const rows = await db
    .select({
      evidenceId: vouchRequests.evidenceId,
      name: vouchRequests.voucherName,
      relation: vouchRequests.voucherRelation,
      answeredAt: vouchRequests.answeredAt,
      answer: vouchRequests.answer,
      correctionPart: vouchRequests.correctionPart,
      correctionOutcome: vouchRequests.correctionOutcome,
      correctionAcceptedAt: vouchRequests.correctionAcceptedAt,
    })
    .from(vouchRequests)
    .where(
      and(
        "caseIds" in where ? inArray(vouchRequests.caseId, ids) : inArray(vouchRequests.evidenceId, ids),
        isNotNull(vouchRequests.answeredAt),
        ne(vouchRequests.answer, "declined"),
      ),
    )
    .orderBy(asc(vouchRequests.answeredAt));
  for (const r of rows) {
    const list = byEvidence.get(r.evidenceId) ?? [];
    const corrected = r.answer === "corrected" && (r.correctionPart || r.correctionOutcome);
    list.push({
      name: r.name,
      relation: r.relation,
      date: todayIso(r.answeredAt!),
      correction: corrected ? { part: r.correctionPart || null, outcome: r.correctionOutcome || null } : null,
      correctionAccepted: r.correctionAcceptedAt !== null,
    });
    byEvidence.set(r.evidenceId, list);
  }
  return byEvidence;
}
