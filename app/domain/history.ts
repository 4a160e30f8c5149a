// Turns an audit event's before/after snapshots into lines a person can read.

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

const FIELD_LABELS: Record<string, string> = {
  candidateName: "Candidate",
  currentTitle: "Current title",
  calibrationDate: "Calibration date",
  summary: "Summary",
  recommendation: "Recommendation",
  status: "Status",
  title: "Title",
  whatHappened: "What happened",
  outcome: "Outcome",
  metric: "Metric",
  dateStart: "Date",
  dateEnd: "End date",
  kind: "Kind",
  scope: "Scope",
  source: "Source",
  links: "Links",
  vouchers: "Who can vouch",
  supports: "Expectations",
  rationale: "Rationale",
  expectationKey: "Expectation",
  notApplicableReason: "Not applicable because",
  gapNote: "Gap note",
  ref: "Evidence",
  name: "Name",
  email: "Email",
  relation: "Relation",
  shows: "Shown to them",
  answer: "Answer",
  correctionPart: "Their words on the candidate's part",
  correctionOutcome: "Their words on the outcome",
  comment: "Comment",
  reason: "Reason",
};

type KeyText = (key: string) => string;

function show(value: unknown, keyText: KeyText): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    return value
      .map((v) => {
        if (v && typeof v === "object") {
          const o = v as Record<string, unknown>;
          if ("name" in o && "role" in o) return `${String(o.name)} (${String(o.role)})`;
          if ("expectationKey" in o) return `${keyText(String(o.expectationKey))}: ${String(o.rationale ?? "")}`;
        }
        return show(v, keyText) ?? "";
      })
      .join("; ");
  }
  return JSON.stringify(value);
}

/** The fields that differ between two snapshots, in a stable order; every field for a creation
 *  or a deletion (one side missing). */
export function describeChanges(before: unknown, after: unknown, keyText: KeyText = (k) => k): FieldChange[] {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort(
    (x, y) => order(x) - order(y) || x.localeCompare(y),
  );
  const changes: FieldChange[] = [];
  for (const key of keys) {
    const from = key === "expectationKey" && typeof b[key] === "string" ? keyText(b[key]) : show(b[key], keyText);
    const to = key === "expectationKey" && typeof a[key] === "string" ? keyText(a[key]) : show(a[key], keyText);
    if (from !== to) changes.push({ field: FIELD_LABELS[key] ?? key, before: from, after: to });
  }
  return changes;
}

function order(key: string): number {
  const index = Object.keys(FIELD_LABELS).indexOf(key);
  return index === -1 ? 999 : index;
}
