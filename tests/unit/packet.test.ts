import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  EVIDENCE_KIND_LABELS,
  EVIDENCE_SOURCE_LABELS,
  EXPECTATION_STATUS_LABELS,
  SCOPE_LABELS,
  type PacketInput,
} from "~/domain/types";
import { buildPacket, contentDisposition, packetFileName, SECTION_TITLES } from "~/packet/build";
import { canonicalJson, packetFingerprint } from "~/packet/fingerprint";
import { closePacketPool, exportPacket } from "~/packet/pool.server";
import { linkTarget, paragraphsOf, xmlSafe } from "~/packet/sanitize";
import {
  bigCase,
  everyStatusCase,
  hostileCase,
  HOSTILE_BITS,
  OVERSTRETCHED_ID,
  realisticCase,
} from "../fixtures/packet-cases";
import { paragraphs, rawText, withoutRandomIds, xmlParts, xmlProblems } from "../fixtures/packet-docx";

const ORDERED_TITLES = [
  SECTION_TITLES.contents,
  SECTION_TITLES.evidence,
  SECTION_TITLES.gaps,
  SECTION_TITLES.index,
  SECTION_TITLES.about,
];

/** The text of one part: from its heading (the last mention, after the contents page) to the next part's. */
function part(text: string, title: string, next?: string): string {
  const start = text.lastIndexOf(title);
  return next ? text.slice(start, text.lastIndexOf(next)) : text.slice(start);
}

async function open(input: PacketInput) {
  const built = await buildPacket(input);
  const parts = await xmlParts(built.buffer);
  const doc = parts.get("word/document.xml") ?? "";
  return { ...built, parts, doc, paras: paragraphs(doc), text: await rawText(built.buffer) };
}

afterAll(async () => {
  await closePacketPool();
});

describe("xmlSafe", () => {
  it("drops C0 controls but keeps tab, newline and CR", () => {
    const c0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("");
    expect(xmlSafe(`a${c0}b`)).toBe("a\t\n\n\n\rb"); // VT and FF become newlines
  });

  it("replaces non-characters and lone surrogates with U+FFFD", () => {
    expect(xmlSafe("\uFFFE\uFFFF")).toBe("\uFFFD\uFFFD");
    expect(xmlSafe("a\uD83Db")).toBe("a\uFFFDb");
    expect(xmlSafe("a\uDE00b")).toBe("a\uFFFDb");
    expect(xmlSafe("\uDE00\uD83D")).toBe("\uFFFD\uFFFD");
    expect(xmlSafe("\uD83D")).toBe("\uFFFD");
  });

  it("keeps emoji, RTL text and markup-looking text as they are", () => {
    for (const s of [HOSTILE_BITS.emoji, HOSTILE_BITS.arabic, HOSTILE_BITS.hebrew, HOSTILE_BITS.markup, "\uFFFD"]) {
      expect(xmlSafe(s)).toBe(s);
    }
  });

  it("splits multi-paragraph text on line breaks and drops blank lines", () => {
    expect(paragraphsOf("one\n\ntwo\r\nthree\rfour\u2029five\n\n\n")).toEqual(["one", "two", "three", "four", "five"]);
    expect(paragraphsOf("  \n\t\n")).toEqual([]);
  });

  it("links only http(s) and mailto addresses", () => {
    expect(linkTarget("javascript:alert(1)")).toBeNull();
    expect(linkTarget("JAVASCRIPT:alert(1)")).toBeNull();
    expect(linkTarget("data:text/html,x")).toBeNull();
    expect(linkTarget("http://")).toBeNull();
    expect(linkTarget("https://example.com/a b")).toBeNull();
    expect(linkTarget("https://example.com/x?a=1&b=2")).toBe("https://example.com/x?a=1&b=2");
    expect(linkTarget("mailto:a@example.com")).toBe("mailto:a@example.com");
  });
});

