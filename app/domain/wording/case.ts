// The wording checks over a whole case (every evidence field, the summary and the recommendation),
// and the parity check across the cases of one calibration session. Pure.

import { textHash as hashText } from "./hash";
import type { EvidenceRecord } from "../types";
import { analyse } from "./text";
import { checkText, sentenceFacts, type WordingFinding } from "./rules";
import { wordIndexes } from "./patterns";
import type { WordingField, WordingRules } from "./rules-document";

/** Which text of the case a finding is in. */
export interface WordingPlace {
  /** Null for the case's own fields (summary, recommendation). */
  evidenceId: string | null;
  /** "whatHappened", "outcome", "title", "summary", "recommendation", or "rationale:<expectation key>". */
  field: string;
}

export interface CaseFinding extends WordingFinding, WordingPlace {
  /** Stable identity across saves: place, rule, matched words and which occurrence of them. */
  key: string;
  /** Hash of the text the finding was made in: a finding that disappears from changed text was fixed. */
  textHash: string;
}

export interface CaseText {
  summary: string;
  recommendation: string;
  evidence: readonly Pick<EvidenceRecord, "id" | "title" | "whatHappened" | "outcome" | "metric" | "supports">[];
}

export const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  whatHappened: "What happened and the candidate's part",
  outcome: "Outcome",
  summary: "Summary of the case",
  recommendation: "Your recommendation",
  rationale: "Why it shows the expectation",
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field.split(":")[0] ?? field] ?? field;
}

/** The texts of an evidence item, with the rules' name for each field. */
export function evidenceTexts(item: CaseText["evidence"][number]): { field: string; kind: WordingField; text: string; metric?: string | null }[] {
  return [
    { field: "title", kind: "title", text: item.title },
    { field: "whatHappened", kind: "what-happened", text: item.whatHappened },
    { field: "outcome", kind: "outcome", text: item.outcome, metric: item.metric },
    ...item.supports.map((s) => ({ field: `rationale:${s.expectationKey}`, kind: "rationale" as const, text: s.rationale })),
  ];
}

/** Findings of one text, placed in the case with their stable keys. */
export function placeFindings(evidenceId: string | null, field: string, text: string, findings: WordingFinding[]): CaseFinding[] {
  const textHash = hashText(text);
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = `${evidenceId ?? "case"}|${field}|${f.code}|${f.match.toLowerCase()}`;
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    return { ...f, evidenceId, field, key: hashText(`${base}|${occurrence}`), textHash };
  });
}

/** Every finding in one field of an evidence item (what the evidence form shows under it). */
export function checkEvidenceItem(item: CaseText["evidence"][number], rules: WordingRules): CaseFinding[] {
  return evidenceTexts(item).flatMap(({ field, kind, text, metric }) =>
    placeFindings(item.id, field, text, checkText(text, rules, kind, { metric })),
  );
}

/** Every finding in a case: its evidence items in order, then the summary and the recommendation. */
export function checkCase(c: CaseText, rules: WordingRules): CaseFinding[] {
  return [
    ...c.evidence.flatMap((item) => checkEvidenceItem(item, rules)),
    ...placeFindings(null, "summary", c.summary, checkText(c.summary, rules, "summary")),
    ...placeFindings(null, "recommendation", c.recommendation, checkText(c.recommendation, rules, "recommendation")),
  ];
}

/* ---------- Parity across a calibration session ---------- */

/** What parity looks at for one case: counts and lengths only, nothing about the person. */
export interface ParityInput {
  caseId: string;
  /** Characters of "what happened" plus "outcome" for each live evidence item. */
  itemLengths: number[];
  /** How many of those items have an outcome with something specific (number, date, artefact, change) or a metric. */
  specificItems: number;
}

export interface ParityFinding {
  code: "parity";
  caseId: string;
  /** Which comparisons the case fell short on. */
  short: boolean;
  few: boolean;
  unspecific: boolean;
  message: string;
  why: string;
  suggestion: string;
  source: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Parity input for a case's evidence: lengths and how many items are specific. */
export function parityInput(caseId: string, evidence: CaseText["evidence"], rules: WordingRules): ParityInput {
  let specificItems = 0;
  const itemLengths = evidence.map((e) => {
    const a = analyse(e.outcome);
    const facts = sentenceFacts(a, rules, wordIndexes(a));
    if ((e.metric ?? "").trim() !== "" || facts.some((f) => f.number || f.time || f.change || f.artefact)) specificItems++;
    return e.whatHappened.length + e.outcome.length;
  });
  return { caseId, itemLengths, specificItems };
}

/**
 * Cases of one session whose evidence is much shorter, much thinner or much less specific than the
 * session's median case. Needs `minCases` cases; compares each case with the others' medians.
 */
export function parityCheck(cases: readonly ParityInput[], rules: WordingRules): ParityFinding[] {
  const p = rules.parity;
  if (cases.length < p.minCases) return [];
  const text = rules.text.parity;
  const findings: ParityFinding[] = [];
  for (const c of cases) {
    const others = cases.filter((o) => o !== c);
    const medianLength = median(others.map((o) => median(o.itemLengths)));
    const medianCount = median(others.map((o) => o.itemLengths.length));
    const medianShare = median(others.map((o) => (o.itemLengths.length ? o.specificItems / o.itemLengths.length : 0)));
    const ownLength = median(c.itemLengths);
    const ownShare = c.itemLengths.length ? c.specificItems / c.itemLengths.length : 0;
    const short = medianLength > 0 && ownLength < medianLength * p.shortRatio;
    const few = medianCount > 0 && c.itemLengths.length < medianCount * p.fewRatio;
    const unspecific = medianShare - ownShare >= p.specificGap;
    if (!short && !few && !unspecific) continue;
    const parts: string[] = [];
    if (few) parts.push(`${c.itemLengths.length} evidence items against a median of ${medianCount} in the session`);
    if (short) parts.push(`items of ${Math.round(ownLength)} characters at the median against ${Math.round(medianLength)}`);
    if (unspecific) parts.push(`${Math.round(ownShare * 100)}% of outcomes specific against ${Math.round(medianShare * 100)}%`);
    findings.push({
      code: "parity",
      caseId: c.caseId,
      short,
      few,
      unspecific,
      message: `Compared with the other cases in the session: ${parts.join("; ")}.`,
      why: text.why,
      suggestion: text.suggestion,
      source: text.sources[0]?.cite ?? "",
    });
  }
  return findings;
}

/* ---------- Counts for the packet and the session board ---------- */

export type FindingStatus = "open" | "fixed" | "dismissed";

export interface WordingCounts {
  open: number;
  fixed: number;
  dismissed: number;
}

/** One line for the packet's "About this packet". */
export function wordingCountsLine(counts: WordingCounts, rulesVersion: string): string {
  const plural = (n: number, word: string) => `${n} ${word}`;
  return `Wording checks (rules version ${rulesVersion.slice(0, 12)}): ${plural(counts.open, "open")}, ${plural(counts.fixed, "fixed")}, ${plural(counts.dismissed, "dismissed")} finding${counts.open + counts.fixed + counts.dismissed === 1 ? "" : "s"}.`;
}
