// The packet's parts in reading order. A new part is one builder (its own file) and one line here; the
// contents page lists every part with a title, and the Word packet and the browser preview both follow this list.
import type { PacketInput } from "../domain/types";
import { createPacketContext, type PacketContext } from "./context";
import { COMMITTEE_DECISION_ANCHOR, COMMITTEE_DECISION_TITLE, committeeDecisionSection, hasCommitteeDecision } from "./committee-decision";
import type { OutlineBlock } from "./outline";
import {
  aboutSection,
  ANCHORS,
  briefSection,
  contentsSection,
  evidenceSection,
  gapsSection,
  indexSection,
  SECTION_TITLES,
  type ContentsEntry,
} from "./sections";

export interface PacketPart {
  /** The title the contents page shows; the part's first block must carry `anchor` as its id. */
  title: string;
  anchor: string;
  build(ctx: PacketContext): OutlineBlock[];
  /** Level-2 entries under the part's own on the contents page. */
  subentries?(ctx: PacketContext): ContentsEntry[];
  /** For a part only some packets have: whether this one does (else it is left out, contents too). */
  present?(ctx: PacketContext): boolean;
}

export const PACKET_PARTS: readonly PacketPart[] = [
  { title: SECTION_TITLES.brief, anchor: ANCHORS.brief, build: briefSection },
  { title: COMMITTEE_DECISION_TITLE, anchor: COMMITTEE_DECISION_ANCHOR, build: committeeDecisionSection, present: hasCommitteeDecision },
  {
    title: SECTION_TITLES.evidence,
    anchor: ANCHORS.evidence,
    build: evidenceSection,
    subentries: (ctx) =>
      ctx.sections.map((s) => ({ title: `${s.number}. ${s.section.title}`, anchor: ANCHORS.section(s.number), level: 2 })),
  },
  { title: SECTION_TITLES.gaps, anchor: ANCHORS.gaps, build: gapsSection },
  { title: SECTION_TITLES.index, anchor: ANCHORS.index, build: indexSection },
  { title: SECTION_TITLES.about, anchor: ANCHORS.about, build: aboutSection },
];

/** The whole packet as an outline: the first part (the brief) on page one, then the contents, then the rest. */
export function packetOutline(ctx: PacketContext, all: readonly PacketPart[] = PACKET_PARTS): OutlineBlock[] {
  const parts = all.filter((p) => p.present?.(ctx) ?? true);
  const [first, ...rest] = parts;
  if (!first) return [];
  const entries: ContentsEntry[] = parts.flatMap((p) => [
    { title: p.title, anchor: p.anchor, level: 1 as const },
    ...(p.subentries?.(ctx) ?? []),
  ]);
  return [...first.build(ctx), ...contentsSection(entries), ...rest.flatMap((p) => p.build(ctx))];
}

/** The outline of a packet not issued: the browser preview. Its "About this packet" says so instead of a fingerprint. */
export function previewOutline(input: PacketInput): OutlineBlock[] {
  return packetOutline(createPacketContext(input, null));
}
