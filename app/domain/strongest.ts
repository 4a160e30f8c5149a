// Which items make the case best: the three a committee member should read if they read nothing else.
import { SCOPES, type CaseAnalysis, type EvidenceRecord } from "./types";

export interface ItemStrength {
  item: EvidenceRecord;
  /** Expectations rated strong that the item supports. */
  strongExpectations: number;
  score: number;
}

/** Months between two YYYY-MM-DD dates, by calendar month (day ignored). */
function monthsBetween(from: string, to: string): number {
  const [fy, fm] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const [ty, tm] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  return (ty - fy) * 12 + (tm - fm);
}

/**
 * An item counts for more when it backs expectations that hold up, reaches further, is checkable by someone other
 * than the candidate (a named person, a confirmation, a metric, not self-reported), and is recent.
 */
export function itemStrength(item: EvidenceRecord, analysis: CaseAnalysis): ItemStrength {
  let strongExpectations = 0;
  for (const section of analysis.sections) {
    for (const e of section.expectations) {
      if (e.status === "strong" && e.evidenceIds.includes(item.id)) strongExpectations++;
    }
  }
  const reach = Math.max(0, SCOPES.indexOf(item.scope));
  const checkable =
    (item.source === "self-reported" ? 0 : 2) +
    (item.metric?.trim() ? 2 : 0) +
    (item.vouchers.length > 0 ? 1 : 0) +
    ((item.confirmations?.length ?? 0) > 0 ? 3 : 0);
  const recent = monthsBetween(item.dateEnd ?? item.dateStart, analysis.asOf) <= 12 ? 1 : 0;
  return { item, strongExpectations, score: strongExpectations * 3 + reach * 2 + checkable + recent };
}

/** The `count` strongest items, best first; ties go to the newer item, then to the lower reference. */
export function strongestItems(evidence: readonly EvidenceRecord[], analysis: CaseAnalysis, count = 3): ItemStrength[] {
  return evidence
    .map((item) => itemStrength(item, analysis))
    .sort(
      (a, b) =>
        b.score - a.score ||
        (b.item.dateEnd ?? b.item.dateStart).localeCompare(a.item.dateEnd ?? a.item.dateStart) ||
        a.item.ref.localeCompare(b.item.ref, "en", { numeric: true }),
    )
    .slice(0, count);
}
