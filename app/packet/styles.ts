// Style ids, numbering references and page geometry, named once so the section builders never spell them out.
import { AlignmentType, LevelFormat, type INumberingOptions, type IStylesOptions } from "docx";

export const STYLE = {
  /** Label/value lines of the title block and "About this packet". */
  meta: "LpMeta",
  /** The bold first line of an evidence item, written in full or cited again. */
  itemHeading: "LpItemHeading",
  /** Date, kind, scope and source of an evidence item. */
  itemFacts: "LpItemFacts",
  /** An evidence item's text, indented under its expectation so each item reads as one unit. */
  itemBody: "LpItemBody",
  /** Secondary facts in a smaller size: the ladder version's hash. */
  small: "LpSmall",
  /** Entries of the contents page: a part, and a ladder section under it. */
  contents1: "LpContents1",
  contents2: "LpContents2",
  /** The overall line under the readiness table. */
  overall: "LpOverall",
  /** "Status: Weak — thin, unverified". */
  status: "LpStatus",
  /** Quieter text: ladder intros, "No evidence yet.", notes under tables. */
  note: "LpNote",
  /** Text inside table cells, a size smaller than body text. */
  tableText: "LpTableText",
  tableHeading: "LpTableHeading",
  headerFooter: "LpHeaderFooter",
  /** Built into docx's default styles. */
  hyperlink: "Hyperlink",
} as const;

export const NUMBERING = {
  bullets: "lp-bullets",
  /** Bullets inside an indented evidence item. */
  itemBullets: "lp-item-bullets",
} as const;

const ITEM_INDENT = 284; // twips, 0.5 cm

/** A4 with 2 cm margins; the tables are laid out against this width. */
export const PAGE = {
  width: 11906,
  height: 16838,
  margin: 1134,
} as const;
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;

const BODY_SIZE = 20; // half-points: 10 pt
const SMALL_SIZE = 18;
const QUIET = "595959"; // grey that still passes contrast on white

export const packetStyles: IStylesOptions = {
  default: {
    document: {
      run: { font: "Calibri", size: BODY_SIZE },
      paragraph: { spacing: { after: 80, line: 250 } },
    },
    title: { run: { size: 40, bold: true, color: "1F3864" }, paragraph: { spacing: { before: 0, after: 120 } } },
    heading1: {
      run: { size: 30, bold: true, color: "1F3864" },
      paragraph: { spacing: { before: 300, after: 100 }, keepNext: true, keepLines: true },
    },
    heading2: {
      run: { size: 24, bold: true, color: "2F5496" },
      paragraph: { spacing: { before: 200, after: 80 }, keepNext: true, keepLines: true },
    },
    heading3: {
      run: { size: 22, bold: true, color: "1F3864" },
      paragraph: { spacing: { before: 180, after: 40 }, keepNext: true, keepLines: true },
    },
  },
  paragraphStyles: [
    {
      id: STYLE.meta,
      name: "Packet meta",
      basedOn: "Normal",
      paragraph: { spacing: { after: 40 } },
    },
    {
      id: STYLE.itemHeading,
      name: "Packet evidence heading",
      basedOn: "Normal",
      next: STYLE.itemFacts,
      run: { bold: true },
      paragraph: { spacing: { before: 100, after: 0 }, indent: { left: ITEM_INDENT }, keepNext: true, keepLines: true },
    },
    {
      id: STYLE.itemFacts,
      name: "Packet evidence facts",
      basedOn: "Normal",
      run: { size: SMALL_SIZE, color: QUIET },
      paragraph: { spacing: { after: 20 }, indent: { left: ITEM_INDENT }, keepNext: true },
    },
    {
      id: STYLE.itemBody,
      name: "Packet evidence text",
      basedOn: "Normal",
      paragraph: { spacing: { after: 20 }, indent: { left: ITEM_INDENT } },
    },
    {
      id: STYLE.small,
      name: "Packet small print",
      basedOn: "Normal",
      run: { size: SMALL_SIZE - 2, color: QUIET },
      paragraph: { spacing: { after: 40 } },
    },
    {
      id: STYLE.contents1,
      name: "Packet contents 1",
      basedOn: "Normal",
      paragraph: { spacing: { before: 60, after: 20 }, keepNext: true },
    },
    {
      id: STYLE.contents2,
      name: "Packet contents 2",
      basedOn: "Normal",
      paragraph: { spacing: { after: 20 }, indent: { left: ITEM_INDENT * 2 } },
    },
    {
      id: STYLE.overall,
      name: "Packet overall",
      basedOn: "Normal",
      paragraph: { spacing: { before: 120, after: 120 } },
    },
    {
      id: STYLE.status,
      name: "Packet status",
      basedOn: "Normal",
      run: { bold: true },
      paragraph: { spacing: { before: 60, after: 60 }, keepNext: true },
    },
    {
      id: STYLE.note,
      name: "Packet note",
      basedOn: "Normal",
      run: { italics: true, color: QUIET },
    },
    {
      id: STYLE.tableText,
      name: "Packet table text",
      basedOn: "Normal",
      run: { size: SMALL_SIZE },
      paragraph: { spacing: { before: 20, after: 20, line: 240 } },
    },
    {
      id: STYLE.tableHeading,
      name: "Packet table heading",
      basedOn: STYLE.tableText,
      run: { bold: true },
    },
    {
      id: STYLE.headerFooter,
      name: "Packet header and footer",
      basedOn: "Normal",
      run: { size: SMALL_SIZE, color: QUIET },
      paragraph: { spacing: { after: 0 } },
    },
  ],
};

export const packetNumbering: INumberingOptions = {
  config: [
    {
      reference: NUMBERING.bullets,
      levels: [
        {
          level: 0,
          format: LevelFormat.BULLET,
          text: "\u2022",
          alignment: AlignmentType.LEFT,
          style: { paragraph: { indent: { left: 500, hanging: 260 } } },
        },
      ],
    },
    {
      reference: NUMBERING.itemBullets,
      levels: [
        {
          level: 0,
          format: LevelFormat.BULLET,
          text: "\u2022",
          alignment: AlignmentType.LEFT,
          style: { paragraph: { indent: { left: ITEM_INDENT + 500, hanging: 260 } } },
        },
      ],
    },
  ],
};