describe("packetFileName and contentDisposition", () => {
  it("names the file after the candidate and date", () => {
    expect(packetFileName("Zoë O'Brien-Łukasz", "2026-11-30")).toBe(
      "Promotion packet - Zoë O'Brien-Łukasz - 2026-11-30.docx",
    );
  });

  it("removes characters that are unsafe in file names", () => {
    expect(packetFileName('a/b\\c:d*e?f"g<h>i|j\u0000k\u202Eexe.txt\n', "2026-11-30")).toBe(
      "Promotion packet - abcdefghijkexe.txt - 2026-11-30.docx",
    );
    expect(packetFileName("  ..  ", "2026-11-30")).toBe("Promotion packet - 2026-11-30.docx");
    expect(packetFileName("\uD83D", "")).toBe("Promotion packet.docx");
    expect(Array.from(packetFileName("🚀".repeat(200), "2026-11-30")).filter((c) => c === "🚀")).toHaveLength(80);
  });

  it("gives an ASCII fallback and an RFC 5987 UTF-8 name", () => {
    const header = contentDisposition(packetFileName("Zoë O'Brien-Łukasz", "2026-11-30"));
    expect(header).toBe(
      "attachment; filename=\"Promotion packet - Zoe O'Brien-Lukasz - 2026-11-30.docx\"; " +
        "filename*=UTF-8''Promotion%20packet%20-%20Zo%C3%AB%20O%27Brien-%C5%81ukasz%20-%202026-11-30.docx",
    );
    const encoded = header.split("filename*=UTF-8''")[1] ?? "";
    expect(encoded).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/); // attr-char or pct-encoded only
    expect(decodeURIComponent(encoded)).toBe("Promotion packet - Zoë O'Brien-Łukasz - 2026-11-30.docx");
  });

  it("never lets quotes, backslashes, percent signs or line breaks into the header", () => {
    const header = contentDisposition('a"b\\c%d\r\ne\uD83D🚀.docx');
    expect(header).not.toMatch(/[\r\n]/);
    const fallback = /filename="([^"]*)"/.exec(header)?.[1];
    expect(fallback).toBe("a_b_c_de__.docx");
    expect(header).toMatch(/^[\x20-\x7E]+$/);
  });
});

describe("fingerprint", () => {
  it("is the same for the same input, whatever the key order", () => {
    const reordered = JSON.parse(canonicalJson(realisticCase)) as PacketInput;
    const shuffle = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(shuffle)
        : v !== null && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, shuffle(x)]))
          : v;
    expect(packetFingerprint(shuffle(reordered) as PacketInput)).toBe(packetFingerprint(realisticCase));
    expect(packetFingerprint(realisticCase)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes when any single field changes", () => {
    const base = packetFingerprint(realisticCase);
    const seen = new Set([base]);
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
      else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
      else paths.push(path);
    };
    walk(realisticCase, []);
    expect(paths.length).toBeGreaterThan(150);
    for (const path of paths) {
      const copy = structuredClone(realisticCase) as unknown as Record<string | number, unknown>;
      let holder = copy;
      for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
      const last = path[path.length - 1] as string | number;
      const old = holder[last];
      holder[last] = typeof old === "number" ? old + 1 : typeof old === "string" ? `${old}x` : "x";
      const changed = packetFingerprint(copy as unknown as PacketInput);
      expect(seen.has(changed), `changing ${path.join(".")} must change the fingerprint`).toBe(false);
      seen.add(changed);
    }
  });
});

