// "Committee decision": what calibration committees decided on this case, with the rationale. Present
// only once a committee has decided; it comes right after the title so that a reader sees it first.
import { formatDate, formatTimestamp } from "./format";
import { heading, labelled, prose, type Block } from "./blocks";
import type { PacketContext } from "./context";

export const COMMITTEE_DECISION_TITLE = "Committee decision";

export function committeeDecisionSection(ctx: PacketContext): Block[] {
  const decisions = ctx.input.committeeDecisions ?? [];
  if (decisions.length === 0) return [];
  return [
    heading(1, COMMITTEE_DECISION_TITLE),
    ...decisions.flatMap((d) => [
      heading(2, `${d.sessionName}: ${d.decision}`),
      labelled("Decision", d.decision),
      labelled("Meeting", formatDate(d.meetingDate)),
      labelled("Recorded by", `${d.decidedBy}, ${formatTimestamp(d.decidedAt)}`),
      ...prose(d.rationale, { label: "Rationale", empty: "No rationale was given." }),
    ]),
  ];
}
