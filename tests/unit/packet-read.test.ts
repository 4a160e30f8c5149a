import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { MAX_PACKET_FILE_BYTES, PACKET_FILE_PROBLEMS } from "~/domain/packet-file";
import { buildPacket } from "~/packet/build";
import { documentText, readPacketFile, sha256Hex, textDigest } from "~/packet/read";
import { SECTION_TITLES } from "~/packet/sections";
import { realisticCase } from "../fixtures/packet-cases";
import { editDocxText } from "../fixtures/packet-docx";

describe("reading a packet file", () => {
  it("finds the bytes' SHA-256, the content fingerprint it carries and a digest of its text", async () => {
    const built = await buildPacket(realisticCase);
    const reading = await readPacketFile(built.buffer);
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.facts.sha256).toBe(sha256Hex(built.buffer));
    expect(reading.facts.fingerprints).toEqual([built.fingerprint]);
    expect(reading.facts.textDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads the fingerprint from the printed line when the document property is gone (older packets)", async () => {
    const built = await buildPacket(realisticCase);
    const zip = await JSZip.loadAsync(built.buffer);
    zip.remove("docProps/custom.xml");
    const reading = await readPacketFile(await zip.generateAsync({ type: "uint8array" }));
    expect(reading.ok && reading.facts.fingerprints).toEqual([built.fingerprint]);
  });

  it("gives the same text digest whatever the white space, and a new one for different words", async () => {
    const built = await buildPacket(realisticCase);
    const before = await readPacketFile(built.buffer);
    const respaced = await readPacketFile(await editDocxText(built.buffer, SECTION_TITLES.about, "About  this\tpacket"));
    const edited = await readPacketFile(await editDocxText(built.buffer, SECTION_TITLES.about, "About that packet"));
    if (!before.ok || !respaced.ok || !edited.ok) throw new Error("unreadable");
    expect(respaced.facts.textDigest).toBe(before.facts.textDigest);
    expect(edited.facts.textDigest).not.toBe(before.facts.textDigest);
    expect(respaced.facts.sha256).not.toBe(before.facts.sha256);
  });

  it("reads text with entities as the reader sees it", () => {
    expect(documentText('<w:p><w:r><w:t xml:space="preserve">A &amp; B &lt;</w:t></w:r><w:r><w:t>C</w:t></w:r></w:p>')).toBe("A & B <C");
    expect(textDigest("A  B\n")).toBe(textDigest("AB"));
  });

  it("refuses what is not a .docx: other files, a zip without a document, an empty or oversized file", async () => {
    const zip = new JSZip();
    zip.file("hello.txt", "hi");
    const otherZip = await zip.generateAsync({ type: "uint8array" });
    for (const bytes of [new TextEncoder().encode("%PDF-1.7 not a docx"), otherZip, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0])]) {
      expect(await readPacketFile(bytes)).toEqual({ ok: false, problem: PACKET_FILE_PROBLEMS.notDocx });
    }
    expect(await readPacketFile(new Uint8Array(0))).toEqual({ ok: false, problem: PACKET_FILE_PROBLEMS.empty });
    expect(await readPacketFile(new Uint8Array(MAX_PACKET_FILE_BYTES + 1))).toEqual({ ok: false, problem: PACKET_FILE_PROBLEMS.tooLarge });
  });
});
