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
}

export interface LadderSection {
  key: string;
  title: string;
  /** Paragraph text before the bullets, if any ("What success looks like" has one). */
  intro: string | null;
  expectations: LadderExpectation[];
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
  level: number;
  title: string;
  summary: string;
  sections: LadderSection[];
  /** Overrides read from the document's front matter; the defaults fill the rest. */
  rules: Partial<GapRules>;
}

export interface LadderProblem {
  line: number;
  message: string;
}

export type LadderParseResult =
  | { ok: true; ladder: Ladder }
  | { ok: false; problems: LadderProblem[] };

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

/** A person's confirmation of an item, in their own words where they corrected it. */
export interface EvidenceConfirmation {
  name: string;
  relation: string;
  /** YYYY-MM-DD, the day they answered. */
  date: string;
  correction: { part: string | null; outcome: string | null } | null;
  /** The manager took the correction into the item's own text. */
  correctionAccepted: boolean;
}

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
  /** Confirmations from people who saw it; absent where nobody was asked (imports, fixtures). */
  confirmations?: EvidenceConfirmation[];
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
}
