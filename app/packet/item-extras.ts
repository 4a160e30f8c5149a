// What the packet adds under an evidence item beyond the manager's own write-up: for now, who confirmed it.
// One function, called for every item written in full, so that another source of facts about an item
// (a correction, a link to where it was confirmed) has one place to join.
import type { EvidenceRecord } from "../domain/types";
import { correctionBlocks } from "./confirmations";
import type { PacketContext } from "./context";
import { formatDate } from "./format";
import { labelled, type OutlineBlock } from "./outline";
import { isolate, oneLine } from "./sanitize";

export function itemExtras(_ctx: PacketContext, item: EvidenceRecord): OutlineBlock[] {
  const confirmations = item.confirmations ?? [];
  if (confirmations.length === 0) return [];
  const who = confirmations.map((c) => {
    const relation = oneLine(c.relation);
    return `${isolate(oneLine(c.name))}${relation ? ` (${isolate(relation)})` : ""}, ${formatDate(c.date)}`;
  });
  return [labelled("Confirmed by", who.join("; "), "itemBody"), ...correctionBlocks(item)];
}
