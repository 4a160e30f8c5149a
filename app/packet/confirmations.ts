// Who confirmed an item, and any correction in their own words, under the manager's write-up.
// Kept apart from the section builders so that a packet laid out differently keeps it as one call.
import type { EvidenceRecord } from "../domain/types";
import { confirmationLine } from "../domain/vouch";
import { para, prose, run, type Block } from "./blocks";
import { isolate, oneLine } from "./sanitize";
import { STYLE } from "./styles";

export function confirmationBlocks(item: EvidenceRecord): Block[] {
  const blocks: Block[] = [];
  for (const c of item.confirmations ?? []) {
    const line = confirmationLine({ name: isolate(oneLine(c.name)), relation: isolate(oneLine(c.relation)), date: c.date });
    blocks.push(para([run(line, { bold: true })], STYLE.itemBody));
    if (!c.correction) continue;
    const taken = c.correctionAccepted ? " (taken into the item)" : "";
    if (c.correction.part) {
      blocks.push(...prose(c.correction.part, { label: `Their correction of the candidate's part${taken}`, style: STYLE.itemBody }));
    }
    if (c.correction.outcome) {
      blocks.push(...prose(c.correction.outcome, { label: `Their correction of the outcome${taken}`, style: STYLE.itemBody }));
    }
  }
  return blocks;
}

