// "Committee decision": what calibration committees decided on this case, with the rationale. A part of
// the packet only once a committee has decided; it comes right after the contents, before the evidence.
import type { PacketContext } from "./context";
import { formatDate, formatTimestamp } from "./format";
import { heading, labelled, type OutlineBlock } from "./outline";
import { isolate, oneLine } from "./sanitize";
import { prose } from "./sections";

export const COMMITTEE_DECISION_TITLE = "Committee decision";
export const COMMITTEE_DECISION_ANCHOR = "part_committee_decision";

export function hasCommitteeDecision(ctx: PacketContext): boolean {
  return (ctx.input.committeeDecisions ?? []).length > 0;
}

export function committeeDecisionSection(ctx: PacketContext): OutlineBlock[] {
  const decisions = ctx.input.committeeDecisions ?? [];
  if (decisions.length === 0) return [];
  return [
    heading(1, COMMITTEE_DECISION_TITLE, COMMITTEE_DECISION_ANCHOR),
    ...decisions.flatMap((d) => [
      heading(2, `${isolate(oneLine(d.sessionName))}: ${d.decision}`),
      labelled("Decision", d.decision),
      labelled("Meeting", formatDate(d.meetingDate)),
      labelled("Recorded by", `${d.decidedBy}, ${formatTimestamp(d.decidedAt)}`),
      ...prose(d.rationale, { label: "Rationale", empty: "No rationale was given." }),
    ]),
  ];
}
