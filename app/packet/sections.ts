// One builder per packet part, in the order the committee reads them (the list is in parts.ts). Each takes the
// read-only context and returns outline blocks; none of them knows about the others. The packet speaks to the
// committee: what the case shows and where it is thin, never what the manager should do next (that stays in the app).
import { formatTimestamp } from "../domain/dates";
import { strongestItems } from "../domain/strongest";
import {
  EVIDENCE_KIND_LABELS,
  EVIDENCE_SOURCE_LABELS,
  EXPECTATION_STATUS_LABELS,
  GAP_CODE_LABELS,
  GAP_CODES,
  SCOPE_LABELS,
  type EvidenceRecord,
  type EvidenceSupport,
} from "../domain/types";
import { FIELD_LABELS } from "../domain/vocabulary";
import type { NumberedExpectation, PacketContext } from "./context";
import { formatDate, formatDateRange, statusInWords, truncate } from "./format";
import { itemExtras } from "./item-extras";
import { heading, labelled, paragraph, t, type OutlineBlock, type Text } from "./outline";
import { isolate, linkTarget, oneLine, paragraphsOf } from "./sanitize";

export const SECTION_TITLES = {
  brief: "The case in brief",
  contents: "Contents",
  evidence: "Evidence by expectation",
  gaps: "Missing and weak expectations",
  index: "Evidence index",
  about: "About this packet",
} as const;

/** Bookmark names (Word: a letter first, then letters, digits or underscores) and HTML ids at once. */
export const ANCHORS = {
  brief: "part_brief",
  evidence: "part_evidence",
  gaps: "part_gaps",
  index: "part_index",
  about: "part_about",
  section: (n: number) => `part_evidence_${n}`,
} as const;

const INDEX_TITLE_CHARS = 160;
const BRIEF_OUTCOME_CHARS = 220;

/** User prose as paragraphs, the label leading the first; empty text shows `empty` rather than disappearing. */
export function prose(
  text: string,
  options: { label?: string; empty?: string; role?: "body" | "itemBody" | "note" | "meta" } = {},
): OutlineBlock[] {
  const role = options.role ?? "body";
  const paragraphs = paragraphsOf(text);
  if (paragraphs.length === 0) {
    const content: Text[] = [t(options.empty ?? "Not given.", { italics: true })];
    if (options.label) content.unshift(t(`${options.label}: `, { bold: true }));
    return [paragraph(role, content)];
  }
  return paragraphs.map((p, i) =>
    paragraph(role, i === 0 && options.label ? [t(`${options.label}: `, { bold: true }), t(isolate(p))] : [t(p)]),
  );
}

/** "E-07 Title", each part isolated so a right-to-left title cannot reorder the reference. */
function itemName(item: EvidenceRecord): string {
  return `${isolate(oneLine(item.ref))} ${isolate(oneLine(item.title))}`;
}

function confirmedInWords(item: EvidenceRecord): string {
  const people = item.confirmations ?? [];
  if (people.length === 0) return "Not confirmed";
  return `Confirmed by ${people.map((p) => isolate(oneLine(p.name))).join(", ")}`;
}

/* ---------- The case in brief (page one) ---------- */

function readinessTable(ctx: PacketContext): OutlineBlock {
  const rows = ctx.sections.map((s) => [
    `${s.number}. ${oneLine(s.section.title)}`,
    String(s.counts.strong),
    String(s.counts.weak),
    String(s.counts.missing),
    String(s.counts.notApplicable),
  ]);
  const sum = (pick: (c: (typeof ctx.sections)[number]["counts"]) => number) =>
    String(ctx.sections.reduce((n, s) => n + pick(s.counts), 0));
  rows.push(["All sections", sum((c) => c.strong), sum((c) => c.weak), sum((c) => c.missing), sum((c) => c.notApplicable)]);
  return {
    kind: "table",
    caption: "Readiness by section: how many expectations are strong, weak, missing or not applicable",
    columns: [
      { header: "Section", percent: 64 },
      { header: "Strong", percent: 9, align: "center" },
      { header: "Weak", percent: 9, align: "center" },
      { header: "Missing", percent: 9, align: "center" },
      { header: "N/A", percent: 9, align: "center" },
    ],
    rows,
    totalsRow: true,
  };
}