describe("buildPacket: realistic case", async () => {
  const p = await open(realisticCase);

  it("writes well-formed XML in every part", () => {
    expect(p.parts.size).toBeGreaterThan(10);
    expect(xmlProblems(p.parts)).toEqual([]);
  });

  it("opens with the brief, then the contents and the parts in order as Heading 1", () => {
    expect(p.paras[0]).toEqual({ style: "Title", text: "Promotion packet: Zoë O'Brien-Łukasz" });
    const brief = p.text.slice(0, p.text.indexOf(SECTION_TITLES.contents));
    for (const line of [
      "Candidate: Zoë O'Brien-Łukasz, now Senior DevOps Support Engineer",
      "Target level: L5 Principal DevOps Support Engineer · Manager: Daniel Brooks",
      "Calibration: 10 Dec 2026",
      "Recommendation",
      "Readiness by section",
      "Strongest evidence",
      "Open risks",
    ]) {
      expect(brief).toContain(line);
    }
    expect(p.text).toContain("Generated: 30 Nov 2026, 14:05 UTC");
    expect(brief).toContain("Confidential");
    expect(p.paras.filter((x) => x.style === "Heading1").map((x) => x.text)).toEqual(ORDERED_TITLES);
    let at = -1;
    for (const title of ["Candidate:", ...ORDERED_TITLES.slice(1)]) {
      const next = title === "Candidate:" ? p.text.indexOf(title) : p.text.lastIndexOf(title);
      expect(next, title).toBeGreaterThan(at);
      at = next;
    }
  });

  it("has the manager's texts, one paragraph per paragraph typed", () => {
    const texts = p.paras.map((x) => x.text);
    expect(texts).toContain("I recommend Zoë for promotion to L5 Principal DevOps Support Engineer this cycle.");
    expect(texts.some((t) => t.startsWith("Over the last year she has led"))).toBe(true);
    expect(texts.some((t) => t.startsWith("In short: Strongest on impact"))).toBe(true);
  });

  it("shows readiness per section with the overall line in the brief", () => {
    const glance = p.text.slice(p.text.indexOf("Readiness by section"), p.text.indexOf(SECTION_TITLES.contents));
    for (const h of ["Section", "Strong", "Weak", "Missing", "N/A", "All sections"]) expect(glance).toContain(h);
    for (const s of realisticCase.ladder.sections) expect(glance).toContain(s.title);
    expect(glance).toContain(`Overall: ${realisticCase.analysis.summary}`);
    expect(p.doc).toContain("<w:tblHeader/>");
  });

  it("walks the ladder in order with Heading 2 sections and Heading 3 expectations", () => {
    const h2 = p.paras.filter((x) => x.style === "Heading2").map((x) => x.text);
    const h3 = p.paras.filter((x) => x.style === "Heading3").map((x) => x.text);
    const sections = realisticCase.ladder.sections;
    const byKey = new Map(realisticCase.analysis.sections.flatMap((s) => s.expectations).map((e) => [e.key, e]));
    expect(h2.slice(4, 4 + sections.length)).toEqual(sections.map((s, i) => `${i + 1}. ${s.title}`));
    const expected = sections.flatMap((s, i) =>
      s.expectations.map((e, j) => `${i + 1}.${j + 1} ${e.text} · ${EXPECTATION_STATUS_LABELS[byKey.get(e.key)!.status]}`),
    );
    expect(h3).toHaveLength(expected.length);
    h3.forEach((h, k) => expect(h.startsWith(expected[k]!), h).toBe(true));
  });

  it("writes every evidence item in full with labels from types.ts", () => {
    for (const item of realisticCase.evidence) {
      const full = p.paras.filter((x) => x.style === "LpItemHeading" && x.text === `${item.ref} ${item.title}`);
      // Once in full under its first expectation, and once more on page one if it is among the strongest.
      expect(full.length, item.ref).toBeGreaterThanOrEqual(1);
      expect(p.text.match(new RegExp(`What happened: ${item.whatHappened.slice(0, 30).replace(/[.?()]/g, "\\$&")}`, "g")), item.ref).toHaveLength(1);
      expect(p.text).toContain(EVIDENCE_KIND_LABELS[item.kind]);
      expect(p.text).toContain(SCOPE_LABELS[item.scope]);
      expect(p.text).toContain(EVIDENCE_SOURCE_LABELS[item.source]);
      for (const v of item.vouchers) expect(p.text).toContain(`${v.name} (${v.role})`);
      for (const s of item.supports) expect(p.text).toContain(`Why it counts: ${s.rationale}`);
    }
    expect(p.text).toContain("2 Mar – 20 Mar 2026 · ");
    expect(p.text).toContain("Metric: Median time to first diagnosis down from 3.2 h to 1.1 h");
  });

  it("makes links real external hyperlinks", () => {
    const rels = p.parts.get("word/_rels/document.xml.rels") ?? "";
    for (const url of realisticCase.evidence.flatMap((e) => e.links)) {
      expect(rels).toMatch(new RegExp(`Type="[^"]*/hyperlink" Target="${url.replace(/[.?]/g, "\\$&")}" TargetMode="External"`));
    }
    expect(p.doc.match(/<w:hyperlink [^>]*r:id=/g)?.length).toBe(realisticCase.evidence.flatMap((e) => e.links).length);
  });

  it("lists every item in the evidence index with the expectations it supports", () => {
    const index = part(p.text, SECTION_TITLES.index, SECTION_TITLES.about);
    for (const h of ["ID", "Date", "Title", "Supports"]) expect(index).toContain(h);
    for (const item of realisticCase.evidence) expect(index).toContain(item.ref);
    expect(index).toContain("1.2, 2.1"); // E-01 supports 2.1 and 1.2, listed in ladder order
  });

  it("has header, footer and document properties", () => {
    const header = [...p.parts].find(([k]) => /^word\/header\d*\.xml$/.test(k))?.[1] ?? "";
    const footer = [...p.parts].find(([k]) => /^word\/footer\d*\.xml$/.test(k))?.[1] ?? "";
    expect(paragraphs(header).map((x) => x.text).join("")).toBe("Zoë O'Brien-Łukasz · Promotion packet · Confidential");
    expect(footer).toMatch(/PAGE/);
    expect(footer).toMatch(/NUMPAGES/);
    expect(paragraphs(footer)[0]?.text).toMatch(/^Page .* of /);
    const core = p.parts.get("docProps/core.xml") ?? "";
    expect(core).toContain("<dc:title>Promotion packet: Zoë O'Brien-Łukasz</dc:title>");
    expect(core).toContain("<dc:subject>L5 Principal DevOps Support Engineer</dc:subject>");
    expect(core).toContain("<dc:creator>Daniel Brooks</dc:creator>");
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-30T14:05:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-30T14:05:00Z</dcterms:modified>');
  });

  it("ends with the ladder version and the fingerprint", () => {
    const about = part(p.text, SECTION_TITLES.about);
    expect(about).toContain(`Ladder version hash: ${realisticCase.ladderVersion}`);
    expect(about).toContain(realisticCase.generatedBy);
    expect(about).toContain(`Content fingerprint: ${p.fingerprint}`);
    expect(p.parts.get("docProps/custom.xml")).toContain(p.fingerprint);
    expect(p.fingerprint).toBe(packetFingerprint(realisticCase));
  });

  it("is deterministic: same fingerprint, text, properties and document body", async () => {
    const again = await open(structuredClone(realisticCase));
    expect(again.fingerprint).toBe(p.fingerprint);
    expect(again.text).toBe(p.text);
    expect(again.parts.get("docProps/core.xml")).toBe(p.parts.get("docProps/core.xml"));
    expect(withoutRandomIds(again.doc)).toBe(withoutRandomIds(p.doc));
  });
});

