// One builder per packet section, in the order the committee reads them. Each takes the read-only context and
// returns blocks; none of them knows about the others.
import { HeadingLevel } from "docx";
import {
  EVIDENCE_KIND_LABELS,
  EVIDENCE_SOURCE_LABELS,
  GAP_CODE_LABELS,
  SCOPE_LABELS,
  type EvidenceRecord,
  type EvidenceSupport,
} from "../domain/types";
import { FIELD_LABELS } from "../domain/vocabulary";
import { bookmark, bullet, heading, internalLink, labelled, link, para, prose, run, table, type Block } from "./blocks";
import { confirmationBlocks } from "./confirmations";
import type { NumberedExpectation, PacketContext } from "./context";
import {
  capitalise,
  formatDate,
  formatDateRange,
  formatTimestamp,
  statusInWords,
  truncate,
} from "./format";
import { isolate, oneLine } from "./sanitize";
import { NUMBERING, STYLE } from "./styles";

export const SECTION_TITLES = {
  recommendation: "Recommendation and summary",
  glance: "Readiness at a glance",
  evidence: "Evidence by expectation",
  gaps: "Gaps and risks",
  index: "Evidence index",
  about: "About this packet",
} as const;

const WHY = "Why this demonstrates the expectation";
const INDEX_TITLE_CHARS = 160;

/* ---------- 1. Title block ---------- */

export function titleBlock(ctx: PacketContext): Block[] {
  const { input } = ctx;
  return [
    para([run(`Promotion packet: ${isolate(oneLine(input.candidateName))}`)], HeadingLevel.TITLE),
    labelled("Candidate", input.candidateName),
    labelled("Current title", input.currentTitle),
    labelled("Target level", ctx.target),
    labelled("Manager", input.managerName),
    labelled("Calibration date", input.calibrationDate?.trim() ? formatDate(input.calibrationDate) : "Not set"),
    labelled("Generated", formatTimestamp(input.generatedAt)),
    para([run("Confidential: for the calibration committee only. Do not forward.", { bold: true })], STYLE.meta),
  ];
}

/* ---------- 2. Recommendation and summary ---------- */

export function recommendationSection(ctx: PacketContext): Block[] {
  return [
    heading(1, SECTION_TITLES.recommendation),
    heading(2, "Recommendation"),
    ...prose(ctx.input.recommendation, { empty: "The manager has not written a recommendation." }),
    heading(2, "Summary"),
    ...prose(ctx.input.summary, { empty: "The manager has not written a summary." }),
  ];
}

/* ---------- 3. Readiness at a glance ---------- */

export function glanceSection(ctx: PacketContext): Block[] {
  const rows = ctx.sections.map((s) => [
    `${s.number}. ${oneLine(s.section.title)}`,
    String(s.counts.total),
    String(s.counts.strong),
    String(s.counts.weak),
    String(s.counts.missing),
    String(s.counts.notApplicable),
  ]);
  const total = ctx.sections.reduce(
    (t, s) => ({
      total: t.total + s.counts.total,
      strong: t.strong + s.counts.strong,
      weak: t.weak + s.counts.weak,
      missing: t.missing + s.counts.missing,
      notApplicable: t.notApplicable + s.counts.notApplicable,
    }),
    { total: 0, strong: 0, weak: 0, missing: 0, notApplicable: 0 },
  );
  rows.push([
    "All sections",
    String(total.total),
    String(total.strong),
    String(total.weak),
    String(total.missing),
    String(total.notApplicable),
  ]);
  return [
    heading(1, SECTION_TITLES.glance),
    table(
      [
        { header: "Section", percent: 37 },
        { header: "Expectations", percent: 16, align: "center" },
        { header: "Strong", percent: 11, align: "center" },
        { header: "Weak", percent: 11, align: "center" },
        { header: "Missing", percent: 11, align: "center" },
        { header: "Not applicable", percent: 14, align: "center" },
      ],
      rows,
      { totalsRow: true },
    ),
    // Not the status style: that keeps with the next paragraph, and this line belongs with the table above.
    para([run("Overall: ", { bold: true }), run(oneLine(ctx.input.analysis.summary), { bold: true })], STYLE.overall),
  ];
}

/* ---------- 4. Evidence by expectation ---------- */

/** "E-07 Title", each part isolated so a right-to-left title cannot reorder the reference. */
function itemName(item: EvidenceRecord): string {
  return `${isolate(oneLine(item.ref))} ${isolate(oneLine(item.title))}`;
}

