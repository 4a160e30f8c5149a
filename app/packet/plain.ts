// Plain paragraphs and table rows, written without docx's per-element objects (issue 7).
//
// A plain paragraph has a paragraph style, maybe a direction or an alignment, and runs of text (bold, italic or in a
// character style), some of them in a bookmark or an internal link; a plain row has cells holding one plain paragraph
// each. Most of a packet is made of them: an evidence item's lines, every row of the evidence index. For each
// paragraph or cell, docx makes a dozen objects (properties, runs, run properties, text, widths, margins, attributes)
// and, when packing, turns each of them into the XML object its writer takes; for a 1,600-item case that was most of
// the export's time and memory. PlainParagraph and PlainRow make those XML objects directly, once, and docx writes
// them as it writes its own.
//
// The XML objects are the ones docx 9's Paragraph, TextRun, Bookmark, InternalHyperlink, TableRow and TableCell give
// for the same options (tests/unit/packet-plain.test.ts compares them), so they come out byte for byte as docx would
// write them. The rest (links to web addresses, list items, the table's own properties and grid) is still made by
// docx. This leans on docx's XML object format (IXmlableObject, what every docx component's prepForXml returns):
// after a docx upgrade, that test says whether it still holds.
import {
  bookmarkUniqueNumericId,
  EMPTY_OBJECT,
  FileChild,
  TableRow,
  type IContext,
  type IXmlableObject,
} from "docx";

export interface SpanFormat {
  bold?: boolean;
  italics?: boolean;
  /** Character style id. */
  style?: string;
}

const UNFORMATTED: SpanFormat = Object.freeze({});

/** A run of text and its formatting; an option left out is not written, as with docx's TextRun. */
export class Span {
  constructor(
    readonly text: string,
    readonly format: SpanFormat = UNFORMATTED,
  ) {}
}

/** Text that an internal link can point at (docx: Bookmark). Its number is docx's next bookmark id, as a
 *  Bookmark's would be, so ids stay unique alongside any docx bookmarks. */
export class BookmarkSpan {
  readonly id = bookmarkUniqueNumericId();

  constructor(
    readonly name: string,
    readonly spans: readonly Span[],
  ) {}
}

/** A link to a bookmark in the same document (docx: InternalHyperlink). */
export class InternalLinkSpan {
  constructor(
    readonly anchor: string,
    readonly spans: readonly Span[],
  ) {}
}

export type PlainInline = Span | BookmarkSpan | InternalLinkSpan;

export interface PlainParagraphOptions {
  /** Paragraph style id (a heading's too: docx writes `heading` and `style` the same way). */
  style?: string;
  /** Written when given, false included, as docx does (<w:bidi w:val="false"/>). */
  bidirectional?: boolean;
  /** Not for use with `bidirectional: true`, for which docx swaps left and right. */
  alignment?: "left" | "center" | "right";
}

export interface PlainCell {
  /** Width in twips (docx: `width: { size, type: WidthType.DXA }`). */
  width: number;
  /** Background colour (docx: `shading: { type: ShadingType.CLEAR, fill, color: "auto" }`). */
  fill?: string;
  /** Left and right margins in twips (docx: `margins: { left, right }`). */
  margins?: { left: number; right: number };
  paragraph: PlainParagraph;
}

// docx's writer only reads the XML objects, so the parts that repeat (text attributes, run and paragraph properties,
// cell properties) are made once per distinct value and shared. The values all come from the code (style ids,
// column widths), never from user text, so these caches stay small.
function memo<T extends unknown[]>(make: (...args: T) => IXmlableObject): (...args: T) => IXmlableObject {
  const made = new Map<string, IXmlableObject>();
  return (...args) => {
    const key = args.join("|");
    let xml = made.get(key);
    if (!xml) made.set(key, (xml = make(...args)));
    return xml;
  };
}

const PRESERVE = { _attr: { "xml:space": "preserve" } };

/** <w:b/>, or <w:b w:val="false"/> for false. */
function onOff(name: string, value: boolean): IXmlableObject {
  return { [name]: value ? EMPTY_OBJECT : { _attr: { "w:val": false } } };
}

function twips(name: string, value: number): IXmlableObject {
  return { [name]: { _attr: { "w:type": "dxa", "w:w": value } } };
}