describe("About this packet", () => {
  it("names the ladder with its version date, the hash in small print, the time in the case's zone and UTC", async () => {
    const p = await open({ ...realisticCase, timeZone: "Europe/Berlin", ladderVersionDate: "2026-11-02T10:00:00.000Z" });
    const about = part(p.text, SECTION_TITLES.about);
    expect(about).toContain("Ladder: L5 Principal DevOps Support Engineer, version of 2 Nov 2026");
    expect(p.paras.find((x) => x.text.startsWith("Ladder version hash:"))?.style).toBe("LpSmall");
    expect(about).toContain("Generated: 30 Nov 2026, 15:05 Europe/Berlin (30 Nov 2026, 14:05 UTC)");
  });

  it("counts wording findings and confirmations where the case has them, and says nothing of them otherwise", async () => {
    const without = part((await open(realisticCase)).text, SECTION_TITLES.about);
    expect(without).not.toContain("Wording checks");
    expect(without).not.toContain("Confirmations");
    const p = await open({
      ...realisticCase,
      wordingCounts: { open: 2, fixed: 3, dismissed: 1 },
      confirmationCounts: { confirmedItems: 2, confirmations: 3 },
    });
    const about = part(p.text, SECTION_TITLES.about);
    expect(about).toContain("Wording checks: 2 open, 3 fixed, 1 dismissed");
    expect(about).toContain(`Confirmations: 3 confirmations on 2 of ${realisticCase.evidence.length} items`);
  });

  it("shows who confirmed an item under it and in the brief", async () => {
    const [first, ...rest] = realisticCase.evidence;
    const confirmed = { ...first!, confirmations: [{ name: "Dana Whitfield", relation: "Director of Support", date: "2026-11-20" }] };
    const p = await open({ ...realisticCase, evidence: [confirmed, ...rest] });
    expect(p.text).toContain("Confirmed by: Dana Whitfield (Director of Support), 20 Nov 2026");
  });
});

