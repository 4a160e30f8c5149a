// The calibration committee's rules: votes, their visibility, decisions, the lock, what changed
// since a case was submitted, and which cases can be compared. Pure: the models and routes apply them.
import { canonicalJson } from "./canonical-json";
import type { CaseAnalysis, EvidenceRecord, ExpectationStatus, GapCode, Ladder, StatusCounts } from "./types";

export const VOTE_CHOICES = ["support", "not-yet", "more-evidence"] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export const VOTE_LABELS: Record<VoteChoice, string> = {
  support: "Support",
  "not-yet": "Not yet",
  "more-evidence": "Needs more evidence",
};

export const COMMITTEE_DECISIONS = ["promote", "not-yet", "defer"] as const;
export type CommitteeDecision = (typeof COMMITTEE_DECISIONS)[number];
export const DECISION_LABELS: Record<CommitteeDecision, string> = {
  promote: "Promote",
  "not-yet": "Not yet",
  defer: "Defer",
};

/** A decision other than Promote must say why: the manager and the candidate will ask. */
export function rationaleRequired(decision: CommitteeDecision): boolean {
  return decision !== "promote";
}

export const SUBMISSION_STATUSES = ["submitted", "in-review", "more-evidence", "decided"] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, string> = {
  submitted: "Submitted",
  "in-review": "In review",
  "more-evidence": "More evidence asked",
  decided: "Decided",
};

/** The chair's request to the manager: which expectations need more, and why. */
export interface EvidenceRequest {
  expectationKeys: string[];
  note: string;
  byName: string;
  at: string;
  /** The round it was asked in; a resubmission starts the next round and closes the request. */
  round: number;
}

export const LOCKED_MESSAGE =
  "This session is locked: its decisions are final, and nothing in it (votes, decisions, submissions) can change.";

export function submissionStatus(s: {
  decision: CommitteeDecision | null;
  evidenceRequest: EvidenceRequest | null;
  votesThisRound: number;
}): SubmissionStatus {
  if (s.decision) return "decided";
  if (s.evidenceRequest) return "more-evidence";
  return s.votesThisRound > 0 ? "in-review" : "submitted";
}

export interface Tally {
  support: number;
  notYet: number;
  moreEvidence: number;
  total: number;
}

export function tally(votes: readonly { vote: VoteChoice }[]): Tally {
  const t: Tally = { support: 0, notYet: 0, moreEvidence: 0, total: 0 };
  for (const v of votes) {
    if (v.vote === "support") t.support++;
    else if (v.vote === "not-yet") t.notYet++;
    else t.moreEvidence++;
    t.total++;
  }
  return t;
}

export function tallyInWords(t: Tally): string {
  if (t.total === 0) return "No votes";
  return `${t.support} support, ${t.notYet} not yet, ${t.moreEvidence} need more evidence`;
}

/** The candidate's manager and co-owners have a conflict of interest on that case. */
export function hasConflict(viewerId: string, caseManagers: readonly string[]): boolean {
  return caseManagers.includes(viewerId);
}

/** Who may see the individual votes on a case: never someone with a conflict; otherwise a member
 *  who has voted in this round, or anyone once the chair has revealed the votes. */
export function maySeeVotes(v: { conflicted: boolean; votedThisRound: boolean; revealed: boolean }): boolean {
  if (v.conflicted) return false;
  return v.revealed || v.votedThisRound;
}

/** The chair locks a session once every case in it has a decision (and there is at least one). */
export function lockProblem(decisions: readonly (CommitteeDecision | null)[]): string | null {
  if (decisions.length === 0) return "There is no case in this session to decide.";
  const open = decisions.filter((d) => !d).length;
  if (open > 0) return `${open} ${open === 1 ? "case has" : "cases have"} no decision yet: decide every case before locking.`;
  return null;
}

/* ---------- Changed since submission ---------- */

export interface ItemChange {
  id: string;
  ref: string;
  title: string;
}

export interface SubmissionChanges {
  added: ItemChange[];
  edited: ItemChange[];
  removed: ItemChange[];
  /** Case fields the packet shows that differ: "Recommendation", "Summary", "Notes on expectations". */
  details: string[];
}

export interface CaseContent {
  recommendation: string;
  summary: string;
  evidence: readonly EvidenceRecord[];
  analysis: Pick<CaseAnalysis, "sections">;
}

function notesOf(analysis: Pick<CaseAnalysis, "sections">): string {
  return canonicalJson(
    analysis.sections.flatMap((s) =>
      s.expectations
        .filter((e) => e.notApplicableReason || e.gapNote)
        .map((e) => [e.key, e.notApplicableReason, e.gapNote]),
    ),
  );
}

/** What differs between the case as submitted and as it is now: items added, edited (any field or
 *  expectation link) or removed, and the packet's other manager-written parts. */
