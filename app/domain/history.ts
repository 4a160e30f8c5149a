// Turns the audit log into a timeline a person can read: days in the viewer's time zone, then the
// thing that changed (an evidence item, an expectation, the case), then one sentence per change
// with its fields in words ("Reach: Team → Organisation"). Stored codes never reach the page.
import { dayIn, formatDate, formatTime } from "./dates";
import { fieldLabel, valueLabel } from "./vocabulary";

export interface AuditEvent {
  id: number;
  /** ISO timestamp. */
  at: string;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export interface FieldChange {
  field: string;
  /** Null when the field was empty before (it was set) or after (it was cleared). */
  before: string | null;
  after: string | null;
  /** Long texts are shown on request rather than inline. */
  long: boolean;
}

export interface TimelineEntry {
  id: number;
  time: string;
  at: string;
  who: string;
  /** What happened, after the person's name: "added E-03", "changed the case details". */
  did: string;
  changes: FieldChange[];
}

export interface TimelineGroup {
  /** What the entries are about: "E-03 Ran the outage bridge", an expectation's text, "The case". */
  subject: string;
  href: string | null;
  entries: TimelineEntry[];
}

export interface TimelineDay {
  day: string;
  label: string;
  groups: TimelineGroup[];
}

export interface TimelineNames {
  timeZone: string;
  /** "E-03 Ran the outage bridge" for an evidence id of the case (deleted ones included), or null. */
  evidence(id: string): { name: string; href: string | null } | null;
  /** An expectation's text for its key. */
  expectation(key: string): string;
  caseHref: string;
  expectationHref(key: string): string;
}

const LONG = 90;
type Snapshot = Record<string, unknown>;

function asSnapshot(value: unknown): Snapshot {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Snapshot) : {};
}

function show(field: string, value: unknown, names: TimelineNames): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string") return field === "expectationKey" ? names.expectation(value) : valueLabel(field, value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    const parts = value
      .map((v) => {
        if (v && typeof v === "object") {
          const o = v as Snapshot;
          if ("name" in o && "role" in o) return `${String(o.name)} (${String(o.role)})`;
          if ("expectationKey" in o) return names.expectation(String(o.expectationKey));
        }
        return show(field, v, names) ?? "";
      })
      .filter(Boolean);
    return parts.length ? parts.join("; ") : null;
  }
  return null;
}

const FIELD_ORDER = [
  "candidateName",
  "currentTitle",
  "calibrationDate",
  "status",
  "recommendation",
  "summary",
  "title",
  "whatHappened",
  "outcome",
  "metric",
  "dateStart",
  "dateEnd",
  "kind",
  "scope",
  "source",
  "links",
  "vouchers",
  "supports",
  "expectationKey",
  "rationale",
  "notApplicableReason",
  "gapNote",
];

/** Fields never listed: bookkeeping, or already said by the sentence. */
const UNLISTED = new Set(["ref", "ladderVersionId", "version", "fingerprint", "fileName", "evidenceId", "answer"]);

/** The fields that differ between two snapshots, named and in words, in a stable order. */
export function describeChanges(before: unknown, after: unknown, names: TimelineNames): FieldChange[] {
  const b = asSnapshot(before);
  const a = asSnapshot(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => !UNLISTED.has(k))
    .sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
  const changes: FieldChange[] = [];
  for (const key of keys) {
    if (key === "supports") {
      changes.push(...supportChanges(b[key], a[key], names));
      continue;
    }
    const from = show(key, b[key], names);
    const to = show(key, a[key], names);
    if (from === to) continue;
    const long = (from?.length ?? 0) > LONG || (to?.length ?? 0) > LONG || /\n/.test(`${from ?? ""}${to ?? ""}`);
    changes.push({ field: fieldLabel(key), before: from, after: to, long });
  }
  return changes;
}

function rank(key: string): number {
  const index = FIELD_ORDER.indexOf(key);
  return index === -1 ? FIELD_ORDER.length : index;
}

function supportKeys(value: unknown): Map<string, string> {
  const keys = new Map<string, string>();
  if (!Array.isArray(value)) return keys;
  for (const v of value) {
    const o = asSnapshot(v);
    if (typeof o.expectationKey === "string") keys.set(o.expectationKey, String(o.rationale ?? ""));
  }
  return keys;
}

