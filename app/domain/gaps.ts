// Gap analysis: which ladder expectations a case supports well, weakly or not at all.
// Pure and framework-free so the same code runs on the server, in the browser and in the packet.
// Dates are YYYY-MM-DD calendar dates compared as strings; no Date object, so no time zone can shift a result.

import {
  SCOPES,
  SCOPE_LABELS,
  type CaseAnalysis,
  type EvidenceRecord,
  type ExpectationAnalysis,
  type ExpectationMark,
  type GapCode,
  type GapReason,
  type GapRules,
  type ItemWarning,
  type Ladder,
  type NextStep,
  type Scope,
  type SectionAnalysis,
  type StatusCounts,
} from "./types";
import { daysInMonth } from "./dates";

/* ---------- Rules and their defaults ---------- */

/** Level-agnostic defaults; `defaultRulesForLevel` sets the scope a level expects. */
export const DEFAULT_RULES: GapRules = Object.freeze({
  minItems: 2,
  staleMonths: 12,
  minScope: "individual",
  maxExpectationsPerItem: 4,
});

export function defaultRulesForLevel(level: number): GapRules {
  let minScope: Scope = "individual";
  if (level >= 4) minScope = "several-teams";
  else if (level >= 2) minScope = "team";
  return { ...DEFAULT_RULES, minScope };
}

/** The ladder's front-matter overrides over the reach its attributes state, over the level defaults;
 *  malformed overrides fall back to the default. */
export function resolveRules(ladder: Ladder): GapRules {
  const rules = defaultRulesForLevel(ladder.level);
  if (ladder.reach && scopeRank(ladder.reach) >= 0) rules.minScope = ladder.reach;
  const o = ladder.rules;
  if (isCount(o.minItems)) rules.minItems = o.minItems;
  if (isCount(o.staleMonths)) rules.staleMonths = o.staleMonths;
  if (isCount(o.maxExpectationsPerItem)) rules.maxExpectationsPerItem = o.maxExpectationsPerItem;
  if (o.minScope !== undefined && scopeRank(o.minScope) >= 0) rules.minScope = o.minScope;
  return rules;
}

function isCount(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= 0;
}

