// Synthetic, deterministic evidence of realistic size: every item cited for two expectations.
import type { EvidenceInput } from "../../app/forms/evidence";
import {
  EVIDENCE_KINDS,
  EVIDENCE_SOURCES,
  SCOPES,
  type EvidenceRecord,
  type Ladder,
} from "../../app/domain/types";

/** The calibration date of every benchmark case: analyses judge against it, not against today. */
export const CALIBRATION_DATE = "2026-06-30";

const TOPICS = [
  "on-call handover",
  "escalation triage",
  "runbook library",
  "support tooling migration",
  "incident review practice",
  "customer health dashboard",
  "knowledge base overhaul",
  "cross-region failover drill",
];
const TEAMS = ["Platform", "Billing", "Deployments", "Cloud", "Self-hosted", "Integrations"];
const PEOPLE = ["Ana Ruiz", "Tom Becker", "Priya Nair", "Kenji Sato", "Mia Olsen", "Sam Okafor"];

export function expectationKeys(ladder: Ladder): string[] {
  return ladder.sections.flatMap((s) => s.expectations.map((e) => e.key));
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Item `i` (0-based) of a synthetic case on `ladder`: dates spread over the two years before the
 *  calibration date, two expectations each (round robin, so every expectation gets its share). */
export function syntheticEvidence(ladder: Ladder, i: number): EvidenceInput {
  const keys = expectationKeys(ladder);
  const topic = TOPICS[i % TOPICS.length]!;
  const team = TEAMS[i % TEAMS.length]!;
  const person = PEOPLE[i % PEOPLE.length]!;
  const daysBack = (i * 37) % 720;
  const date = new Date(Date.UTC(2026, 5, 30) - daysBack * 86_400_000);
  const dateStart = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const first = keys[(2 * i) % keys.length]!;
  const second = keys[(2 * i + 1) % keys.length]!;
  return {
    title: `Led the ${topic} work with the ${team} team (item ${i + 1})`,
    whatHappened:
      `The ${team} team kept hitting the same problem with the ${topic}. The candidate noticed the pattern across ` +
      `several escalations, wrote up the options with their trade-offs, got agreement from the two leads involved and ` +
      `ran the change over three weeks, pairing with an engineer from each team so that the knowledge stayed with them.`,
    outcome:
      `Escalations about the ${topic} dropped from about a dozen a month to two, and the ${team} team now owns the ` +
      `process without the candidate in the loop.`,
    metric: i % 3 === 0 ? `${10 + (i % 40)}% fewer escalations` : null,
    dateStart,
    dateEnd: undefined,
    kind: EVIDENCE_KINDS[i % EVIDENCE_KINDS.length]!,
    scope: SCOPES[(i % 3) + 2]!,
    source: EVIDENCE_SOURCES[i % EVIDENCE_SOURCES.length]!,
    links: i % 3 === 2 ? [] : [`https://tickets.example.com/SUP-${1000 + i}`],
    vouchers: i % 2 === 0 ? [{ name: person, role: `${team} team lead` }] : [],
    supports: [
      { expectationKey: first, rationale: `Shows this directly: the ${topic} change reached well beyond one team.` },
      { expectationKey: second, rationale: `The way the candidate brought the ${team} leads along is the point here.` },
    ],
  };
}

/** The same items as domain records, for the in-process gap analysis (no database). */
export function syntheticRecords(ladder: Ladder, count: number): EvidenceRecord[] {
  const records: EvidenceRecord[] = [];
  for (let i = 0; i < count; i++) {
    const input = syntheticEvidence(ladder, i);
    records.push({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      ref: `E-${pad(i + 1)}`,
      title: input.title,
      whatHappened: input.whatHappened,
      outcome: input.outcome,
      metric: input.metric,
      dateStart: input.dateStart,
      dateEnd: input.dateEnd ?? null,
      kind: input.kind,
      scope: input.scope,
      source: input.source,
      links: input.links,
      vouchers: input.vouchers,
      supports: input.supports,
    });
  }
  return records;
}

/** The add-evidence form as the browser posts it (application/x-www-form-urlencoded). */
export function evidenceFormBody(ladder: Ladder): string {
  const input = syntheticEvidence(ladder, 7);
  const form = new URLSearchParams({
    title: "Ran the quarterly support review with three product teams",
    whatHappened: input.whatHappened,
    outcome: input.outcome,
    dateStart: "2026-05-14",
    kind: input.kind,
    scope: input.scope,
    source: input.source,
    "supports[0].expectationKey": input.supports[0]!.expectationKey,
    "supports[0].rationale": input.supports[0]!.rationale,
    "supports[1].expectationKey": input.supports[1]!.expectationKey,
    "supports[1].rationale": input.supports[1]!.rationale,
    "links[0]": "https://docs.example.com/support-review-q2",
    "vouchers[0].name": "Priya Nair",
    "vouchers[0].role": "Head of Product",
  });
  return form.toString();
}