/** Run properties in docx's order: character style, bold (and its complex-script twin), italics (likewise). */
const runProperties = memo((style: string | undefined, bold: boolean | undefined, italics: boolean | undefined) => {
  const properties: IXmlableObject[] = [];
  if (style) properties.push({ "w:rStyle": { _attr: { "w:val": style } } });
  if (bold !== undefined) properties.push(onOff("w:b", bold), onOff("w:bCs", bold));
  if (italics !== undefined) properties.push(onOff("w:i", italics), onOff("w:iCs", italics));
  return { "w:rPr": properties };
});

function runXml({ text, format }: Span): IXmlableObject {
  const t = { "w:t": [PRESERVE, text] };
  const { style, bold, italics } = format;
  if (!style && bold === undefined && italics === undefined) return { "w:r": [t] };
  return { "w:r": [runProperties(style, bold, italics), t] };
}

function inlineXml(inline: PlainInline): IXmlableObject[] {
  if (inline instanceof Span) return [runXml(inline)];
  if (inline instanceof BookmarkSpan) {
    return [
      { "w:bookmarkStart": { _attr: { "w:name": inline.name, "w:id": inline.id } } },
      ...inline.spans.map(runXml),
      { "w:bookmarkEnd": { _attr: { "w:id": inline.id } } },
    ];
  }
  return [{ "w:hyperlink": [{ _attr: { "w:history": 1, "w:anchor": inline.anchor } }, ...inline.spans.map(runXml)] }];
}

/** Paragraph properties in docx's order: style, direction, alignment. */
const paragraphProperties = memo(
  (style: string | undefined, bidirectional: boolean | undefined, alignment: string | undefined) => {
    const properties: IXmlableObject[] = [];
    if (style) properties.push({ "w:pStyle": { _attr: { "w:val": style } } });
    if (bidirectional !== undefined) properties.push(onOff("w:bidi", bidirectional));
    if (alignment) properties.push({ "w:jc": { _attr: { "w:val": alignment } } });
    return { "w:pPr": properties };
  },
);

/** A paragraph of spans, bookmarks and internal links, as a section's child; docx writes its XML object as it is. */
export class PlainParagraph extends FileChild {
  readonly xml: IXmlableObject;

  constructor(inlines: readonly PlainInline[], options: PlainParagraphOptions = {}) {
    super("w:p");
    const { style, bidirectional, alignment } = options;
    const children = inlines.flatMap(inlineXml);
    // docx leaves out properties that would be empty.
    if (style || bidirectional !== undefined || alignment) {
      children.unshift(paragraphProperties(style, bidirectional, alignment));
    }
    this.xml = { "w:p": children.length > 0 ? children : EMPTY_OBJECT };
  }

  override prepForXml(_context: IContext): IXmlableObject {
    return this.xml;
  }
}

const rowProperties = memo((tableHeader: boolean) => ({
  "w:trPr": tableHeader
    ? [onOff("w:cantSplit", true), onOff("w:tblHeader", true)]
    : [onOff("w:cantSplit", true)],
}));

/** Cell properties in docx's order: width, shading, margins. */
const cellProperties = memo((width: number, fill: string | undefined, left?: number, right?: number) => {
  const properties = [twips("w:tcW", width)];
  if (fill) properties.push({ "w:shd": { _attr: { "w:fill": fill, "w:color": "auto", "w:val": "clear" } } });
  if (left !== undefined && right !== undefined) {
    properties.push({ "w:tcMar": [twips("w:left", left), twips("w:right", right)] });
  }
  return { "w:tcPr": properties };
});

/**
 * A table row that is never split across pages (docx: `cantSplit: true`), optionally repeated at the top of each page
 * (`tableHeader`). It is a docx TableRow, so a docx Table takes it; but docx does not see its cells, so the table
 * must be given `columnWidths` rather than work them out from the cells.
 */
export class PlainRow extends TableRow {
  readonly #xml: IXmlableObject;

  constructor(cells: readonly PlainCell[], options: { tableHeader?: boolean } = {}) {
    super({ children: [] });
    this.#xml = {
      "w:tr": [
        rowProperties(options.tableHeader === true),
        ...cells.map((c) => ({
          "w:tc": [cellProperties(c.width, c.fill, c.margins?.left, c.margins?.right), c.paragraph.xml],
        })),
      ],
    };
  }

  override prepForXml(_context: IContext): IXmlableObject {
    return this.#xml;
  }
}