function strongestBlocks(ctx: PacketContext): OutlineBlock[] {
  const best = strongestItems(ctx.input.evidence, ctx.input.analysis);
  if (best.length === 0) return [paragraph("note", [t("The case has no evidence items yet.")])];
  return best.flatMap(({ item }) => {
    const anchor = ctx.bookmarkOf.get(item.id);
    const under = ctx.citedUnder.get(item.id) ?? [];
    const title: Text = anchor ? t(itemName(item), { bold: true, anchor }) : t(itemName(item), { bold: true });
    return [
      paragraph("itemHeading", [title]),
      paragraph("itemBody", [t(truncate(oneLine(item.outcome) || "No outcome stated.", BRIEF_OUTCOME_CHARS))]),
      paragraph("itemFacts", [
        t(confirmedInWords(item)),
        t(` \u00B7 ${formatDateRange(item.dateStart, item.dateEnd)}`),
        t(under.length > 0 ? ` \u00B7 supports ${under.join(", ")}` : " \u00B7 not cited"),
      ]),
    ];
  });
}

/** The open risks in one short list: one line per kind of weakness, naming the expectations by number. */
export function openRisks(ctx: PacketContext): Text[][] {
  const byCode = new Map<string, string[]>();
  const notApplicable: string[] = [];
  for (const s of ctx.sections) {
    for (const e of s.expectations) {
      if (e.analysis.status === "not-applicable") notApplicable.push(e.number);
      for (const code of new Set(e.analysis.reasons.map((r) => r.code))) {
        byCode.set(code, [...(byCode.get(code) ?? []), e.number]);
      }
    }
  }
  const lines: Text[][] = [];
  for (const code of GAP_CODES) {
    const numbers = byCode.get(code);
    if (!numbers) continue;
    const count = numbers.length === 1 ? "1 expectation" : `${numbers.length} expectations`;
    lines.push([t(`${GAP_CODE_LABELS[code]}: `, { bold: true }), t(`${count} (${numbers.join(", ")})`)]);
  }
  for (const w of ctx.input.analysis.itemWarnings) {
    const item = ctx.evidenceById.get(w.evidenceId);
    const under = ctx.citedUnder.get(w.evidenceId)?.length ?? 0;
    lines.push([
      t("Stretched: ", { bold: true }),
      t(`${item ? isolate(oneLine(item.ref)) : "an item"} is cited under ${under} expectations`),
    ]);
  }
  if (notApplicable.length > 0) {
    lines.push([t("Not applicable: ", { bold: true }), t(`${notApplicable.join(", ")}, with the manager's reasons`)]);
  }
  return lines;
}

export function briefSection(ctx: PacketContext): OutlineBlock[] {
  const { input } = ctx;
  const risks = openRisks(ctx);
  return [
    paragraph("title", [t(`Promotion packet: ${isolate(oneLine(input.candidateName))}`)], ANCHORS.brief),
    paragraph("meta", [
      t("Candidate: ", { bold: true }),
      t(isolate(oneLine(input.candidateName))),
      t(`, now ${isolate(oneLine(input.currentTitle))}`),
    ]),
    paragraph("meta", [
      t("Target level: ", { bold: true }),
      t(ctx.target),
      t(" \u00B7 "),
      t("Manager: ", { bold: true }),
      t(isolate(oneLine(input.managerName))),
    ]),
    paragraph("meta", [
      t("Calibration: ", { bold: true }),
      t(input.calibrationDate?.trim() ? formatDate(input.calibrationDate) : "date not set"),
      t(" \u00B7 "),
      t("Confidential: for the calibration committee only.", { bold: true }),
    ]),
    heading(2, "Recommendation"),
    ...prose(input.recommendation, { empty: "The manager has not written a recommendation." }),
    ...(paragraphsOf(input.summary).length > 0 ? prose(input.summary, { label: "In short" }) : []),
    heading(2, "Readiness by section"),
    readinessTable(ctx),
    paragraph("overall", [t("Overall: ", { bold: true }), t(oneLine(input.analysis.summary), { bold: true })]),
    heading(2, "Strongest evidence"),
    ...strongestBlocks(ctx),
    heading(2, "Open risks"),
    risks.length > 0
      ? { kind: "list", items: risks }
      : paragraph("note", [t("None: every expectation is strong or not applicable.")]),
  ];
}

