// The product's words, in one place: the name of every field a person sees, and the label of every
// stored value. Pages, history, the CLI and the packet all read them from here, so that "Reach" is
// "Reach" everywhere (never "Scope") and a stored code such as `several-teams` never reaches a screen.
import {
  CASE_STATUS_LABELS,
  EVIDENCE_KIND_LABELS,
  EVIDENCE_SOURCE_LABELS,
  SCOPE_LABELS,
  type EvidenceRecord,
} from "./types";
import { formatDate, formatDateRange } from "./dates";

/** The short name of each field, as a column header, a history line or a packet fact shows it. */
export const FIELD_LABELS = {
  candidateName: "Candidate",
  currentTitle: "Current title",
  calibrationDate: "Calibration date",
  status: "Status",
  recommendation: "Recommendation",
  summary: "Summary",
  ref: "Evidence",
  title: "Title",
  whatHappened: "What happened",
  outcome: "Outcome",
  metric: "Metric",
  dateStart: "Date",
  dateEnd: "End date",
  when: "When",
  kind: "Kind",
  scope: "Reach",
  source: "Source",
  links: "Links",
  vouchers: "Who can vouch",
  supports: "Expectations",
  expectationKey: "Expectation",
  rationale: "Why it shows this",
  notApplicableReason: "Not applicable because",
  gapNote: "Gap note",
  name: "Name",
  email: "Email",
  readiness: "Readiness",
  fingerprint: "Fingerprint",
  fileName: "File",
  code: "Wording check",
  match: "Words",
  field: "Field",
  reason: "Reason",
  relation: "Relation",
  shows: "Shown to them",
  correctionPart: "Their words on the candidate's part",
  correctionOutcome: "Their words on the outcome",
  comment: "Comment",
} as const;

export type FieldName = keyof typeof FIELD_LABELS;

export function fieldLabel(field: string): string {
  return Object.hasOwn(FIELD_LABELS, field) ? FIELD_LABELS[field as FieldName] : field;
}

const VALUE_LABELS: Record<string, Record<string, string>> = {
  kind: EVIDENCE_KIND_LABELS,
  scope: SCOPE_LABELS,
  source: EVIDENCE_SOURCE_LABELS,
  status: CASE_STATUS_LABELS,
};

const DATE_FIELDS = new Set(["dateStart", "dateEnd", "calibrationDate"]);

/** A stored value as a person reads it: a label for a code, a display date for an ISO date. */
export function valueLabel(field: string, value: string): string {
  const labels = VALUE_LABELS[field];
  if (labels && Object.hasOwn(labels, value)) return labels[value]!;
  if (DATE_FIELDS.has(field)) return formatDate(value);
  return value;
}

/** An item's facts with their names: "When", "Kind", "Reach", "Source". */
export function evidenceFacts(item: Pick<EvidenceRecord, "dateStart" | "dateEnd" | "kind" | "scope" | "source">) {
  return [
    { label: FIELD_LABELS.when, value: formatDateRange(item.dateStart, item.dateEnd) },
    { label: FIELD_LABELS.kind, value: EVIDENCE_KIND_LABELS[item.kind] ?? item.kind },
    { label: FIELD_LABELS.scope, value: SCOPE_LABELS[item.scope] ?? item.scope },
    { label: FIELD_LABELS.source, value: EVIDENCE_SOURCE_LABELS[item.source] ?? item.source },
  ];
}