function rationaleFor(item: EvidenceRecord, expectationKey: string): string {
  return item.supports.find((s: EvidenceSupport) => s.expectationKey === expectationKey)?.rationale ?? "";
}

function why(item: EvidenceRecord, expectationKey: string): Block[] {
  return prose(rationaleFor(item, expectationKey), { label: WHY, empty: "Not stated.", style: STYLE.itemBody });
}

/** The whole item: the first time it is cited. */
function evidenceInFull(ctx: PacketContext, item: EvidenceRecord, expectationKey: string): Block[] {
  const titleLine = [run(itemName(item))];
  const anchor = ctx.bookmarkOf.get(item.id);
  const facts = [
    ["When", formatDateRange(item.dateStart, item.dateEnd)],
    ["Kind", EVIDENCE_KIND_LABELS[item.kind] ?? item.kind],
    [FIELD_LABELS.scope, SCOPE_LABELS[item.scope] ?? item.scope],
    ["Source", EVIDENCE_SOURCE_LABELS[item.source] ?? item.source],
  ] as const;
  const blocks: Block[] = [
    para(anchor ? [bookmark(anchor, titleLine)] : titleLine, STYLE.itemHeading),
    para(
      facts.flatMap(([label, value], i) => [
        ...(i > 0 ? [run("\u00A0\u00A0\u00B7   ")] : []),
        run(`${label}: `, { bold: true }),
        run(oneLine(value)),
      ]),
      STYLE.itemFacts,
    ),
    ...prose(item.whatHappened, { label: "What happened", style: STYLE.itemBody }),
    ...prose(item.outcome, { label: "Outcome", style: STYLE.itemBody }),
  ];
  if (item.metric !== null && item.metric.trim() !== "") {
    blocks.push(...prose(item.metric, { label: "Metric", style: STYLE.itemBody }));
  }
  if (item.links.length > 0) {
    blocks.push(para([run("Links:", { bold: true })], STYLE.itemBody));
    for (const l of item.links) blocks.push(bullet(link(l), NUMBERING.itemBullets));
  }
  const vouchers = item.vouchers.map((v) =>
    v.role.trim() ? `${isolate(oneLine(v.name))} (${isolate(oneLine(v.role))})` : isolate(oneLine(v.name)),
  );
  blocks.push(labelled("Who can vouch", vouchers.length > 0 ? vouchers.join("; ") : "No one named", STYLE.itemBody));
  blocks.push(...confirmationBlocks(item));
  blocks.push(...why(item, expectationKey));
  return blocks;
}

/** A later citation: a pointer back to the full write-up, plus why it counts for this expectation. */
function evidenceSeeAbove(ctx: PacketContext, item: EvidenceRecord, expectationKey: string): Block[] {
  const anchor = ctx.bookmarkOf.get(item.id);
  const firstNumber = ctx.citedUnder.get(item.id)?.[0];
  const pointer = `see above${firstNumber ? ` (${firstNumber})` : ""}`;
  return [
    para(
      [
        run(`${itemName(item)} \u2014 `),
        anchor ? internalLink(anchor, pointer) : run(pointer),
      ],
      STYLE.itemHeading,
    ),
    ...why(item, expectationKey),
  ];
}

function expectationBlock(ctx: PacketContext, e: NumberedExpectation): Block[] {
  const blocks: Block[] = [
    heading(3, `${e.number} ${e.expectation.text}`),
    para([run("Status: "), run(statusInWords(e.analysis))], STYLE.status),
  ];
  if (e.analysis.status === "not-applicable" && e.analysis.notApplicableReason) {
    blocks.push(...prose(e.analysis.notApplicableReason, { label: "Not applicable because" }));
  }
  if (e.evidence.length === 0) {
    blocks.push(para([run("No evidence yet.")], STYLE.note));
    return blocks;
  }
  for (const item of e.evidence) {
    const inFull = ctx.writtenInFullAt.get(item.id) === e.expectation.key;
    blocks.push(...(inFull ? evidenceInFull(ctx, item, e.expectation.key) : evidenceSeeAbove(ctx, item, e.expectation.key)));
  }
  return blocks;
}

export function evidenceSection(ctx: PacketContext): Block[] {
  const blocks: Block[] = [heading(1, SECTION_TITLES.evidence)];
  for (const s of ctx.sections) {
    blocks.push(heading(2, `${s.number}. ${s.section.title}`));
    if (s.section.intro) blocks.push(...prose(s.section.intro, { style: STYLE.note }));
    for (const e of s.expectations) blocks.push(...expectationBlock(ctx, e));
  }
  return blocks;
}

