// The packet's outline as HTML: the same blocks, in the same order, as the Word file. Printable on its own.
import type { OutlineBlock, ParagraphRole, Text } from "~/packet/outline";

function Inline({ text }: { text: Text }) {
  let node: React.ReactNode = text.text;
  if (text.italics) node = <em>{node}</em>;
  if (text.bold) node = <strong>{node}</strong>;
  if (text.anchor) return <a href={`#${text.anchor}`}>{node}</a>;
  if (text.href) {
    return (
      <a href={text.href} rel="noopener noreferrer nofollow">
        {node}
      </a>
    );
  }
  return <>{node}</>;
}

function Texts({ content }: { content: readonly Text[] }) {
  return (
    <>
      {content.map((text, i) => (
        <Inline key={i} text={text} />
      ))}
    </>
  );
}

const ROLE_CLASS: Record<ParagraphRole, string> = {
  title: "packet-preview__title",
  body: "",
  meta: "packet-preview__meta",
  note: "packet-preview__note",
  small: "packet-preview__small",
  status: "packet-preview__status",
  overall: "packet-preview__overall",
  itemHeading: "packet-preview__item-heading",
  itemFacts: "packet-preview__item-facts",
  itemBody: "packet-preview__item-body",
  contents1: "packet-preview__contents1",
  contents2: "packet-preview__contents2",
};

function Block({ block }: { block: OutlineBlock }) {
  switch (block.kind) {
    case "heading": {
      const Tag = ({ 1: "h2", 2: "h3", 3: "h4" } as const)[block.level];
      return (
        <Tag id={block.id} className={block.newPage ? "packet-preview__new-page" : undefined}>
          {block.text}
          {block.detail ? <span className="packet-preview__detail">{block.detail}</span> : null}
        </Tag>
      );
    }
    case "paragraph":
      if (block.role === "title") {
        return (
          <h2 id={block.id} className={ROLE_CLASS.title}>
            <Texts content={block.content} />
          </h2>
        );
      }
      return (
        <p id={block.id} className={ROLE_CLASS[block.role] || undefined}>
          <Texts content={block.content} />
        </p>
      );
    case "list":
      return (
        <ul className={block.indented ? "packet-preview__item-body" : undefined}>
          {block.items.map((item, i) => (
            <li key={i}>
              <Texts content={item} />
            </li>
          ))}
        </ul>
      );
    case "table":
      return (
        <div className="table-wrap">
          <table className="table packet-preview__table">
            <caption className="visually-hidden">{block.caption}</caption>
            <thead>
              <tr>
                {block.columns.map((c) => (
                  <th key={c.header} scope="col">
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r} className={block.totalsRow && r === block.rows.length - 1 ? "packet-preview__totals" : undefined}>
                  {row.map((cell, c) => (
                    <td key={c} className={block.columns[c]?.align === "center" ? "numeric" : undefined}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

export function PacketPreview({ blocks }: { blocks: readonly OutlineBlock[] }) {
  return (
    <article className="packet-preview" aria-label="Packet preview">
      {blocks.map((block, i) => (
        <Block key={i} block={block} />
      ))}
    </article>
  );
}
