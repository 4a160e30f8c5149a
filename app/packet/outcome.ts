// A calibration session's outcome as a Word document: the decisions table, then per candidate the
// rationale and the vote tally (and each member's vote only when the chair includes them).
import { Document, Packer } from "docx";
import { DECISION_LABELS, tallyInWords, VOTE_LABELS, type OutcomeInput } from "../domain/committee";
import { formatDate, formatTimestamp } from "./format";
import { heading, labelled, paragraph, t, type OutlineBlock } from "./outline";
import { renderOutline } from "./render-docx";
import { isolate, oneLine, xmlSafe } from "./sanitize";
import { prose } from "./sections";
import { packetNumbering, packetStyles, PAGE } from "./styles";

const HIDDEN = "Not shown to you (you manage this case)";

const decisionText = (c: OutcomeInput["cases"][number]) => (c.decision ? DECISION_LABELS[c.decision] : "Not decided");

function summary(input: OutcomeInput): OutlineBlock[] {
  return [
    paragraph("title", [t(`Calibration outcome: ${isolate(oneLine(input.sessionName))}`)]),
    labelled("Meeting", formatDate(input.meetingDate)),
    labelled("Levels", input.levels.map((l) => `L${l}`).join(", ")),
    labelled("Chair", input.chairName),
    labelled("Members", input.members.join(", ")),
    labelled("Status", input.lockedAt ? `Locked ${formatTimestamp(input.lockedAt)}: the decisions are final` : "Open: decisions may still change"),
    labelled("Generated", formatTimestamp(input.generatedAt)),
    paragraph("meta", [t("Confidential: for the calibration committee and the people it names.", { bold: true })]),
  ];
}

function decisionsTable(input: OutcomeInput): OutlineBlock[] {
  return [
    heading(1, "Decisions"),
    {
      kind: "table",
      caption: "Decisions",
      columns: [
        { header: "Candidate", percent: 28 },
        { header: "Level", percent: 10, align: "center" },
        { header: "Manager", percent: 22 },
        { header: "Decision", percent: 15 },
        { header: "Votes (support / not yet / more)", percent: 25, align: "center" },
      ],
      rows: input.cases.map((c) => [
        c.candidateName,
        `L${c.level}`,
        c.managerName,
        decisionText(c),
        c.tally ? `${c.tally.support} / ${c.tally.notYet} / ${c.tally.moreEvidence}` : HIDDEN,
      ]),
    },
  ];
}

function perCandidate(input: OutcomeInput): OutlineBlock[] {
  return [
    heading(1, "Decisions and rationale"),
    ...input.cases.flatMap((c) => [
      heading(2, `${c.candidateName}: ${decisionText(c)}`),
      labelled("Now", c.currentTitle),
      labelled("Level", `L${c.level}`),
      labelled("Manager", c.managerName),
      labelled("Readiness when submitted", c.readiness),
      ...prose(c.rationale ?? "", { label: "Rationale", empty: c.decision === "promote" ? "No rationale given." : "Not decided yet." }),
      labelled("Vote tally", c.tally ? tallyInWords(c.tally) : HIDDEN),
      ...(c.votes ?? []).map((v) => labelled(v.voterName, v.note ? `${VOTE_LABELS[v.vote]}: ${v.note}` : VOTE_LABELS[v.vote])),
      labelled("Packet fingerprint (SHA-256)", c.fingerprint),
    ]),
  ];
}

/** Every user string made XML-safe first: one place guarantees none reaches docx unsanitised. */
function sanitized(input: OutcomeInput): OutcomeInput {
  return JSON.parse(JSON.stringify(input), (_key, value: unknown) => (typeof value === "string" ? xmlSafe(value) : value)) as OutcomeInput;
}

export async function buildOutcome(raw: OutcomeInput): Promise<Buffer> {
  const input = sanitized(raw);
  const doc = new Document({
    title: `Calibration outcome: ${oneLine(input.sessionName)}`,
    creator: oneLine(input.chairName),
    styles: packetStyles,
    numbering: packetNumbering,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, right: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin },
          },
        },
        children: renderOutline([...summary(input), ...decisionsTable(input), ...perCandidate(input)]),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
