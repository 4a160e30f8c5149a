// The outline written as Word blocks. Plain text, bookmarks and internal links become PlainParagraphs (plain.ts);
// a paragraph with a link to a web address, a list item or a heading that starts a page is made by docx.
import { ExternalHyperlink, HeadingLevel, Paragraph } from "docx";
import { bookmark, bullet, docxChildren, internalLink, para, run, table, type Block, type Inline } from "./blocks";
import type { OutlineBlock, ParagraphRole, Text } from "./outline";
import { PlainParagraph, Span } from "./plain";
import { isRtl } from "./blocks";
import { NUMBERING, STYLE } from "./styles";

const ROLE_STYLE: Record<ParagraphRole, string | undefined> = {
  title: HeadingLevel.TITLE,
  body: undefined,
  meta: STYLE.meta,
  note: STYLE.note,
  small: STYLE.small,
  status: STYLE.status,
  overall: STYLE.overall,
  itemHeading: STYLE.itemHeading,
  itemFacts: STYLE.itemFacts,
  itemBody: STYLE.itemBody,
  contents1: STYLE.contents1,
  contents2: STYLE.contents2,
};

const HEADING_STYLE = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

function inline(text: Text): Inline {
  const format = { ...(text.bold ? { bold: true } : {}), ...(text.italics ? { italics: true } : {}) };
  if (text.anchor) return internalLink(text.anchor, text.text, format);
  if (text.href) {
    return new ExternalHyperlink({ link: text.href, children: docxChildren([run(text.text, { ...format, style: STYLE.hyperlink })]) });
  }
  return run(text.text, Object.keys(format).length > 0 ? format : undefined);
}

function paragraphOf(content: readonly Text[], style: string | undefined, id: string | undefined): Block {
  const inlines = content.map(inline);
  // A bookmark holds runs of text only; a paragraph with links keeps its id off (nothing points at those).
  const spans = inlines.filter((c): c is Span => c instanceof Span);
  if (spans.length === inlines.length) {
    // A paragraph that starts in a right-to-left script is laid out right to left.
    const rtl = isRtl(content.map((c) => c.text).join("")) ? { bidirectional: true } : {};
    return new PlainParagraph(id ? [bookmark(id, spans)] : spans, { style, ...rtl });
  }
  return para(inlines, style);
}

export function renderBlock(block: OutlineBlock): Block[] {
  switch (block.kind) {
    case "heading": {
      const style = HEADING_STYLE[block.level];
      if (block.newPage) {
        return [new Paragraph({ heading: style, pageBreakBefore: true, children: docxChildren([run(block.text)]) })];
      }
      const spans = block.detail ? [run(block.text), run(block.detail, { bold: false })] : [run(block.text)];
      return [new PlainParagraph(block.id ? [bookmark(block.id, spans)] : spans, { style, bidirectional: isRtl(block.text) })];
    }
    case "paragraph":
      return [paragraphOf(block.content, ROLE_STYLE[block.role], block.id)];
    case "list":
      return block.items.map((item) =>
        bullet(item.map(inline), block.indented ? NUMBERING.itemBullets : NUMBERING.bullets),
      );
    case "table":
      return [table(block.columns, block.rows, { totalsRow: block.totalsRow })];
  }
}

export function renderOutline(blocks: readonly OutlineBlock[]): Block[] {
  return blocks.flatMap(renderBlock);
}
