// Reading a .docx someone hands us, to say whether it is a packet we issued. Three facts come out of a file:
//   - the SHA-256 of its bytes: equal to an export's only if the file is exactly the one we issued;
//   - the content fingerprint(s) it claims: the custom document property, and the fingerprint printed in
//     "About this packet" (older packets have only that), which both survive Word and LibreOffice re-saving;
//   - a digest of its text: what a reader sees, which a re-save keeps and an edit changes. A claimed fingerprint
//     is believed only when the text is the issued packet's own (the property alone could be copied into any file).
import { createHash } from "node:crypto";
import JSZip from "jszip";
import { MAX_PACKET_FILE_BYTES, PACKET_FILE_PROBLEMS } from "../domain/packet-file";
import { FINGERPRINT_LABEL, FINGERPRINT_PROPERTY } from "./sections";

export { MAX_PACKET_FILE_BYTES };
/** Uncompressed size of the document part we are willing to read (a zip bomb stops here). */
const MAX_DOCUMENT_XML_BYTES = 200 * 1024 * 1024;

export interface PacketFileFacts {
  sha256: string;
  /** Content fingerprints the file claims, lower-case hex, without duplicates. */
  fingerprints: string[];
  textDigest: string;
}

export type PacketFileReading = { ok: true; facts: PacketFileFacts } | { ok: false; problem: string };

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const decodeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&");

/** The document's visible text in order: every <w:t> of the body, as Word and LibreOffice both write it. */
export function documentText(documentXml: string): string {
  let text = "";
  for (const m of documentXml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)) text += decodeXml(m[1] ?? "");
  return text;
}

/**
 * A digest of the text that a re-save keeps: white space is dropped (an editor may split, join or re-indent
 * runs and turn spaces into tabs), and the text is NFC-normalised. Anything a reader would see as different
 * words changes it.
 */
export function textDigest(text: string): string {
  return sha256Hex(Buffer.from(text.normalize("NFC").replace(/\s+/gu, ""), "utf8"));
}

function fingerprintsIn(customXml: string | null, text: string): string[] {
  const found = new Set<string>();
  if (customXml) {
    const name = FINGERPRINT_PROPERTY.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const property = new RegExp(`<property\\b[^>]*\\bname="${name}"[^>]*>\\s*<vt:lpwstr>\\s*([0-9a-fA-F]{64})\\s*<`);
    const m = property.exec(customXml);
    if (m?.[1]) found.add(m[1].toLowerCase());
  }
  // Printed in "About this packet": the current label, and the one packets carried before it.
  const printed = new RegExp(`(?:${FINGERPRINT_LABEL}|Fingerprint \\(SHA-256\\)):\\s*([0-9a-fA-F]{64})`, "g");
  for (const m of text.matchAll(printed)) if (m[1]) found.add(m[1].toLowerCase());
  return [...found];
}

async function documentParts(bytes: Uint8Array): Promise<{ documentXml: string; customXml: string | null } | null> {
  // A .docx is a zip archive: it starts with a local file header.
  if (bytes.byteLength < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return null;
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return null;
  }
  const document = zip.file("word/document.xml");
  if (!document) return null;
  const declared = (document as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize;
  if (typeof declared === "number" && declared > MAX_DOCUMENT_XML_BYTES) return null;
  try {
    const documentXml = await document.async("string");
    const customXml = (await zip.file("docProps/custom.xml")?.async("string")) ?? null;
    return { documentXml, customXml };
  } catch {
    return null;
  }
}

/** The text digest of a packet's bytes (one we stored, or one uploaded); null when it is not a .docx. */
export async function packetTextDigest(bytes: Uint8Array): Promise<string | null> {
  const parts = await documentParts(bytes);
  return parts ? textDigest(documentText(parts.documentXml)) : null;
}

export async function readPacketFile(bytes: Uint8Array): Promise<PacketFileReading> {
  if (bytes.byteLength === 0) return { ok: false, problem: PACKET_FILE_PROBLEMS.empty };
  if (bytes.byteLength > MAX_PACKET_FILE_BYTES) return { ok: false, problem: PACKET_FILE_PROBLEMS.tooLarge };
  const parts = await documentParts(bytes);
  if (!parts) return { ok: false, problem: PACKET_FILE_PROBLEMS.notDocx };
  const text = documentText(parts.documentXml);
  return {
    ok: true,
    facts: { sha256: sha256Hex(bytes), fingerprints: fingerprintsIn(parts.customXml, text), textDigest: textDigest(text) },
  };
}
