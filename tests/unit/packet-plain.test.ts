// plain.ts writes the XML objects that docx's own Paragraph, TextRun, Bookmark, InternalHyperlink, TableRow and
// TableCell would give, without making those objects (issue 7). These tests hold it to that for every option the
// packet uses, so a docx upgrade that writes them differently fails here rather than changing packets unnoticed.
import {
  AlignmentType,
  Bookmark,
  HeadingLevel,
  InternalHyperlink,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type IContext,
  type IXmlableObject,
} from "docx";
import { describe, expect, it } from "vitest";
import {
  BookmarkSpan,
  InternalLinkSpan,
  PlainParagraph,
  PlainRow,
  Span,
  type PlainParagraphOptions,
  type SpanFormat,
} from "~/packet/plain";

// Enough context for paragraphs and tables without web links or list numbering, which plain.ts does not make.
const context = { stack: [] } as unknown as IContext;
/** The XML object as JSON: key order included, as docx's writer writes attributes in the order of their keys. */
const xml = (component: { prepForXml(context: IContext): IXmlableObject | undefined }) =>
  JSON.stringify(component.prepForXml(context));

const FORMATS: SpanFormat[] = [
  {},
  { bold: true },
  { bold: false },
  { italics: true },
  { italics: false },
  { bold: true, italics: true },
  { style: "Hyperlink" },
  { style: "Hyperlink", bold: true, italics: false },
];

const PARAGRAPH_OPTIONS: PlainParagraphOptions[] = [
  {},
  { style: "LpItemBody" },
  { style: "LpItemBody", bidirectional: false },
  { style: "LpItemBody", bidirectional: true },
  { bidirectional: true },
  { style: "LpTableText", alignment: AlignmentType.CENTER },
  { style: "LpHeaderFooter", alignment: AlignmentType.RIGHT },
  { alignment: AlignmentType.LEFT },
];

describe("PlainParagraph", () => {
  it("gives docx's XML object for every run format and paragraph option", () => {
    for (const options of PARAGRAPH_OPTIONS) {
      for (const format of FORMATS) {
        const texts = ["Label: ", "a < b & \"c\" 'd' \u2014 \u05E9\u05DC\u05D5\u05DD 🚀", ""];
        const plain = new PlainParagraph(
          texts.map((t) => new Span(t, format)),
          options,
        );
        const docx = new Paragraph({ ...options, children: texts.map((t) => new TextRun({ text: t, ...format })) });
        expect(xml(plain), JSON.stringify({ options, format })).toEqual(xml(docx));
      }
    }
  });

  it("writes a heading as docx's heading option does", () => {
    for (const heading of [HeadingLevel.TITLE, HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3]) {
      for (const bidirectional of [undefined, false, true]) {
        const plain = new PlainParagraph([new Span("Evidence by expectation")], { style: heading, bidirectional });
        const docx = new Paragraph({ heading, bidirectional, children: [new TextRun({ text: "Evidence by expectation" })] });
        expect(xml(plain)).toEqual(xml(docx));
      }
    }
  });

  it("writes an empty paragraph as docx does", () => {
    expect(xml(new PlainParagraph([]))).toEqual(xml(new Paragraph({})));
    expect(xml(new PlainParagraph([], { style: "LpNote" }))).toEqual(xml(new Paragraph({ style: "LpNote" })));
  });

  it("writes bookmarks and internal links as docx does", () => {
    const plainBookmark = new BookmarkSpan("evidence_7", [new Span("E-07 Title")]);
    const docxBookmark = new Bookmark({ id: "evidence_7", children: [new TextRun({ text: "E-07 Title" })] });
    // Both draw their number from docx's one bookmark counter, one after the other.
    const number = plainBookmark.id;
    const renumbered = xml(new Paragraph({ style: "LpItemHeading", children: [docxBookmark] })).replaceAll(
      `"w:id":${number + 1}`,
      `"w:id":${number}`,
    );
    expect(xml(new PlainParagraph([plainBookmark], { style: "LpItemHeading" }))).toEqual(renumbered);

    const plainLink = new PlainParagraph(
      [new Span("E-07 Title \u2014 "), new InternalLinkSpan("evidence_7", [new Span("see above (1.2)", { style: "Hyperlink" })])],
      { style: "LpItemHeading" },
    );
    const docxLink = new Paragraph({
      style: "LpItemHeading",
      children: [
        new TextRun({ text: "E-07 Title \u2014 " }),
        new InternalHyperlink({
          anchor: "evidence_7",
          children: [new TextRun({ text: "see above (1.2)", style: "Hyperlink" })],
        }),
      ],
    });
    expect(xml(plainLink)).toEqual(xml(docxLink));
  });
});

describe("PlainRow", () => {
  it("gives docx's XML for a table of rows, header row included", () => {
    const widths = [867, 1446, 2988];
    const rows = [
      { tableHeader: true, fill: "E7ECF5", texts: ["ID", "Date", "Title"], format: { bold: false } },
      { tableHeader: false, fill: undefined, texts: ["E-01", "30 Jun 2026", "Led the <handover> work"], format: {} },
      { tableHeader: false, fill: undefined, texts: ["All", "3", ""], format: { bold: true } },
    ];
    const table = (plain: boolean) =>
      new Table({
        width: { size: 9638, type: WidthType.DXA },
        columnWidths: widths,
        layout: TableLayoutType.FIXED,
        rows: rows.map(({ tableHeader, fill, texts, format }) => {
          const paragraphOptions = (i: number) => ({
            style: "LpTableText",
            alignment: i === 1 ? AlignmentType.CENTER : undefined,
          });
          if (plain) {
            return new PlainRow(
              texts.map((t, i) => ({
                width: widths[i] ?? 0,
                fill,
                margins: { left: 80, right: 80 },
                paragraph: new PlainParagraph([new Span(t, format)], paragraphOptions(i)),
              })),
              { tableHeader },
            );
          }
          return new TableRow({
            tableHeader: tableHeader || undefined,
            cantSplit: true,
            children: texts.map(
              (t, i) =>
                new TableCell({
                  width: { size: widths[i] ?? 0, type: WidthType.DXA },
                  shading: fill ? { type: ShadingType.CLEAR, fill, color: "auto" } : undefined,
                  margins: { left: 80, right: 80 },
                  children: [new Paragraph({ ...paragraphOptions(i), children: [new TextRun({ text: t, ...format })] })],
                }),
            ),
          });
        }),
      });
    expect(xml(table(true))).toEqual(xml(table(false)));
  });
});
