import { describe, expect, it } from "vitest";
import {
  CASE_FILE_MAX_EVIDENCE,
  formatPath,
  parseCaseFile,
  serializeCaseFile,
  validateCaseFile,
  type CaseFile,
} from "~/domain/case-file";
import { LINKS_MAX, TEXT_MAX, TITLE_MAX } from "~/forms/evidence";

const HASH = "3f".repeat(32);

function item(ref: string, overrides: Record<string, unknown> = {}) {
  return {
    ref,
    title: `Item ${ref}`,
    whatHappened: "Led the escalation review across three regions.",
    outcome: "Every P1 has a named owner.",
    metric: null,
    dateStart: "2026-01-10",
    dateEnd: null,
    kind: "initiative",
    scope: "organisation",
    source: "observed",
    links: ["https://wiki.example.com/rota"],
    vouchers: [{ name: "Dana Whitfield", role: "Director of Support" }],
    supports: [{ expectationKey: "impact.0123456789", rationale: "Organisation-wide change." }],
    ...overrides,
  };
}

function file(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: "ladderproof.case",
    version: 1,
    exportedAt: "2026-03-14T09:30:00.000Z",
    ladder: {
      slug: "L5-Principal-DevOps-Support-Engineer",
      level: 5,
      title: "Principal DevOps Support Engineer",
      contentHash: HASH,
    },
    case: {
      candidateName: "Priya Raman",
      currentTitle: "Senior DevOps Support Engineer (L4)",
      calibrationDate: "2026-06-01",
      summary: "Strong on cross-team work.",
      recommendation: "Promote.",
      status: "draft",
    },
    evidence: [
      item("E-01"),
      item("E-03", { metric: "P1 time to owner 47 -> 9 min", dateEnd: "2026-03-01", links: [] }),
    ],
    marks: [{ expectationKey: "impact.0123456789", notApplicableReason: null, gapNote: "Asking peers." }],
    ...overrides,
  };
}

const text = (value: unknown) => JSON.stringify(value);

function problemsOf(input: string): string[] {
  const result = parseCaseFile(input);
  if (result.ok) throw new Error("expected problems, got a file");
  return result.problems;
}

describe("parseCaseFile accepts", () => {
  it("a complete file, and reads back exactly what it serializes", () => {
    const result = parseCaseFile(text(file()));
    expect(result.ok).toBe(true);
    const parsed = (result as { file: CaseFile }).file;
    expect(parsed).toEqual(file());
    expect(parseCaseFile(serializeCaseFile(parsed))).toEqual({ ok: true, file: parsed });
    expect(serializeCaseFile(parsed).endsWith("}\n")).toBe(true);
  });

  it("a minimal file, filling in what may be left out", () => {
    const minimal = file({ exportedAt: undefined, marks: undefined });
    const c = minimal.case as Record<string, unknown>;
    delete c.calibrationDate;
    delete c.summary;
    delete c.recommendation;
    delete c.status;
    const bare = item("E-01");
    for (const key of ["metric", "dateEnd", "links", "vouchers"] as const)
      delete (bare as Record<string, unknown>)[key];
    const result = parseCaseFile(text({ ...minimal, evidence: [bare] }));
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.file.exportedAt).toBeNull();
    expect(result.file.marks).toEqual([]);
    expect(result.file.case).toMatchObject({ calibrationDate: null, summary: "", recommendation: "", status: "draft" });
    expect(result.file.evidence[0]).toMatchObject({ metric: null, dateEnd: null, links: [], vouchers: [] });
  });

  it("a byte order mark, surrounding spaces in text fields, and an end date equal to the start", () => {
    const result = parseCaseFile(
      `\ufeff${text(file({ evidence: [item("E-01", { title: "  Padded  ", dateEnd: "2026-01-10" })] }))}`,
    );
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.file.evidence[0]).toMatchObject({ title: "Padded", dateEnd: null });
  });

  it("unknown keys, dropping them, and __proto__ keys without touching any prototype", () => {
    const hostile =
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, ' +
      text(file({ extra: 1 }))
        .slice(1)
        .replace('"ref":"E-01"', '"ref":"E-01","__proto__":{"polluted":true}');
    const result = parseCaseFile(hostile);
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result.file)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.file.evidence[0])).toBe(Object.prototype);
    expect(Object.keys(result.file)).not.toContain("extra");
    expect(Object.prototype.hasOwnProperty.call(result.file.evidence[0], "__proto__")).toBe(false);
  });
});

