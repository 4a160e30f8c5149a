// The product's vocabulary, shared by the pure domain code, the models, the UI and the packet.
// Nothing here imports a framework.

export const SCOPES = ["individual", "team", "several-teams", "organisation", "customers"] as const;
export type Scope = (typeof SCOPES)[number];
export const SCOPE_LABELS: Record<Scope, string> = {
  individual: "Individual",
  team: "Team",
  "several-teams": "Several teams",
  organisation: "Organisation",
  customers: "Customers at large",
};

export const EVIDENCE_KINDS = [
  "incident",
  "initiative",
  "improvement",
  "documentation",
  "mentoring",
  "hiring",
  "cross-team",
  "feedback",
  "other",
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  incident: "Customer escalation or incident",
  initiative: "Initiative or project",
  improvement: "Process or tooling improvement",
  documentation: "Documentation or knowledge",
  mentoring: "Mentoring or coaching",
  hiring: "Hiring or onboarding",
  "cross-team": "Cross-team work",
  feedback: "Feedback",
  other: "Other",
};

export const EVIDENCE_SOURCES = [
  "observed",
  "peer-feedback",
  "customer-feedback",
  "self-reported",
  "metric",
] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];
export const EVIDENCE_SOURCE_LABELS: Record<EvidenceSource, string> = {
  observed: "Observed by the manager",
  "peer-feedback": "Peer or stakeholder feedback",
  "customer-feedback": "Customer feedback",
  "self-reported": "Self-reported",
  metric: "Metric",
};

export const CASE_STATUSES = ["draft", "ready", "archived"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  draft: "Draft",
  ready: "Ready for calibration",
  archived: "Archived",
};

/* ---------- Ladders ---------- */

export interface LadderExpectation {
  /** Stable across edits of unrelated lines: derived from the section title and this line's text. */
  key: string;
  /** Plain text of the bullet (inline Markdown flattened). */
  text: string;
  /** 1-based line in the source document. */
  line: number;
  /** The bullet's bold lead-in ("Tenacity" in "**Tenacity**: ..."), shown as its short name. */
  shortName?: string;
  /** The group it belongs to inside its section: an H3 subsection or a parent bullet used as a label
   *  ("Management", "Within my group"); nested groups are joined with " › ". */
  group?: string;
  /** What good looks like, from a <details> block inside this bullet. Never expectations. */
  examples?: string[];
}

/** An example of what good looks like, from a <details><summary>Examples</summary> block. */
export interface LadderExample {
  text: string;
  line: number;
  /** The group (H3 subsection) it sits under, when it is not at the section's own level. */
  group?: string;
}

export interface LadderSection {
  key: string;
  title: string;
  /** Paragraph text before the bullets, if any ("What success looks like" has one). */
  intro: string | null;
  expectations: LadderExpectation[];
  line: number;
  /** Examples written under the section (or one of its groups), shown beside its expectations. */
  examples?: LadderExample[];
}

/** A level's attribute, written as "**Thinking horizon**: 1 year" before the first section or as an
 *  aside ("*Experience: typically 2 years*"). */
export interface LadderAttribute {
  name: string;
  value: string;
  line: number;
}

/** Thresholds a ladder document may override in its front matter. */
export interface GapRules {
  /** Fewer distinct items than this is `thin`. */
  minItems: number;
  /** No item dated within this many months before the as-of date is `stale`. */
  staleMonths: number;
  /** The narrowest scope that counts as reaching the level; narrower is `below-scope`. */
  minScope: Scope;
  /** One item cited for more than this many expectations is `overstretched`. */
  maxExpectationsPerItem: number;
}

export interface Ladder {
  /** The level's number, for ordering and the default rules; 0 when neither the document nor the
   *  operator states one. Decimal levels ("L1.0", "L2.5") keep their value. */
  level: number;
  /** The level as the document writes it ("L5", "L1.0", "Level 3", "IC4"); absent on documents
   *  stored before it existed, and empty when there is no level number. */
  levelLabel?: string;
  title: string;
  summary: string;
  sections: LadderSection[];
  /** Overrides read from the document's front matter; the defaults fill the rest. */
  rules: Partial<GapRules>;
  /** The track (Support, Engineering...): the document's sub-folder of content/, or `track:`. */
  track?: string;
  /** The level's attributes (thinking horizon, impact radius, evaluation...). */
  attributes?: LadderAttribute[];
  /** The reach the level states in an attribute ("Impact radius: Group"); the below-scope rule uses
   *  it instead of the default by level, unless the front matter sets `rules.minScope`. */
  reach?: Scope;
  /** Set when the document only points to another level ("equivalent to [Junior Engineer](...)"):
   *  the target as the link names it. Its sections are the target's once loaded. */
  aliasOf?: { title: string; href: string | null; slug?: string };
}

export interface LadderProblem {
  line: number;
  message: string;
}

/** Something the parser saw and did not use (a table, prose after the bullets, an empty bullet),
 *  reported by `ladder check` so nothing is dropped silently. */
export type LadderNote = LadderProblem;

export type LadderParseResult =
  | { ok: true; ladder: Ladder; notes: LadderNote[] }
  | { ok: false; problems: LadderProblem[]; notes?: LadderNote[] };

/* ---------- Evidence as the analysis and the packet see it ---------- */

export interface Voucher {
  name: string;
  role: string;
}

/** What a person asked to vouch was shown of the item, copied when the request was made. */
export interface VouchShown {
  title?: string;
  whatHappened?: string;
  outcome?: string;
}