/* ---------- Contents ---------- */

export interface ContentsEntry {
  title: string;
  anchor: string;
  level: 1 | 2;
}

export function contentsSection(entries: readonly ContentsEntry[]): OutlineBlock[] {
  return [
    { kind: "heading", level: 1, text: SECTION_TITLES.contents, newPage: true },
    ...entries.map((e) =>
      paragraph(e.level === 1 ? "contents1" : "contents2", [t(e.title, { anchor: e.anchor })]),
    ),
  ];
}

/* ---------- Evidence by expectation ---------- */

function rationaleFor(item: EvidenceRecord, expectationKey: string): string {
  return item.supports.find((s: EvidenceSupport) => s.expectationKey === expectationKey)?.rationale ?? "";
}

function why(item: EvidenceRecord, expectationKey: string): OutlineBlock[] {
  return prose(rationaleFor(item, expectationKey), { label: "Why it counts", empty: "Not stated.", role: "itemBody" });
}

function linksLine(item: EvidenceRecord): OutlineBlock | null {
  if (item.links.length === 0) return null;
  const content: Text[] = [t("Links: ", { bold: true })];
  item.links.forEach((raw, i) => {
    if (i > 0) content.push(t(" \u00B7 "));
    const target = linkTarget(raw);
    content.push(target ? t(oneLine(raw), { href: target }) : t(`${oneLine(raw)} (not a web address; not linked)`));
  });
  return paragraph("itemBody", content);
}

/** The whole item: the first time it is cited. */
function evidenceInFull(ctx: PacketContext, item: EvidenceRecord, expectationKey: string): OutlineBlock[] {
  const facts = [
    // Date and kind read for themselves; reach and source need their names.
    ["", formatDateRange(item.dateStart, item.dateEnd)],
    ["", EVIDENCE_KIND_LABELS[item.kind] ?? item.kind],
    [FIELD_LABELS.scope, SCOPE_LABELS[item.scope] ?? item.scope],
    [FIELD_LABELS.source, EVIDENCE_SOURCE_LABELS[item.source] ?? item.source],
  ] as const;
  const vouchers = item.vouchers.map((v) =>
    v.role.trim() ? `${isolate(oneLine(v.name))} (${isolate(oneLine(v.role))})` : isolate(oneLine(v.name)),
  );
  const blocks: OutlineBlock[] = [
    paragraph("itemHeading", [t(itemName(item))], ctx.bookmarkOf.get(item.id)),
    paragraph(
      "itemFacts",
      facts.flatMap(([label, value], i) => [
        ...(i > 0 ? [t(" \u00B7 ")] : []),
        ...(label ? [t(`${label}: `, { bold: true })] : []),
        t(oneLine(value)),
      ]),
    ),
    ...prose(item.whatHappened, { label: "What happened", role: "itemBody" }),
    ...prose(item.outcome, { label: "Outcome", role: "itemBody" }),
  ];
  if (item.metric !== null && item.metric.trim() !== "") {
    blocks.push(...prose(item.metric, { label: "Metric", role: "itemBody" }));
  }
  const links = linksLine(item);
  if (links) blocks.push(links);
  blocks.push(labelled("Who can vouch", vouchers.length > 0 ? vouchers.join("; ") : "no one named", "itemBody"));
  blocks.push(...itemExtras(ctx, item));
  blocks.push(...why(item, expectationKey));
  return blocks;
}