describe("buildPacket: every status", async () => {
  const p = await open(everyStatusCase);
  const expectations = everyStatusCase.analysis.sections.flatMap((s) => s.expectations);

  it("is well-formed", () => {
    expect(xmlProblems(p.parts)).toEqual([]);
  });

  it("states each status in words", () => {
    const headings = p.paras.filter((x) => x.style === "Heading3").map((x) => x.text);
    for (const status of [
      " · Strong",
      " · Weak — thin",
      " · Weak — stale",
      " · Weak — unverified",
      " · Weak — self-reported only",
      " · Weak — below expected reach",
      " · Missing — no evidence",
      " · Not applicable",
      " · Weak — thin, unverified",
    ]) {
      expect(headings.some((h) => h.endsWith(status)), status).toBe(true);
    }
    expect(p.text).not.toContain("No evidence yet");
    expect(p.text).toContain("Calibration: date not set");
  });

  it("writes an item cited three times in full once, then 'see above' with its own rationale", () => {
    const item = everyStatusCase.evidence.find((e) => e.id === OVERSTRETCHED_ID);
    if (!item) throw new Error("fixture");
    const name = `${item.ref} ${item.title}`;
    expect(p.text.match(/What happened: Ran the review\./g)).toHaveLength(1);
    const repeats = p.paras.filter((x) => x.text.startsWith(`${name} — see`));
    expect(repeats).toHaveLength(2);
    expect(repeats.every((x) => x.text === `${name} — see 1.1`)).toBe(true);
    for (const s of item.supports) expect(p.text).toContain(`Why it counts: ${s.rationale}`);
    // "see above" points at the full write-up by bookmark.
    const anchor = /<w:bookmarkStart [^>]*w:name="(evidence_\d+)"/.exec(p.doc)?.[1];
    expect(anchor).toBeTruthy();
    // Two "see 1.1" pointers, and the brief's link when the item is among the strongest.
    expect(p.doc.match(new RegExp(`<w:hyperlink [^>]*w:anchor="${anchor}"`, "g"))?.length).toBeGreaterThanOrEqual(2);
  });

  it("lists every gap once in a table, with its reasons and the note or not-applicable reason beside it, and no remedies", () => {
    const gaps = part(p.text, SECTION_TITLES.gaps, SECTION_TITLES.index);
    const gapExpectations = expectations.filter((e) => e.status !== "strong");
    expect(gapExpectations).toHaveLength(8);
    const rows = paragraphs(p.doc).filter((x) => x.style === "LpTableText").map((x) => x.text);
    for (const e of gapExpectations) {
      expect(gaps, e.text).toContain(e.text);
      expect(rows.filter((r) => r === e.text), e.text).toHaveLength(1);
      if (e.gapNote) expect(gaps).toContain(e.gapNote);
    }
    expect(gaps).toContain("The team has no on-call rota.");
    expect(gaps).not.toContain("Strong expectation");
    expect(gaps).toContain("Cited for 3 expectations; the limit is 2.");
    for (const e of expectations) for (const r of e.reasons) expect(p.text).not.toContain(r.remedy);
    for (const w of everyStatusCase.analysis.itemWarnings) expect(p.text).not.toContain(w.remedy);
    expect(p.text).not.toMatch(/to clear it/i);
  });

  it("shows a gap note and a not-applicable reason under the expectation they explain", () => {
    const evidence = part(p.text, SECTION_TITLES.evidence, SECTION_TITLES.gaps);
    expect(evidence).toContain("Why not applicable: The team has no on-call rota.");
    for (const e of expectations.filter((x) => x.gapNote)) expect(evidence).toContain(`Manager's note: ${e.gapNote}`);
  });

  it("marks uncited items in the index", () => {
    const index = part(p.text, SECTION_TITLES.index, SECTION_TITLES.about);
    expect(index).toMatch(/E-06\s+2 Jan 2026\s+Uncited item[\s\S]*Not cited/);
    expect(index).toContain("1.1, 1.2, 2.3");
  });
});

