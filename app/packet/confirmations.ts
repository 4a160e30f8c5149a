// A confirming person's correction, in their own words, under the item it corrects: the manager's
// text stays as written and the committee reads both. Called from itemExtras for every item in full.
import type { EvidenceRecord } from "../domain/types";
import { paragraph, t, type OutlineBlock } from "./outline";
import { isolate, oneLine, paragraphsOf } from "./sanitize";

function labelledProse(label: string, text: string): OutlineBlock[] {
  return paragraphsOf(text).map((p, i) =>
    paragraph("itemBody", i === 0 ? [t(`${label}: `, { bold: true }), t(isolate(p))] : [t(p)]),
  );
}

export function correctionBlocks(item: EvidenceRecord): OutlineBlock[] {
  const blocks: OutlineBlock[] = [];
  for (const c of item.confirmations ?? []) {
    if (!c.correction) continue;
    const who = isolate(oneLine(c.name));
    const taken = c.correctionAccepted ? " (taken into the item)" : "";
    if (c.correction.part) blocks.push(...labelledProse(`${who}'s correction of the candidate's part${taken}`, c.correction.part));
    if (c.correction.outcome) blocks.push(...labelledProse(`${who}'s correction of the outcome${taken}`, c.correction.outcome));
  }
  return blocks;
}