/** An item's expectations as "Now also shows" / "No longer shows" lines, not two long lists. */
function supportChanges(before: unknown, after: unknown, names: TimelineNames): FieldChange[] {
  const b = supportKeys(before);
  const a = supportKeys(after);
  const changes: FieldChange[] = [];
  for (const [key, rationale] of a) {
    if (!b.has(key)) changes.push({ field: "Now also shows", before: null, after: names.expectation(key), long: false });
    else if (b.get(key) !== rationale) {
      changes.push({
        field: `Why it shows “${names.expectation(key)}”`,
        before: b.get(key) || null,
        after: rationale || null,
        long: (b.get(key)?.length ?? 0) > LONG || rationale.length > LONG,
      });
    }
  }
  for (const key of b.keys()) {
    if (!a.has(key)) changes.push({ field: "No longer shows", before: null, after: names.expectation(key), long: false });
  }
  return changes;
}

interface Told {
  did: string;
  subject: string;
  href: string | null;
  changes: FieldChange[];
}

function refOf(snapshot: Snapshot): string {
  return typeof snapshot.ref === "string" ? snapshot.ref : "an item";
}

/** One event in words: what was done, to what, and which fields changed. */
export function tell(event: AuditEvent, names: TimelineNames): Told {
  const before = asSnapshot(event.before);
  const after = asSnapshot(event.after);
  const changes = () => describeChanges(event.before, event.after, names);
  const theCase = { subject: "The case", href: names.caseHref };
  switch (event.entityType) {
    case "evidence": {
      const known = names.evidence(event.entityId);
      const ref = after.ref ? refOf(after) : before.ref ? refOf(before) : (known?.name.split(" ")[0] ?? "an item");
      const item = { subject: known?.name ?? `${ref} ${String(after.title ?? before.title ?? "")}`.trim(), href: known?.href ?? null };
      if (event.action === "added") return { ...item, did: `added ${ref}`, changes: [] };
      if (event.action === "edited") return { ...item, did: `edited ${ref}`, changes: changes() };
      if (event.action === "deleted") return { ...item, did: `moved ${ref} to the trash`, changes: [] };
      if (event.action === "restored") return { ...item, did: `restored ${ref} from the trash`, changes: [] };
      return { ...item, did: event.action, changes: changes() };
    }
    case "support": {
      const [evidenceId = "", key = ""] = event.entityId.split(":");
      const known = names.evidence(evidenceId);
      const item = { subject: known?.name ?? "An evidence item", href: known?.href ?? null };
      const text = names.expectation(key);
      const rationale = (s: Snapshot) => (typeof s.rationale === "string" && s.rationale ? s.rationale : null);
      if (event.action === "attached") {
        return { ...item, did: "tied it to an expectation", changes: [{ field: "Expectation", before: null, after: text, long: false }, ...(rationale(after) ? [{ field: "Why it shows this", before: null, after: rationale(after), long: rationale(after)!.length > LONG }] : [])] };
      }
      if (event.action === "detached") {
        return { ...item, did: "removed it from an expectation", changes: [{ field: "Expectation", before: null, after: text, long: false }] };
      }
      return {
        ...item,
        did: `changed why it shows “${text}”`,
        changes: [{ field: "Why it shows this", before: rationale(before), after: rationale(after), long: true }],
      };
    }
    case "mark":
      return { subject: names.expectation(event.entityId), href: names.expectationHref(event.entityId), did: "updated the note on this expectation", changes: changes() };
    case "co-owner": {
      const person = String(after.name ?? before.name ?? "someone");
      return { ...theCase, did: event.action === "co-owner removed" ? `removed ${person} as a co-owner` : `added ${person} as a co-owner`, changes: [] };
    }
    case "packet":
      return {
        ...theCase,
        did: "downloaded a packet",
        changes: typeof after.readiness === "string" ? [{ field: "Readiness then", before: null, after: after.readiness, long: false }] : [],
      };
    case "case": {
      const did =
        event.action === "created"
          ? "opened the case"
          : event.action === "imported"
            ? "imported the case"
            : event.action === "deleted"
              ? "deleted the case"
              : event.action === "status changed"
                ? "changed the status"
                : "changed the case details";
      return { ...theCase, did, changes: event.action === "created" || event.action === "imported" ? [] : changes() };
    }
    case "vouch": {
      const evidenceId = String(after.evidenceId ?? before.evidenceId ?? "");
      const known = names.evidence(evidenceId);
      const item = { subject: known?.name ?? "An evidence item", href: known?.href ?? null };
      const person = String(after.name ?? before.name ?? "someone");
      // The person is named in the sentence already.
      const details = () => changes().filter((c) => c.field !== fieldLabel("name"));
      if (event.action === "sent") return { ...item, did: `asked ${person} to confirm it`, changes: details() };
      if (event.action === "revoked") return { ...item, did: `withdrew the request to ${person}`, changes: [] };
      if (event.action === "declined") return { ...item, did: "said they can't speak to it", changes: details() };
      return { ...item, did: after.answer === "corrected" ? "confirmed it, with a correction" : "confirmed it", changes: details() };
    }
    case "contribution": {
      const title = typeof after.title === "string" ? `“${after.title}”` : "an item";
      const fromCandidate = { subject: "From the candidate", href: null };
      if (event.action === "link given") return { ...fromCandidate, did: "gave the candidate a link to add their own work", changes: [] };
      if (event.action === "link replaced") return { ...fromCandidate, did: "gave the candidate a new link (the old one stopped working)", changes: [] };
      if (event.action === "link closed") return { ...fromCandidate, did: "closed the candidate's link", changes: [] };
      if (event.action === "added") return { ...fromCandidate, did: `sent ${title}`, changes: [] };
      if (event.action === "accepted") return { ...fromCandidate, did: `accepted ${title} as ${refOf(after)}`, changes: [] };
      if (event.action === "dismissed") {
        const reason = typeof after.reason === "string" ? after.reason : null;
        return { ...fromCandidate, did: `dismissed ${title}`, changes: reason ? [{ field: fieldLabel("reason"), before: null, after: reason, long: reason.length > LONG }] : [] };
      }
      return { ...fromCandidate, did: event.action, changes: changes() };
    }
    case "wording": {
      const verb = /dismissed/.test(event.action) ? "dismissed" : /reopened/.test(event.action) ? "reopened" : null;
      return { ...theCase, did: verb ? `${verb} a wording finding` : event.action, changes: changes() };
    }
    case "submission": {
      const line = (field: string, value: unknown) => (typeof value === "string" && value ? [{ field, before: null, after: value, long: value.length > LONG }] : []);
      const expectations = Array.isArray(after.expectations) ? after.expectations.map(String).join("; ") : "";
      return {
        ...theCase,
        did: event.action,
        changes: [
          ...line("Calibration session", after.session),
          ...line("Readiness then", after.readiness),
          ...line("Expectations", expectations),
          ...line("Note", after.note),
        ],
      };
    }
    case "decision": {
      const line = (field: string, from: unknown, to: unknown) =>
        typeof to === "string" && to ? [{ field, before: typeof from === "string" && from ? from : null, after: to, long: to.length > LONG }] : [];
      return {
        ...theCase,
        did: `recorded the committee's decision: ${String(after.decision ?? "")}`,
        changes: [...line("Calibration session", null, after.session), ...line("Decision", before.decision, after.decision), ...line("Rationale", null, after.rationale)],
      };
    }
    default:
      return { ...theCase, did: event.action, changes: changes() };
  }
}

/** Events (newest first) as days, and within a day as groups by subject in order of their latest change. */
export function buildTimeline(events: AuditEvent[], names: TimelineNames): TimelineDay[] {
  const days: TimelineDay[] = [];
  for (const event of events) {
    const day = dayIn(event.at, names.timeZone) ?? event.at.slice(0, 10);
    let current = days[days.length - 1];
    if (!current || current.day !== day) {
      current = { day, label: formatDate(day), groups: [] };
      days.push(current);
    }
    const told = tell(event, names);
    let group = current.groups.find((g) => g.subject === told.subject);
    if (!group) {
      group = { subject: told.subject, href: told.href, entries: [] };
      current.groups.push(group);
    }
    group.entries.push({
      id: event.id,
      at: event.at,
      time: formatTime(event.at, names.timeZone),
      who: event.actorName,
      did: told.did,
      changes: told.changes,
    });
  }
  return days;
}
