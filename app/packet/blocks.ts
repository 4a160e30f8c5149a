// Small docx building blocks shared by the section builders. Every string passes through xmlSafe here as well
// as in the context, so even builder-made text (labels joined with user text) cannot carry a bad character.
import {
  AlignmentType,
  ExternalHyperlink,
  HeadingLevel,
  InternalHyperlink,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { NUMBERING, STYLE, TEXT_WIDTH } from "./styles";
import { isolate, linkTarget, oneLine, paragraphsOf, RTL_CHAR, xmlSafe } from "./sanitize";

export type Block = Paragraph | Table;

export function run(text: string, options: { bold?: boolean; italics?: boolean } = {}): TextRun {
  return new TextRun({ text: xmlSafe(text), ...options });
}

/** First strong directional character decides; Hebrew and Arabic ranges are what managers paste. */
const RTL_FIRST = new RegExp(`^[^A-Za-z\\u00C0-\\u024F\\u0370-\\u03FF\\u0400-\\u04FF]*?${RTL_CHAR.source}`);

function isRtl(text: string): boolean {
  return RTL_FIRST.test(text);
}

export function heading(level: 1 | 2 | 3, text: string): Paragraph {
  const levels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
  const line = oneLine(text);
  return new Paragraph({ heading: levels[level], bidirectional: isRtl(line), children: [run(line)] });
}

export function para(children: ParagraphChild[], style?: string): Paragraph {
  return new Paragraph({ style, children });
}

/** "Label: value" on one line, label in bold. */
export function labelled(label: string, value: string, style: string = STYLE.meta): Paragraph {
  return new Paragraph({ style, children: [run(`${label}: `, { bold: true }), run(isolate(oneLine(value)))] });
}

/**
 * User prose as paragraphs. With a label, the label leads the first paragraph ("Outcome: ..."), so short
 * answers stay one line; empty text shows `empty` rather than disappearing.
 */
export function prose(text: string, options: { label?: string; empty?: string; style?: string } = {}): Paragraph[] {
  const paragraphs = paragraphsOf(text);
  const { label, style } = options;
  if (paragraphs.length === 0) {
    const children = [run(options.empty ?? "Not given.", { italics: true })];
    if (label) children.unshift(run(`${label}: `, { bold: true }));
    return [new Paragraph({ style, children })];
  }
  return paragraphs.map((p, i) => {
    if (i === 0 && label) return new Paragraph({ style, children: [run(`${label}: `, { bold: true }), run(isolate(p))] });
    return new Paragraph({ style, bidirectional: isRtl(p), children: [run(p)] });
  });
}

export function bullet(children: ParagraphChild[], reference: string = NUMBERING.bullets): Paragraph {
  return new Paragraph({ numbering: { reference, level: 0 }, children });
}

/** A real hyperlink for http(s)/mailto; anything else is shown as text and labelled, never made clickable. */
export function link(raw: string): ParagraphChild[] {
  const target = linkTarget(raw);
  if (target === null) {
    return [run(oneLine(raw)), run(" (not a web address; not linked)", { italics: true })];
  }
  return [
    new ExternalHyperlink({
      link: target,
      children: [new TextRun({ text: xmlSafe(oneLine(raw)), style: STYLE.hyperlink })],
    }),
  ];
}

export function internalLink(anchor: string, text: string): InternalHyperlink {
  return new InternalHyperlink({
    anchor,
    children: [new TextRun({ text: xmlSafe(text), style: STYLE.hyperlink })],
  });
}

export interface Column {
  header: string;
  /** Share of the text width, in per cent; the shares of a table add up to 100. */
  percent: number;
  align?: "left" | "center";
}

/** A full-width table with a repeating header row; cells are plain single-line text. */
export function table(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  options: { totalsRow?: boolean } = {},
): Table {
  const widths = columns.map((c) => Math.round((TEXT_WIDTH * c.percent) / 100));
  const cell = (text: string, i: number, header: boolean, bold = false): TableCell =>
    new TableCell({
      width: { size: widths[i] ?? 0, type: WidthType.DXA },
      shading: header ? { type: ShadingType.CLEAR, fill: "E7ECF5", color: "auto" } : undefined,
      margins: { left: 80, right: 80 },
      children: [
        new Paragraph({
          style: header ? STYLE.tableHeading : STYLE.tableText,
          alignment: columns[i]?.align === "center" ? AlignmentType.CENTER : undefined,
          children: [run(oneLine(text), { bold })],
        }),
      ],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: columns.map((c, i) => cell(c.header, i, true)),
      }),
      ...rows.map((r, ri) => {
        const bold = options.totalsRow === true && ri === rows.length - 1;
        return new TableRow({ cantSplit: true, children: columns.map((_, i) => cell(r[i] ?? "", i, false, bold)) });
      }),
    ],
  });
}
