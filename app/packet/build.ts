// The calibration packet: a Word document built from a PacketInput. Section builders live in sections.ts; this
// file wires them together, sets the page furniture and document properties, and packs once at the end.
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from "docx";
import type { PacketInput } from "../domain/types";
import { docxChildren, run } from "./blocks";
import { createPacketContext, type PacketContext } from "./context";
import { packetFingerprint } from "./fingerprint";
import { isolate, oneLine } from "./sanitize";
import { packetOutline } from "./parts";
import { FINGERPRINT_PROPERTY } from "./sections";
import { renderOutline } from "./render-docx";
import { packetNumbering, packetStyles, PAGE, STYLE } from "./styles";

export { contentDisposition, packetFileName } from "./filename";
export { SECTION_TITLES } from "./sections";

export interface BuiltPacket {
  buffer: Buffer;
  fingerprint: string;
}

function pageHeader(ctx: PacketContext): Header {
  // A docx Paragraph: a header takes only those (one paragraph, so the faster PlainParagraph would gain nothing).
  return new Header({
    children: [
      new Paragraph({
        style: STYLE.headerFooter,
        alignment: AlignmentType.RIGHT,
        children: docxChildren([
          run(`${isolate(oneLine(ctx.input.candidateName))} \u00B7 Promotion packet \u00B7 `),
          run("Confidential", { bold: true }),
        ]),
      }),
    ],
  });
}

function pageFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: STYLE.headerFooter,
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });
}

interface CoreProperties {
  title: string;
  subject: string;
  creator: string;
  lastModifiedBy: string;
}

function coreProperties(ctx: PacketContext): CoreProperties {
  return {
    title: `Promotion packet: ${oneLine(ctx.input.candidateName)}`,
    subject: ctx.target,
    creator: oneLine(ctx.input.managerName),
    lastModifiedBy: oneLine(ctx.input.generatedBy),
  };
}

function escapeXmlText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * docx stamps docProps/core.xml with the wall clock and has no option for it, so the part is replaced (Packer's
 * override hook) with the same properties dated at input.generatedAt: the same input gives the same core.xml.
 */
function corePropertiesXml(props: CoreProperties, generatedAt: string): string {
  const t = Date.parse(generatedAt);
  const stamp = Number.isNaN(t) ? null : new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
  const el = (name: string, value: string) => (value ? `<${name}>${escapeXmlText(value)}</${name}>` : "");
  const date = (name: string) => (stamp ? `<${name} xsi:type="dcterms:W3CDTF">${stamp}</${name}>` : "");
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
    `xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    el("dc:title", props.title) +
    el("dc:subject", props.subject) +
    el("dc:creator", props.creator) +
    el("cp:lastModifiedBy", props.lastModifiedBy) +
    `<cp:revision>1</cp:revision>` +
    date("dcterms:created") +
    date("dcterms:modified") +
    `</cp:coreProperties>`
  );
}

export async function buildPacket(input: PacketInput): Promise<BuiltPacket> {
  // Before building: the fingerprint identifies the input, and is printed inside the document it identifies.
  const fingerprint = packetFingerprint(input);
  const ctx = createPacketContext(input, fingerprint);
  const props = coreProperties(ctx);

  const doc = new Document({
    ...props,
    customProperties: [{ name: FINGERPRINT_PROPERTY, value: fingerprint }],
    styles: packetStyles,
    numbering: packetNumbering,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, right: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin },
          },
        },
        headers: { default: pageHeader(ctx) },
        footers: { default: pageFooter() },
        children: renderOutline(packetOutline(ctx)),
      },
    ],
  });

  const buffer = await Packer.toBuffer(doc, false, [
    { path: "docProps/core.xml", data: corePropertiesXml(props, input.generatedAt) },
  ]);
  return { buffer, fingerprint };
}