export const VOUCH_ANSWERS = ["confirmed", "corrected", "declined"] as const;
export type VouchAnswer = (typeof VOUCH_ANSWERS)[number];

export interface EvidenceSupport {
  expectationKey: string;
  rationale: string;
}

export interface EvidenceRecord {
  id: string;
  /** Human reference within the case, such as "E-07". */
  ref: string;
  title: string;
  whatHappened: string;
  outcome: string;
  metric: string | null;
  /** ISO dates, YYYY-MM-DD. dateEnd is null for a single day. */
  dateStart: string;
  dateEnd: string | null;
  kind: EvidenceKind;
  scope: Scope;
  source: EvidenceSource;
  links: string[];
  vouchers: Voucher[];
  supports: EvidenceSupport[];
  /** People who confirmed the item, where confirmations are recorded; absent when the case has none. */
  confirmations?: EvidenceConfirmation[];
}

/** A person's confirmation of an item, in their own words where they corrected it. */
export interface EvidenceConfirmation {
  name: string;
  /** How they know the work: "Director of Support", "customer". */
  relation: string;
  /** YYYY-MM-DD, the day they answered. */
  date: string;
  /** Their own words on the candidate's part or the outcome, where they corrected it. */
  correction?: { part: string | null; outcome: string | null } | null;
  /** The manager took the correction into the item's own text. */
  correctionAccepted?: boolean;
}

export interface ExpectationMark {
  expectationKey: string;
  /** Non-null when the manager marked the expectation not applicable; the reason is required. */
  notApplicableReason: string | null;
  gapNote: string | null;
}

/* ---------- Gap analysis ---------- */

export const EXPECTATION_STATUSES = ["strong", "weak", "missing", "not-applicable"] as const;
export type ExpectationStatus = (typeof EXPECTATION_STATUSES)[number];
export const EXPECTATION_STATUS_LABELS: Record<ExpectationStatus, string> = {
  strong: "Strong",
  weak: "Weak",
  missing: "Missing",
  "not-applicable": "Not applicable",
};

export const GAP_CODES = [
  "missing",
  "thin",
  "stale",
  "unverified",
  "self-reported-only",
  "below-scope",
] as const;
export type GapCode = (typeof GAP_CODES)[number];
/** Short names of the flags, as the grid, the packet and the CLI show them. */
export const GAP_CODE_LABELS: Record<GapCode, string> = {
  missing: "No evidence",
  thin: "Thin",
  stale: "Stale",
  unverified: "Unverified",
  "self-reported-only": "Self-reported only",
  "below-scope": "Below expected reach",
};

export interface GapReason {
  code: GapCode;
  /** What is wrong, in a manager's words. */
  message: string;
  /** What would clear it. */
  remedy: string;
}

export interface ExpectationAnalysis {
  key: string;
  sectionKey: string;
  text: string;
  /** The expectation's short name and group in its ladder, when it has them. */
  shortName?: string;
  group?: string;
  status: ExpectationStatus;
  reasons: GapReason[];
  /** Evidence ids supporting this expectation, in evidence date order (newest first). */
  evidenceIds: string[];
  notApplicableReason: string | null;
  gapNote: string | null;
}

export interface StatusCounts {
  total: number;
  strong: number;
  weak: number;
  missing: number;
  notApplicable: number;
}

export interface SectionAnalysis {
  key: string;
  title: string;
  counts: StatusCounts;
  expectations: ExpectationAnalysis[];
}

export interface ItemWarning {
  code: "overstretched";
  evidenceId: string;
  message: string;
  remedy: string;
}

export interface NextStep {
  expectationKey: string;
  sectionKey: string;
  text: string;
  /** Higher comes first. */
  priority: number;
  action: string;
}

export interface CaseAnalysis {
  asOf: string;
  rules: GapRules;
  sections: SectionAnalysis[];
  counts: StatusCounts;
  /** "14 of 24 strong, 6 weak, 4 missing" */
  summary: string;
  itemWarnings: ItemWarning[];
  nextSteps: NextStep[];
}

/* ---------- The packet ---------- */

export interface PacketInput {
  candidateName: string;
  currentTitle: string;
  ladder: Ladder;
  /** Content hash of the ladder version the case is pinned to. */
  ladderVersion: string;
  managerName: string;
  calibrationDate: string | null;
  /** ISO timestamp of generation. */
  generatedAt: string;
  generatedBy: string;
  recommendation: string;
  summary: string;
  evidence: EvidenceRecord[];
  analysis: CaseAnalysis;
  /** IANA time zone of the case; the packet prints times in it and in UTC. UTC when absent. */
  timeZone?: string;
  /** When the ladder version the case is pinned to was first loaded (ISO timestamp). */
  ladderVersionDate?: string | null;
  /** Confirmations of items by the people who saw the work, when the case has any to count. */
  confirmationCounts?: { confirmedItems: number; confirmations: number } | null;
  /** Wording-check findings, when the case has been checked. */
  wordingCounts?: { open: number; fixed: number; dismissed: number } | null;
  /** Calibration committees' decisions on this case, oldest first; absent when there are none, so
   *  that the fingerprints of packets made before any decision stay as they were. */
  committeeDecisions?: PacketCommitteeDecision[];
}

export interface PacketCommitteeDecision {
  sessionName: string;
  meetingDate: string;
  /** In words: "Promote", "Not yet", "Defer". */
  decision: string;
  rationale: string;
  decidedBy: string;
  decidedAt: string;
}