describe("parseCaseFile refuses", () => {
  it("text that is not JSON, or JSON that is not an object", () => {
    expect(problemsOf("{ not json")).toEqual([expect.stringMatching(/^\(file\): This is not valid JSON \(/)]);
    expect(problemsOf("")).toEqual([expect.stringMatching(/^\(file\): This is not valid JSON/)]);
    expect(problemsOf("[]")).toEqual(['(file): Expected a JSON object with "format": "ladderproof.case".']);
    expect(problemsOf("null")).toHaveLength(1);
  });

  it("another format, alone, without a page of other complaints", () => {
    expect(problemsOf(text({ format: "something.else", evidence: "x" }))).toEqual([
      'format: This is not a Ladderproof case file (expected "format": "ladderproof.case", found "something.else").',
    ]);
    expect(problemsOf(text({ name: "package.json" }))).toEqual([expect.stringMatching(/^format: .*found nothing/)]);
  });

  it("a newer or unknown version", () => {
    expect(problemsOf(text(file({ version: 2 })))).toEqual([
      expect.stringMatching(/^version: .*version 2, written by a newer Ladderproof/),
    ]);
    expect(problemsOf(text(file({ version: "1" })))).toEqual([
      expect.stringMatching(/^version: Unsupported case file version "1"/),
    ]);
    expect(problemsOf(text(file({ version: undefined })))).toEqual([
      expect.stringMatching(/^version: Unsupported .*\(missing\)/),
    ]);
  });

  it("over-long fields, with the limits of the web form", () => {
    const problems = problemsOf(
      text(
        file({
          case: { ...(file().case as object), candidateName: "x".repeat(TITLE_MAX + 1) },
          evidence: [
            item("E-01", {
              whatHappened: "y".repeat(TEXT_MAX + 1),
              links: Array.from({ length: LINKS_MAX + 1 }, (_, i) => `https://example.com/${i}`),
            }),
          ],
        }),
      ),
    );
    expect(problems).toEqual([
      `case.candidateName: Keep it to ${TITLE_MAX} characters or fewer.`,
      "evidence[0].whatHappened: Keep it to 10,000 characters or fewer.",
      `evidence[0].links: Add at most ${LINKS_MAX} links.`,
    ]);
  });

  it("dates that are not real, and an end before the start", () => {
    expect(
      problemsOf(
        text(file({ evidence: [item("E-01"), item("E-02"), item("E-03"), item("E-04", { dateStart: "2026-02-30" })] })),
      ),
    ).toEqual(["evidence[3].dateStart: The date must be a real date."]);
    expect(problemsOf(text(file({ evidence: [item("E-01", { dateStart: "14/03/2026" })] })))).toEqual([
      "evidence[0].dateStart: Enter the date as a real date, like 2026-03-14.",
    ]);
    expect(problemsOf(text(file({ evidence: [item("E-01", { dateEnd: "2026-01-01" })] })))).toEqual([
      "evidence[0].dateEnd: The end date must be on or after the start date.",
    ]);
    expect(problemsOf(text(file({ exportedAt: "yesterday" })))).toEqual([expect.stringMatching(/^exportedAt: /)]);
  });

  it("links that are not http or https", () => {
    const links = ["javascript:alert(1)", "data:text/html,<script>", "file:///etc/passwd", "https://ok.example.com"];
    expect(problemsOf(text(file({ evidence: [item("E-01", { links })] })))).toEqual(
      [0, 1, 2].map((i) => `evidence[0].links[${i}]: Enter a web address that starts with http:// or https://.`),
    );
  });

  it("unknown kinds, scopes, sources and statuses, listing the allowed values", () => {
    const problems = problemsOf(
      text(
        file({
          case: { ...(file().case as object), status: "approved" },
          evidence: [item("E-01", { kind: "party", scope: "galaxy", source: "rumour" })],
        }),
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^case\.status: .*\(one of draft, ready, archived\)$/),
      expect.stringMatching(
        /^evidence\[0\]\.kind: Choose what kind of evidence this is\. \(one of incident, .*other\)$/,
      ),
      expect.stringMatching(/^evidence\[0\]\.scope: .*\(one of individual, .*customers\)$/),
      expect.stringMatching(/^evidence\[0\]\.source: .*\(one of observed, .*metric\)$/),
    ]);
  });

  it("duplicate references and marks, alongside the other problems", () => {
    const problems = problemsOf(
      text(
        file({
          evidence: [item("E-01"), item("E-02"), item("E-01", { title: "" })],
          marks: [
            { expectationKey: "a.1", notApplicableReason: "No.", gapNote: null },
            { expectationKey: "a.1", notApplicableReason: null, gapNote: "Again." },
          ],
        }),
      ),
    );
    expect(problems).toEqual([
      "evidence[2].title: Enter a title.",
      'evidence[2].ref: "E-01" is already used by evidence[0]; each reference must be unique.',
      "marks[1].expectationKey: This expectation is already marked by marks[0].",
    ]);
    // With nothing else wrong the schema's own check reports them too.
    expect(problemsOf(text(file({ evidence: [item("E-01"), item("E-01")] })))).toEqual([
      'evidence[1].ref: "E-01" is already used by evidence[0]; each reference must be unique.',
    ]);
  });

  it("missing fields and wrong types, each with its path", () => {
    const { title: _title, ...untitled } = item("E-01");
    expect(
      problemsOf(
        text(
          file({ ladder: { slug: "x", level: "5", title: "T", contentHash: "abc" }, evidence: [untitled, item("7")] }),
        ),
      ),
    ).toEqual([
      "ladder.level: Invalid input: expected number, received string",
      "ladder.contentHash: Expected the SHA-256 of the ladder document: 64 lowercase hexadecimal characters.",
      "evidence[0].title: Enter a title.",
      'evidence[1].ref: Expected a reference like "E-03".',
    ]);
    expect(problemsOf(text(file({ evidence: undefined })))).toEqual(["evidence: Missing: expected array."]);
    expect(problemsOf(text(file({ evidence: [item("E-01", { supports: [] })] })))).toEqual([
      "evidence[0].supports: Choose at least one expectation this demonstrates.",
    ]);
  });

  it("a mark that says nothing", () => {
    expect(
      problemsOf(text(file({ marks: [{ expectationKey: "a.1", notApplicableReason: "  ", gapNote: null }] }))),
    ).toEqual(["marks[0]: A mark needs a notApplicableReason, a gapNote or both."]);
  });

  it("more than 5,000 evidence items, with one message", () => {
    const many = Array.from({ length: CASE_FILE_MAX_EVIDENCE + 1 }, (_, i) => ({ ref: `E-${i + 1}` }));
    expect(problemsOf(text(file({ evidence: many })))).toEqual([
      "evidence: The file has 5,001 evidence items; at most 5,000 are accepted.",
    ]);
  });

  it("NUL characters, which the database cannot store", () => {
    expect(problemsOf(text(file({ evidence: [item("E-01", { outcome: "ok\u0000" })] })))).toEqual([
      "evidence[0].outcome: Remove the invisible NUL character from this text: it cannot be stored.",
    ]);
  });

  it("a lone surrogate (half of an emoji), written as a JSON escape, which is not valid UTF-8", () => {
    const source = text(file()).replace("Priya Raman", "Priya \\ud83d");
    expect(problemsOf(source)).toEqual([
      "case.candidateName: This text has a broken character (half of an emoji or symbol): delete it and type it again.",
    ]);
    // A whole pair is fine.
    expect(parseCaseFile(source.replace("\\ud83d", "\\ud83d\\ude00")).ok).toBe(true);
  });

  it("through validateCaseFile, a value built in code that skipped parsing", () => {
    const built = file() as unknown as CaseFile;
    (built.evidence[0] as { kind: string }).kind = "party";
    expect(validateCaseFile(built)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^evidence\[0\]\.kind:/)],
    });
  });
});

describe("formatPath", () => {
  it("writes JSON paths as people read them", () => {
    expect(formatPath(["evidence", 3, "dateStart"])).toBe("evidence[3].dateStart");
    expect(formatPath(["evidence", 0, "supports", 1, "expectationKey"])).toBe("evidence[0].supports[1].expectationKey");
    expect(formatPath([])).toBe("(file)");
  });
});