/* ---------- Calendar dates ---------- */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(s: string): { y: number; m: number; d: number } | null {
  const match = ISO_DATE.exec(s);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/**
 * First day that still counts as recent: `asOf` minus `months` calendar months,
 * clamped to the end of a shorter month (2026-03-31 minus 1 month is 2026-02-28).
 */
export function staleWindowStart(asOf: string, months: number): string {
  const date = parseDate(asOf);
  if (!date) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(asOf)}`);
  const index = date.y * 12 + (date.m - 1) - months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const d = Math.min(date.d, daysInMonth(y, m));
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** The date an item is judged by: the end of a range, or its only day. */
function effectiveDate(item: EvidenceRecord): string {
  return item.dateEnd ?? item.dateStart;
}

/* ---------- One function per rule ---------- */

/**
 * Every rule takes the same arguments so callers can run them uniformly.
 * Rules other than `ruleMissing` return null for no evidence: "missing" already says everything.
 */
export type GapRule = (evidence: readonly EvidenceRecord[], rules: GapRules, asOf: string) => GapReason | null;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function scopeRank(scope: Scope): number {
  return (SCOPES as readonly string[]).indexOf(scope);
}

function scopeName(scope: Scope): string {
  return SCOPE_LABELS[scope].toLowerCase();
}

export function ruleMissing(evidence: readonly EvidenceRecord[]): GapReason | null {
  if (evidence.length > 0) return null;
  return {
    code: "missing",
    message: "No evidence yet.",
    remedy: "Add an example of the candidate doing this.",
  };
}

export function ruleThin(evidence: readonly EvidenceRecord[], rules: GapRules): GapReason | null {
  if (evidence.length === 0) return null;
  // Distinct ids: the same item cited twice is still one example.
  const distinct = new Set(evidence.map((e) => e.id)).size;
  if (distinct >= rules.minItems) return null;
  return {
    code: "thin",
    message: `Only ${plural(distinct, "piece", "pieces")} of evidence; the committee will look for at least ${rules.minItems}.`,
    remedy:
      rules.minItems - distinct === 1
        ? "Add another example from a different piece of work."
        : `Add ${rules.minItems - distinct} more examples from different pieces of work.`,
  };
}

export function ruleStale(evidence: readonly EvidenceRecord[], rules: GapRules, asOf: string): GapReason | null {
  if (evidence.length === 0) return null;
  const windowStart = staleWindowStart(asOf, rules.staleMonths);
  let latest: string | null = null;
  for (const item of evidence) {
    const date = effectiveDate(item);
    // Later-than-asOf dates count as recent; unparseable ones can't show recency.
    // Compare first so the validity check runs only on candidates.
    if (date >= windowStart) {
      if (parseDate(date)) return null;
    } else if ((latest === null || date > latest) && parseDate(date)) {
      latest = date;
    }
  }
  const period = `the last ${plural(rules.staleMonths, "month", "months")}`;
  return {
    code: "stale",
    message:
      latest === null
        ? `None of the evidence has a usable date; the committee looks for something from ${period}.`
        : `The most recent evidence is from ${latest}; the committee looks for something from ${period}.`,
    remedy: `Add an example dated on or after ${windowStart}.`,
  };
}

/** An item is verified by a link to something the committee can open, or by a person who saw it
 *  confirming it. A name alone is a claim that someone could vouch, not that they did. */
export function isVerified(item: EvidenceRecord): boolean {
  return item.links.some((l) => l.trim() !== "") || (item.confirmations?.length ?? 0) > 0;
}

export function ruleUnverified(evidence: readonly EvidenceRecord[]): GapReason | null {
  if (evidence.length === 0) return null;
  if (evidence.some(isVerified)) return null;
  const named = evidence.some((e) => e.vouchers.some((v) => v.name.trim() !== ""));
  return {
    code: "unverified",
    message: named
      ? "Nothing here has a link, and nobody named has confirmed it yet."
      : "Nothing here has a link or a confirmation from someone who saw it.",
    remedy: named
      ? "Ask a person who can vouch to confirm an example, or add a link (ticket, document, dashboard)."
      : "Add a link (ticket, document, dashboard), or name someone who saw it and ask them to confirm it.",
  };
}

export function ruleSelfReportedOnly(evidence: readonly EvidenceRecord[]): GapReason | null {
  if (evidence.length === 0) return null;
  if (evidence.some((e) => e.source !== "self-reported")) return null;
  return {
    code: "self-reported-only",
    message: "All of the evidence is self-reported.",
    remedy: "Add something you observed yourself, feedback from a peer or customer, or a metric.",
  };
}

export function ruleBelowScope(evidence: readonly EvidenceRecord[], rules: GapRules): GapReason | null {
  if (evidence.length === 0) return null;
  const needed = scopeRank(rules.minScope);
  let widest = -1;
  for (const e of evidence) widest = Math.max(widest, scopeRank(e.scope));
  if (widest >= needed) return null;
  const widestScope = SCOPES[widest];
  return {
    code: "below-scope",
    message: widestScope
      ? `The widest reach shown is ${scopeName(widestScope)}; this level expects ${scopeName(rules.minScope)} or wider.`
      : `None of the evidence shows its reach; this level expects ${scopeName(rules.minScope)} or wider.`,
    remedy: `Add an example whose reach is ${scopeName(rules.minScope)} or wider.`,
  };
}

/** Most important first; an expectation's reasons and its next step follow this order. */
export const RULES_BY_IMPORTANCE: readonly { code: GapCode; rule: GapRule }[] = [
  { code: "missing", rule: ruleMissing },
  { code: "below-scope", rule: ruleBelowScope },
  { code: "thin", rule: ruleThin },
  { code: "unverified", rule: ruleUnverified },
  { code: "self-reported-only", rule: ruleSelfReportedOnly },
  { code: "stale", rule: ruleStale },
];

/** Reasons for one expectation, most important first; just "missing" when there is no evidence. */
export function gapReasons(evidence: readonly EvidenceRecord[], rules: GapRules, asOf: string): GapReason[] {
  const reasons: GapReason[] = [];
  for (const { rule } of RULES_BY_IMPORTANCE) {
    const reason = rule(evidence, rules, asOf);
    if (reason) reasons.push(reason);
  }
  return reasons;
}

export const gapExplanations: Record<GapCode, string> = {
  missing: "No evidence has been linked to this expectation yet.",
  thin: "There are fewer separate examples than the committee expects, so this could read as a one-off.",
  stale: "None of the examples is recent, so the committee can't tell whether this still holds.",
  unverified: "No example has a link or a confirmation from someone who saw it, so it rests on your word alone.",
  "self-reported-only": "Every example comes from the candidate's own account; the committee weighs what others saw or measured more.",
  "below-scope": "None of the examples reaches as far as this level expects.",
};

/* ---------- Item warnings ---------- */

/**
 * Items cited for more than `maxExpectationsPerItem` distinct expectations, in evidence order.
 * Pass `knownKeys` to ignore citations of keys the ladder doesn't have.
 */
export function overstretchedItems(
  evidence: readonly EvidenceRecord[],
  rules: GapRules,
  knownKeys?: ReadonlySet<string>,
): ItemWarning[] {
  const warnings: ItemWarning[] = [];
  for (const item of evidence) {
    const keys = new Set<string>();
    for (const s of item.supports) if (!knownKeys || knownKeys.has(s.expectationKey)) keys.add(s.expectationKey);
    if (keys.size <= rules.maxExpectationsPerItem) continue;
    warnings.push({
      code: "overstretched",
      evidenceId: item.id,
      message: `${item.ref} is cited for ${keys.size} expectations; the committee may see one example stretched too far.`,
      remedy: `Keep it for the ${plural(rules.maxExpectationsPerItem, "expectation", "expectations")} it shows best and find other examples for the rest.`,
    });
  }
  return warnings;
}

/* ---------- The whole case ---------- */

export interface AnalyseCaseInput {
  ladder: Ladder;
  evidence: EvidenceRecord[];
  marks: ExpectationMark[];
  asOf: string;
}

function refNumber(ref: string): number {
  const n = Number(/\d+/.exec(ref)?.[0]);
  return Number.isFinite(n) ? n : 0;
}

function newestFirst(a: EvidenceRecord, b: EvidenceRecord): number {
  const da = effectiveDate(a);
  const db = effectiveDate(b);
  if (da !== db) return da > db ? -1 : 1;
  // The same date: by reference, as numbers (E-99 before E-100).
  const na = refNumber(a.ref);
  const nb = refNumber(b.ref);
  if (na !== nb) return na - nb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function emptyCounts(): StatusCounts {
  return { total: 0, strong: 0, weak: 0, missing: 0, notApplicable: 0 };
}

function count(counts: StatusCounts, a: ExpectationAnalysis): void {
  counts.total++;
  if (a.status === "not-applicable") counts.notApplicable++;
  else counts[a.status]++;
}

export function summarise(counts: StatusCounts): string {
  const base = `${counts.strong} of ${counts.total} strong, ${counts.weak} weak, ${counts.missing} missing`;
  return counts.notApplicable > 0 ? `${base}, ${counts.notApplicable} not applicable` : base;
}

export function analyseCase(input: AnalyseCaseInput): CaseAnalysis {
  const { ladder, evidence, marks, asOf } = input;
  const rules = resolveRules(ladder);
  staleWindowStart(asOf, rules.staleMonths); // fail fast on a bad as-of date, even with no evidence

  const knownKeys = new Set<string>();
  for (const section of ladder.sections) for (const e of section.expectations) knownKeys.add(e.key);

  // Index once, in newest-first order, so each expectation's list is already sorted and de-duplicated.
  const byKey = new Map<string, EvidenceRecord[]>();
  const seen = new Map<string, Set<string>>();
  for (const item of [...evidence].sort(newestFirst)) {
    for (const { expectationKey: key } of item.supports) {
      if (!knownKeys.has(key)) continue;
      let ids = seen.get(key);
      if (!ids) seen.set(key, (ids = new Set()));
      if (ids.has(item.id)) continue;
      ids.add(item.id);
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push(item);
    }
  }

  const markByKey = new Map<string, ExpectationMark>();
  for (const m of marks) markByKey.set(m.expectationKey, m);

  const counts = emptyCounts();
  const open: { analysis: ExpectationAnalysis; order: number }[] = [];
  let order = 0;
  const sections: SectionAnalysis[] = ladder.sections.map((section) => {
    const sectionCounts = emptyCounts();
    const expectations = section.expectations.map((exp): ExpectationAnalysis => {
      const items = byKey.get(exp.key) ?? [];
      const mark = markByKey.get(exp.key);
      const notApplicableReason = mark?.notApplicableReason ?? null;
      const reasons = notApplicableReason !== null ? [] : gapReasons(items, rules, asOf);
      const analysis: ExpectationAnalysis = {
        key: exp.key,
        sectionKey: section.key,
        text: exp.text,
        ...(exp.shortName ? { shortName: exp.shortName } : {}),
        ...(exp.group ? { group: exp.group } : {}),
        status:
          notApplicableReason !== null
            ? "not-applicable"
            : items.length === 0
              ? "missing"
              : reasons.length > 0
                ? "weak"
                : "strong",
        reasons,
        evidenceIds: items.map((e) => e.id),
        notApplicableReason,
        gapNote: mark?.gapNote ?? null,
      };
      count(sectionCounts, analysis);
      count(counts, analysis);
      if (analysis.status === "missing" || analysis.status === "weak") open.push({ analysis, order });
      order++;
      return analysis;
    });
    return { key: section.key, title: section.title, counts: sectionCounts, expectations };
  });

  // Missing first, then weak with more reasons, then ladder order.
  open.sort((a, b) => {
    const ma = a.analysis.status === "missing" ? 0 : 1;
    const mb = b.analysis.status === "missing" ? 0 : 1;
    if (ma !== mb) return ma - mb;
    const byReasons = b.analysis.reasons.length - a.analysis.reasons.length;
    return byReasons !== 0 ? byReasons : a.order - b.order;
  });
  const nextSteps: NextStep[] = open.map(({ analysis }, i) => ({
    expectationKey: analysis.key,
    sectionKey: analysis.sectionKey,
    text: analysis.text,
    priority: open.length - i,
    // Reasons are already in importance order.
    action: analysis.reasons[0]?.remedy ?? "",
  }));

  return {
    asOf,
    rules,
    sections,
    counts,
    summary: summarise(counts),
    itemWarnings: overstretchedItems(evidence, rules, knownKeys),
    nextSteps,
  };
}