/* ---------- 5. Gaps and risks ---------- */

export function gapsSection(ctx: PacketContext): Block[] {
  const blocks: Block[] = [heading(1, SECTION_TITLES.gaps)];
  let gapCount = 0;
  for (const s of ctx.sections) {
    const gaps = s.expectations.filter((e) => e.analysis.status !== "strong");
    if (gaps.length === 0) continue;
    blocks.push(heading(2, `${s.number}. ${s.section.title}`));
    for (const e of gaps) {
      gapCount++;
      const a = e.analysis;
      blocks.push(
        para([run(`${e.number} ${oneLine(e.expectation.text)}`)], STYLE.gapHeading),
        para([run("Status: "), run(statusInWords(a))], STYLE.status),
      );
      for (const r of a.reasons) {
        blocks.push(
          bullet([
            run(`${GAP_CODE_LABELS[r.code] ?? capitalise(String(r.code))}: `, { bold: true }),
            run(isolate(oneLine(r.message))),
            ...(r.remedy.trim() ? [run(" To clear it: ", { italics: true }), run(isolate(oneLine(r.remedy)))] : []),
          ]),
        );
      }
      if (a.status === "not-applicable") {
        blocks.push(...prose(a.notApplicableReason ?? "", { label: "Not applicable because", empty: "No reason recorded." }));
      }
      if (a.gapNote) blocks.push(...prose(a.gapNote, { label: "Manager's note" }));
    }
  }
  if (gapCount === 0) blocks.push(para([run("No gaps: every expectation is strong.")], STYLE.note));

  const warnings = ctx.input.analysis.itemWarnings;
  if (warnings.length > 0) {
    blocks.push(heading(2, "Evidence stretched too thin"));
    for (const w of warnings) {
      const item = ctx.evidenceById.get(w.evidenceId);
      const name = item ? itemName(item) : isolate(oneLine(w.evidenceId));
      blocks.push(
        bullet([
          run(`${name}: `, { bold: true }),
          run(isolate(oneLine(w.message))),
          ...(w.remedy.trim() ? [run(" To clear it: ", { italics: true }), run(isolate(oneLine(w.remedy)))] : []),
        ]),
      );
    }
  }
  return blocks;
}

/* ---------- 6. Evidence index ---------- */

export function indexSection(ctx: PacketContext): Block[] {
  const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
  // Sorted by reference so the committee can look an item up; the sort is stable for equal refs.
  const items = [...ctx.input.evidence].sort((a, b) => collator.compare(a.ref, b.ref));
  const rows = items.map((item) => [
    item.ref,
    formatDateRange(item.dateStart, item.dateEnd),
    truncate(oneLine(item.title), INDEX_TITLE_CHARS),
    EVIDENCE_KIND_LABELS[item.kind] ?? item.kind,
    SCOPE_LABELS[item.scope] ?? item.scope,
    ctx.citedUnder.get(item.id)?.join(", ") || "Not cited",
  ]);
  return [
    heading(1, SECTION_TITLES.index),
    para(
      [run("Supports lists the expectation numbers used under \u201C"), run(SECTION_TITLES.evidence), run("\u201D (section.expectation).")],
      STYLE.note,
    ),
    items.length === 0
      ? para([run("The case has no evidence items.")], STYLE.note)
      : table(
          [
            { header: "ID", percent: 9 },
            { header: "Date", percent: 15 },
            { header: "Title", percent: 31 },
            { header: "Kind", percent: 17 },
            { header: FIELD_LABELS.scope, percent: 15 },
            { header: "Supports", percent: 13 },
          ],
          rows,
        ),
  ];
}

/* ---------- 7. About this packet ---------- */

export function aboutSection(ctx: PacketContext): Block[] {
  const { input } = ctx;
  return [
    heading(1, SECTION_TITLES.about),
    labelled("Ladder", ctx.target),
    labelled("Ladder version", input.ladderVersion),
    labelled("Generated at", `${formatTimestamp(input.generatedAt)} (${oneLine(input.generatedAt)})`),
    labelled("Generated by", input.generatedBy),
    labelled("Evidence items", String(input.evidence.length)),
    labelled("Fingerprint (SHA-256)", ctx.fingerprint),
    para(
      [
        run(
          "The fingerprint is computed from everything this packet was built from. Two copies with the same fingerprint have the same content; any edit to the case gives a new one.",
        ),
      ],
      STYLE.note,
    ),
  ];
}
