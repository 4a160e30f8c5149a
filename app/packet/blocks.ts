// Small docx building blocks shared by the section builders. Every string passes through xmlSafe here as well
// as in the context, so even builder-made text (labels joined with user text) cannot carry a bad character.
//
// Text is handled as spans (text and its formatting) rather than docx TextRuns, and bookmarks and internal links as
// their plain.ts counterparts: a paragraph made only of those is a PlainParagraph, written without docx's per-run
// objects (see plain.ts). In a paragraph that links to a web address or is a list item, which docx must make, they
// become the docx objects.
import {
  AlignmentType,
  Bookmark,
  type FileChild,
  InternalHyperlink,
  Paragraph,
  type ParagraphChild,
  Table,
  TableLayoutType,
  TextRun,
  WidthType,
} from "docx";
import {
  BookmarkSpan,
  InternalLinkSpan,
  PlainParagraph,
  PlainRow,
  Span,
  type PlainCell,
  type PlainInline,
  type SpanFormat,
} from "./plain";
import type { Column } from "./outline";
import { NUMBERING, STYLE, TEXT_WIDTH } from "./styles";
import { oneLine, RTL_CHAR, xmlSafe } from "./sanitize";

/** A section's child: a docx Paragraph or Table, or a PlainParagraph. */
export type Block = FileChild;
export type { Span };
/** What a paragraph holds: text, a bookmark or an internal link, or a docx link to a web address. */
export type Inline = PlainInline | ParagraphChild;

export function run(text: string, format?: SpanFormat): Span {
  return new Span(xmlSafe(text), format);
}

function textRun({ text, format }: Span): TextRun {
  return new TextRun({ text, ...format });
}

/** The docx objects for a docx Paragraph's children (docx ones pass through). */
export function docxChildren(children: readonly Inline[]): ParagraphChild[] {
  return children.map((c) => {
    if (c instanceof Span) return textRun(c);
    if (c instanceof BookmarkSpan) return new Bookmark({ id: c.name, children: c.spans.map(textRun) });
    if (c instanceof InternalLinkSpan) return new InternalHyperlink({ anchor: c.anchor, children: c.spans.map(textRun) });
    return c;
  });
}

function isPlain(c: Inline): c is PlainInline {
  return c instanceof Span || c instanceof BookmarkSpan || c instanceof InternalLinkSpan;
}

function allPlain(children: readonly Inline[]): children is readonly PlainInline[] {
  return children.every(isPlain);
}

/** First strong directional character decides; Hebrew and Arabic ranges are what managers paste. */
const RTL_FIRST = new RegExp(`^[^A-Za-z\\u00C0-\\u024F\\u0370-\\u03FF\\u0400-\\u04FF]*?${RTL_CHAR.source}`);

export function isRtl(text: string): boolean {
  return RTL_FIRST.test(text);
}

/** A paragraph: a PlainParagraph when it is only text, else a docx Paragraph. */
export function para(children: readonly Inline[], style?: string): Block {
  if (allPlain(children)) return new PlainParagraph(children, { style });
  return new Paragraph({ style, children: docxChildren(children) });
}

export function bullet(children: readonly Inline[], reference: string = NUMBERING.bullets): Paragraph {
  return new Paragraph({ numbering: { reference, level: 0 }, children: docxChildren(children) });
}

/** A Word bookmark around text, for internalLink to point at. */
export function bookmark(name: string, children: readonly Span[]): BookmarkSpan {
  return new BookmarkSpan(name, children);
}

export function internalLink(anchor: string, text: string, format: SpanFormat = {}): InternalLinkSpan {
  return new InternalLinkSpan(anchor, [run(text, { ...format, style: STYLE.hyperlink })]);
}

export type { Column };

const CELL_MARGINS = { left: 80, right: 80 };

/** A full-width table with a repeating header row; cells are plain single-line text. */
export function table(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  options: { totalsRow?: boolean } = {},
): Table {
  const widths = columns.map((c) => Math.round((TEXT_WIDTH * c.percent) / 100));
  // Only a totals row's cells carry run properties (bold). Other cells take everything from their style:
  // LpTableHeading is bold and LpTableText is not, so an explicit "not bold" would cost three XML elements
  // in each of the evidence index's thousands of cells (and, in a header, would undo the heading's bold).
  const cell = (text: string, i: number, header: boolean, bold = false): PlainCell => ({
    width: widths[i] ?? 0,
    fill: header ? "E7ECF5" : undefined,
    margins: CELL_MARGINS,
    paragraph: new PlainParagraph([run(oneLine(text), bold ? { bold } : undefined)], {
      style: header ? STYLE.tableHeading : STYLE.tableText,
      alignment: columns[i]?.align === "center" ? AlignmentType.CENTER : undefined,
    }),
  });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new PlainRow(
        columns.map((c, i) => cell(c.header, i, true)),
        { tableHeader: true },
      ),
      ...rows.map((r, ri) => {
        const bold = options.totalsRow === true && ri === rows.length - 1;
        return new PlainRow(columns.map((_, i) => cell(r[i] ?? "", i, false, bold)));
      }),
    ],
  });
}