export function changesSinceSubmission(submitted: CaseContent, now: CaseContent): SubmissionChanges {
  const before = new Map(submitted.evidence.map((e) => [e.id, e]));
  const after = new Map(now.evidence.map((e) => [e.id, e]));
  const item = (e: EvidenceRecord): ItemChange => ({ id: e.id, ref: e.ref, title: e.title });
  const added = now.evidence.filter((e) => !before.has(e.id)).map(item);
  const removed = submitted.evidence.filter((e) => !after.has(e.id)).map(item);
  const edited = now.evidence
    .filter((e) => {
      const old = before.get(e.id);
      return old !== undefined && canonicalJson(old) !== canonicalJson(e);
    })
    .map(item);
  const details: string[] = [];
  if (submitted.recommendation !== now.recommendation) details.push("Recommendation");
  if (submitted.summary !== now.summary) details.push("Summary");
  if (notesOf(submitted.analysis) !== notesOf(now.analysis)) details.push("Notes on expectations");
  return { added, edited, removed, details };
}

export function hasChanges(c: SubmissionChanges): boolean {
  return c.added.length + c.edited.length + c.removed.length + c.details.length > 0;
}

/* ---------- Side by side ---------- */

export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;

export interface CompareCase {
  id: string;
  candidateName: string;
  ladder: Ladder;
  evidence: readonly EvidenceRecord[];
  analysis: Pick<CaseAnalysis, "sections">;
}

export interface CompareCell {
  status: ExpectationStatus | "absent";
  items: number;
  /** The strongest item: the newest of those of the widest reach. */
  strongest: { id: string; ref: string; title: string; date: string } | null;
  flags: GapCode[];
}

export interface CompareRow {
  key: string;
  sectionTitle: string;
  text: string;
  cells: CompareCell[];
}

export type CompareResult =
  | { ok: true; level: number; ladderTitle: string; rows: CompareRow[] }
  | { ok: false; message: string };

const SCOPE_RANK = ["individual", "team", "several-teams", "organisation", "customers"];

function strongestOf(items: readonly EvidenceRecord[]): EvidenceRecord | null {
  let best: EvidenceRecord | null = null;
  for (const item of items) {
    if (!best) {
      best = item;
      continue;
    }
    const rank = SCOPE_RANK.indexOf(item.scope) - SCOPE_RANK.indexOf(best.scope);
    const date = (item.dateEnd ?? item.dateStart).localeCompare(best.dateEnd ?? best.dateStart);
    if (rank > 0 || (rank === 0 && date > 0)) best = item;
  }
  return best;
}

/** Rows are the level's expectations in ladder order; one cell per case. Only cases of one level
 *  and one ladder can be compared: their expectations are not the same otherwise. */
export function compareCases(list: readonly CompareCase[]): CompareResult {
  if (list.length < COMPARE_MIN || list.length > COMPARE_MAX) {
    return { ok: false, message: `Choose between ${COMPARE_MIN} and ${COMPARE_MAX} cases to compare.` };
  }
  const first = list[0]!;
  const levels = new Set(list.map((c) => c.ladder.level));
  if (levels.size > 1) {
    return {
      ok: false,
      message: `These cases are for different levels (${[...levels].sort().map((l) => `L${l}`).join(", ")}), so their expectations differ: compare cases of one level.`,
    };
  }
  const titles = new Set(list.map((c) => c.ladder.title));
  if (titles.size > 1) {
    return { ok: false, message: `These cases are for different ladders (${[...titles].join(", ")}): compare cases of one ladder.` };
  }
  const analysed = list.map((c) => {
    const byKey = new Map(c.analysis.sections.flatMap((s) => s.expectations.map((e) => [e.key, e] as const)));
    const byId = new Map(c.evidence.map((e) => [e.id, e]));
    return { byKey, byId };
  });
  const rows: CompareRow[] = [];
  const seen = new Set<string>();
  // The first case's ladder sets the order; a key only a later case's ladder version has comes after.
  for (const c of list) {
    for (const section of c.ladder.sections) {
      for (const expectation of section.expectations) {
        if (seen.has(expectation.key)) continue;
        seen.add(expectation.key);
        rows.push({
          key: expectation.key,
          sectionTitle: section.title,
          text: expectation.text,
          cells: analysed.map(({ byKey, byId }): CompareCell => {
            const e = byKey.get(expectation.key);
            if (!e) return { status: "absent", items: 0, strongest: null, flags: [] };
            const items = e.evidenceIds.flatMap((id) => byId.get(id) ?? []);
            const best = strongestOf(items);
            return {
              status: e.status,
              items: items.length,
              strongest: best ? { id: best.id, ref: best.ref, title: best.title, date: best.dateEnd ?? best.dateStart } : null,
              flags: e.reasons.map((r) => r.code),
            };
          }),
        });
      }
    }
  }
  return { ok: true, level: first.ladder.level, ladderTitle: first.ladder.title, rows };
}

export function countsText(c: StatusCounts): string {
  return `${c.strong} strong, ${c.weak} weak, ${c.missing} missing`;
}

/* ---------- The outcome ---------- */

/** What the session's outcome document shows: plain data, so that the builder has no database. */
export interface OutcomeInput {
  sessionName: string;
  meetingDate: string;
  levels: number[];
  chairName: string;
  members: string[];
  lockedAt: string | null;
  generatedAt: string;
  cases: Array<{
    candidateName: string;
    currentTitle: string;
    managerName: string;
    level: number;
    readiness: string;
    fingerprint: string;
    decision: CommitteeDecision | null;
    rationale: string | null;
    /** Null for a reader who manages the case (a conflict of interest). */
    tally: Tally | null;
    /** Only when the chair chose to include individual votes. */
    votes?: Array<{ voterName: string; vote: VoteChoice; note: string }>;
  }>;
}