/** A later citation: a pointer back to the full write-up, plus why it counts for this expectation. */
function evidenceSeeAbove(ctx: PacketContext, item: EvidenceRecord, expectationKey: string): OutlineBlock[] {
  const anchor = ctx.bookmarkOf.get(item.id);
  const firstNumber = ctx.citedUnder.get(item.id)?.[0];
  const pointer = `see ${firstNumber ?? "above"}`;
  return [
    paragraph("itemHeading", [t(`${itemName(item)} \u2014 `), anchor ? t(pointer, { anchor }) : t(pointer)]),
    ...why(item, expectationKey),
  ];
}

function expectationBlock(ctx: PacketContext, e: NumberedExpectation): OutlineBlock[] {
  const a = e.analysis;
  const blocks: OutlineBlock[] = [
    { kind: "heading", level: 3, text: `${e.number} ${oneLine(e.expectation.text)}`, detail: ` \u00B7 ${statusInWords(a)}` },
  ];
  if (a.status === "not-applicable") {
    blocks.push(...prose(a.notApplicableReason ?? "", { label: "Why not applicable", empty: "No reason recorded." }));
  }
  if (a.gapNote?.trim()) blocks.push(...prose(a.gapNote, { label: "Manager's note" }));
  for (const item of e.evidence) {
    const inFull = ctx.writtenInFullAt.get(item.id) === e.expectation.key;
    blocks.push(...(inFull ? evidenceInFull(ctx, item, e.expectation.key) : evidenceSeeAbove(ctx, item, e.expectation.key)));
  }
  return blocks;
}

export function evidenceSection(ctx: PacketContext): OutlineBlock[] {
  const blocks: OutlineBlock[] = [heading(1, SECTION_TITLES.evidence, ANCHORS.evidence)];
  for (const s of ctx.sections) {
    blocks.push(heading(2, `${s.number}. ${oneLine(s.section.title)}`, ANCHORS.section(s.number)));
    if (s.section.intro) blocks.push(...prose(s.section.intro, { role: "note" }));
    let group: string | undefined;
    for (const e of s.expectations) {
      // A group label (an H3 subsection or a parent bullet of the ladder) heads its run of expectations.
      if (e.expectation.group && e.expectation.group !== group) blocks.push(labelled("Group", oneLine(e.expectation.group), "note"));
      group = e.expectation.group;
      blocks.push(...expectationBlock(ctx, e));
    }
  }
  return blocks;
}

/* ---------- Missing and weak expectations ---------- */

export function gapsSection(ctx: PacketContext): OutlineBlock[] {
  const rows: string[][] = [];
  for (const s of ctx.sections) {
    for (const e of s.expectations) {
      const a = e.analysis;
      if (a.status === "strong") continue;
      const reasons = [...new Set(a.reasons.map((r) => GAP_CODE_LABELS[r.code] ?? String(r.code)))].join(", ");
      // A not-applicable expectation shows its reason; the others the manager's gap note, if any.
      const note =
        a.status === "not-applicable" ? oneLine(a.notApplicableReason ?? "") || "No reason recorded" : oneLine(a.gapNote ?? "");
      const status = reasons ? `${EXPECTATION_STATUS_LABELS[a.status]}: ${reasons.toLowerCase()}` : EXPECTATION_STATUS_LABELS[a.status];
      rows.push([e.number, oneLine(e.expectation.text), status, note || "\u2014"]);
    }
  }
  const blocks: OutlineBlock[] = [heading(1, SECTION_TITLES.gaps, ANCHORS.gaps)];
  if (rows.length === 0) {
    blocks.push(paragraph("note", [t("None: every expectation is strong.")]));
  } else {
    blocks.push({
      kind: "table",
      caption: "Expectations that are not strong, with why and the manager's note or reason",
      columns: [
        { header: "No.", percent: 6 },
        { header: "Expectation", percent: 46 },
        { header: "Status and why", percent: 20 },
        { header: "Manager's note or reason", percent: 28 },
      ],
      rows,
    });
  }
  const warnings = ctx.input.analysis.itemWarnings;
  if (warnings.length > 0) {
    blocks.push(paragraph("body", [t("Evidence stretched thin", { bold: true })]));
    blocks.push({
      kind: "list",
      items: warnings.map((w) => {
        const item = ctx.evidenceById.get(w.evidenceId);
        return [t(`${item ? itemName(item) : isolate(oneLine(w.evidenceId))}: `, { bold: true }), t(isolate(oneLine(w.message)))];
      }),
    });
  }
  return blocks;
}