describe("buildPacket: hostile text", async () => {
  const p = await open(hostileCase);

  it("stays well-formed XML in every part", () => {
    expect(xmlProblems(p.parts)).toEqual([]);
  });

  it("keeps emoji, RTL and markup-looking text verbatim", () => {
    expect(p.text).toContain(HOSTILE_BITS.emoji);
    expect(p.text).toContain(HOSTILE_BITS.arabic);
    expect(p.text).toContain(HOSTILE_BITS.hebrew);
    expect(p.text).toContain(HOSTILE_BITS.markup);
    expect(p.text).toContain("nc[\uFFFD\uFFFD]");
    expect(p.text).toContain("hi[\uFFFD]");
    expect(p.text).toContain("Long text. ".repeat(100));
    // Inline RTL text is isolated so it cannot reorder the brackets and labels around it.
    expect(p.text).toMatch(new RegExp(`Who can vouch: \u2068*${HOSTILE_BITS.arabic}\u2069 \\(<script>`));
    // A paragraph that starts in Arabic is laid out right to left.
    expect(p.doc).toMatch(/<w:bidi\/>(?:(?!<\/w:p>)[\s\S])*مرحبا بالعالم/);
  });

  it("never turns javascript:, data: or broken addresses into links", () => {
    const rels = p.parts.get("word/_rels/document.xml.rels") ?? "";
    const targets = [...rels.matchAll(/Type="[^"]*\/hyperlink" Target="([^"]*)"/g)].map((m) => m[1]);
    // Only http(s) addresses without inner spaces survive (trailing control characters are trimmed off);
    // quotes and brackets are percent-encoded.
    expect(targets).toEqual(["https://example.com/a?b=1&amp;c=%222%22%3Cx%3E", "https://example.com/ctl"]);
    expect(rels).not.toMatch(/javascript:|data:/i);
    expect(p.text).toContain("javascript:alert(document.cookie)"); // the title is text, shown as typed
    expect(p.text).toContain("javascript:alert(1) (not a web address; not linked)");
  });

  it("has a clean header and core properties", () => {
    const core = p.parts.get("docProps/core.xml") ?? "";
    // Single-line fields fold the surviving tab and line breaks into one space.
    expect(core).toContain("<dc:title>Promotion packet: Zoë ctl[ ]nc[\uFFFD\uFFFD]hi[\uFFFD]emoji 🚀");
    expect(core).toContain(`<dc:creator>${HOSTILE_BITS.hebrew}</dc:creator>`);
  });
});

describe("buildPacket: arbitrary unicode in every field", () => {
  // Replace every free-text leaf of the every-status case; ids, keys and enum values stay, so evidence still links up.
  const STRUCTURAL = new Set(["id", "key", "sectionKey", "expectationKey", "evidenceId", "evidenceIds", "kind", "scope", "source", "status", "code"]);
  const textPaths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (path.some((p) => typeof p === "string" && STRUCTURAL.has(p))) return;
    if (typeof v === "string") textPaths.push(path);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(everyStatusCase, []);

  it("finds the free-text fields", () => {
    expect(textPaths.length).toBeGreaterThan(60);
  });

  it("always gives well-formed XML", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: "binary", maxLength: 40 }), { minLength: textPaths.length, maxLength: textPaths.length }),
        async (strings) => {
          const input = structuredClone(everyStatusCase) as unknown as Record<string | number, unknown>;
          textPaths.forEach((path, i) => {
            let holder = input;
            for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
            holder[path[path.length - 1] as string | number] = strings[i] ?? "";
          });
          const built = await buildPacket(input as unknown as PacketInput);
          const parts = await xmlParts(built.buffer);
          expect(xmlProblems(parts)).toEqual([]);
          expect(contentDisposition(packetFileName(String(input.candidateName), "2026-11-30"))).toMatch(/^[\x20-\x7E]+$/);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe("buildPacket: size", () => {
  it("builds a 1,000-item packet", async () => {
    const input = bigCase(1000);
    const p = await open(input);
    expect(xmlProblems(p.parts)).toEqual([]);
    for (const ref of ["E-0001", "E-0500", "E-1000"]) expect(p.text).toContain(`${ref} Evidence item number`);
    expect(p.paras.filter((x) => x.style === "LpItemHeading" && / — see \d+\.\d+$/.test(x.text))).toHaveLength(1000);
  }, 60_000);
});

describe("exportPacket (worker pool)", () => {
  it("returns the same packet as buildPacket, off the main thread", async () => {
    const direct = await buildPacket(realisticCase);
    const pooled = await exportPacket(realisticCase);
    expect(Buffer.isBuffer(pooled.buffer)).toBe(true);
    expect(pooled.fingerprint).toBe(direct.fingerprint);
    expect(await rawText(pooled.buffer)).toBe(await rawText(direct.buffer));
    const both = await Promise.all([exportPacket(everyStatusCase), exportPacket(hostileCase)]);
    expect(both.map((b) => b.fingerprint)).toEqual([packetFingerprint(everyStatusCase), packetFingerprint(hostileCase)]);
  }, 60_000);
});
