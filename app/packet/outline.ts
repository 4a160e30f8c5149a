// The packet as a document outline: what it says and in which order, with no Word or HTML in it. The section
// builders (parts.ts) produce it; render-docx.ts writes it as the Word packet and components/packet-preview.tsx
// shows it in the browser, so the download and the preview cannot drift apart.

/** A run of text. `href` is an address already checked as linkable; `anchor` links to a block's `id`. */
export interface Text {
  readonly text: string;
  readonly bold?: boolean;
  readonly italics?: boolean;
  readonly href?: string;
  readonly anchor?: string;
}

/** What a paragraph is for; each renderer maps a role to its own style. */
export type ParagraphRole =
  | "title"
  | "body"
  | "meta"
  | "note"
  | "small"
  | "status"
  | "overall"
  | "itemHeading"
  | "itemFacts"
  | "itemBody"
  | "contents1"
  | "contents2";

export interface Column {
  readonly header: string;
  /** Share of the text width, in per cent; the shares of a table add up to 100. */
  readonly percent: number;
  readonly align?: "left" | "center";
}

export type OutlineBlock =
  | {
      readonly kind: "heading";
      readonly level: 1 | 2 | 3;
      readonly text: string;
      /** Quieter words after the heading's own: an expectation's status. */
      readonly detail?: string;
      readonly id?: string;
      /** Starts a new page (the contents, after the one-page brief). */
      readonly newPage?: boolean;
    }
  | { readonly kind: "paragraph"; readonly role: ParagraphRole; readonly content: readonly Text[]; readonly id?: string }
  | { readonly kind: "list"; readonly indented?: boolean; readonly items: readonly (readonly Text[])[] }
  | {
      readonly kind: "table";
      readonly caption: string;
      readonly columns: readonly Column[];
      /** One string per column; each cell is one line of text. */
      readonly rows: readonly (readonly string[])[];
      readonly totalsRow?: boolean;
    };

export const t = (text: string, format: Omit<Text, "text"> = {}): Text => ({ text, ...format });

export function heading(level: 1 | 2 | 3, text: string, id?: string): OutlineBlock {
  return id ? { kind: "heading", level, text, id } : { kind: "heading", level, text };
}

export function paragraph(role: ParagraphRole, content: readonly Text[], id?: string): OutlineBlock {
  return id ? { kind: "paragraph", role, content, id } : { kind: "paragraph", role, content };
}

/** "Label: value" on one line, the label in bold. */
export function labelled(label: string, value: string, role: ParagraphRole = "meta"): OutlineBlock {
  return paragraph(role, [t(`${label}: `, { bold: true }), t(value)]);
}

/** The text of a block, for tests and for the preview's accessible names. */
export function blockText(block: OutlineBlock): string {
  switch (block.kind) {
    case "heading":
      return block.detail ? `${block.text}${block.detail}` : block.text;
    case "paragraph":
      return block.content.map((c) => c.text).join("");
    case "list":
      return block.items.map((i) => i.map((c) => c.text).join("")).join("\n");
    case "table":
      return [block.columns.map((c) => c.header), ...block.rows].map((r) => r.join(" ")).join("\n");
  }
}