/* ---------- Evidence index ---------- */

export function indexSection(ctx: PacketContext): OutlineBlock[] {
  const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
  // Sorted by reference so the committee can look an item up; the sort is stable for equal refs.
  const items = [...ctx.input.evidence].sort((a, b) => collator.compare(a.ref, b.ref));
  return [
    heading(1, SECTION_TITLES.index, ANCHORS.index),
    items.length === 0
      ? paragraph("note", [t("The case has no evidence items.")])
      : {
          kind: "table",
          caption: "Every evidence item by reference, with the expectations it supports",
          columns: [
            { header: "ID", percent: 9 },
            { header: "Date", percent: 22 },
            { header: "Title", percent: 51 },
            { header: "Supports", percent: 18 },
          ],
          rows: items.map((item) => [
            item.ref,
            formatDateRange(item.dateStart, item.dateEnd),
            truncate(oneLine(item.title), INDEX_TITLE_CHARS),
            ctx.citedUnder.get(item.id)?.join(", ") || "Not cited",
          ]),
        },
  ];
}

/* ---------- About this packet ---------- */

/** The label under which the content fingerprint is printed; the verifier also reads it back from the text. */
export const FINGERPRINT_LABEL = "Content fingerprint";
/** The custom document property holding the content fingerprint: Word and LibreOffice keep it when re-saving. */
export const FINGERPRINT_PROPERTY = "Ladderproof content fingerprint";

export function aboutSection(ctx: PacketContext): OutlineBlock[] {
  const { input } = ctx;
  const versionDate = input.ladderVersionDate ? formatDate(input.ladderVersionDate.slice(0, 10)) : null;
  const generated =
    ctx.timeZone === "UTC"
      ? formatTimestamp(input.generatedAt)
      : `${formatTimestamp(input.generatedAt, ctx.timeZone)} ${ctx.timeZone} (${formatTimestamp(input.generatedAt)})`;
  const blocks: OutlineBlock[] = [
    heading(1, SECTION_TITLES.about, ANCHORS.about),
    labelled("Ladder", versionDate ? `${ctx.target}, version of ${versionDate}` : ctx.target),
    paragraph("small", [t(`Ladder version hash: ${oneLine(input.ladderVersion)}`)]),
    labelled(ctx.fingerprint ? "Generated" : "Previewed", oneLine(generated)),
    labelled(ctx.fingerprint ? "Generated by" : "Previewed by", isolate(oneLine(input.generatedBy))),
    labelled("Evidence items", String(input.evidence.length)),
  ];
  const w = input.wordingCounts;
  if (w) blocks.push(labelled("Wording checks", `${w.open} open, ${w.fixed} fixed, ${w.dismissed} dismissed`));
  const c = input.confirmationCounts;
  if (c) {
    const confirmations = `${c.confirmations} ${c.confirmations === 1 ? "confirmation" : "confirmations"}`;
    blocks.push(labelled("Confirmations", `${confirmations} on ${c.confirmedItems} of ${input.evidence.length} items`));
  }
  if (ctx.fingerprint) {
    blocks.push(
      labelled(FINGERPRINT_LABEL, ctx.fingerprint),
      paragraph("note", [
        t(
          "The content fingerprint identifies what this packet was built from; it stays the same if the file is re-saved. Ladderproof also records the SHA-256 of the exact file it issued. To check a copy, use Check a packet in Ladderproof.",
        ),
      ]),
    );
  } else {
    blocks.push(
      paragraph("note", [t("This is a preview, not an issued packet. A downloaded packet carries its fingerprint here.")]),
    );
  }
  return blocks;
}
