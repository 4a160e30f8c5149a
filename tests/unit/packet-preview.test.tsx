import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PacketPreview } from "~/components/packet-preview";
import { buildPacket } from "~/packet/build";
import { previewOutline } from "~/packet/parts";
import { everyStatusCase, hostileCase, realisticCase } from "../fixtures/packet-cases";
import { paragraphs, xmlParts } from "../fixtures/packet-docx";

const decode = (s: string) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");

/** Text of the HTML's headings and paragraphs, in document order. */
function htmlTexts(html: string): string[] {
  return [...html.matchAll(/<(h[2-4]|p|li|th|td)\b[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => decode((m[2] ?? "").replace(/<[^>]+>/g, "")));
}

describe("packet preview", () => {
  it("shows the same text as the Word packet, in the same order", async () => {
    for (const input of [realisticCase, everyStatusCase]) {
      const html = renderToStaticMarkup(<PacketPreview blocks={previewOutline(input)} />);
      const doc = (await xmlParts((await buildPacket(input)).buffer)).get("word/document.xml") ?? "";
      const word = paragraphs(doc).map((p) => p.text).filter(Boolean);
      const shown = htmlTexts(html).filter(Boolean);
      // The Word packet's "About" part carries the fingerprint; the preview says it is a preview instead.
      const aboutAt = (texts: string[]) => texts.findLastIndex((x) => x === "About this packet");
      expect(shown.slice(0, aboutAt(shown))).toEqual(word.slice(0, aboutAt(word)));
      expect(shown.join("\n")).toContain("This is a preview, not an issued packet.");
      expect(shown.join("\n")).not.toContain("Content fingerprint:");
    }
  });

  it("links only checked web addresses and escapes hostile text", () => {
    const html = renderToStaticMarkup(<PacketPreview blocks={previewOutline(hostileCase)} />);
    expect(html).not.toMatch(/href="(?:javascript|data):/i);
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script");
  });
});
