import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ladderCheckReport, parseLadder, parseLadderDocument } from "~/domain/ladder";
import { sha256Hex } from "~/domain/sha256";
import type { Ladder, LadderNote, LadderProblem } from "~/domain/types";

const L5_FILE = "content/L5-Principal-DevOps-Support-Engineer.md";
const L5 = readFileSync(fileURLToPath(new URL(`../../${L5_FILE}`, import.meta.url)), "utf8");

const md = (...lines: string[]): string => `${lines.join("\n")}\n`;

function ladderOf(source: string): Ladder {
  const result = parseLadder(source);
  if (!result.ok) throw new Error(`expected a ladder, got ${JSON.stringify(result.problems)}`);
  return result.ladder;
}

function withNotes(source: string): { ladder: Ladder; notes: LadderNote[] } {
  const result = parseLadder(source);
  if (!result.ok) throw new Error(`expected a ladder, got ${JSON.stringify(result.problems)}`);
  return { ladder: result.ladder, notes: result.notes };
}

function problemsOf(source: string): LadderProblem[] {
  const result = parseLadder(source);
  if (result.ok) throw new Error("expected problems, got a ladder");
  return result.problems;
}

/** Expectation text -> key, across the whole ladder. */
function keysByText(ladder: Ladder): Map<string, string> {
  return new Map(ladder.sections.flatMap((s) => s.expectations.map((e) => [e.text, e.key] as const)));
}

/** Replaces 1-based line `n` of the L5 document. */
function withL5Line(n: number, text: string): string {
  const lines = L5.split("\n");
  lines[n - 1] = text;
  return lines.join("\n");
}

const MINIMAL = md("# L3: Senior Support Engineer", "", "## Impact", "", "- I resolve complex escalations");

describe("parseLadder on the real L5 document", () => {
  const ladder = ladderOf(L5);

  it("reads the level and title from the H1", () => {
    expect(ladder.level).toBe(5);
    expect(ladder.title).toBe("Principal DevOps Support Engineer");
  });

  it("reads the blockquote summary", () => {
    expect(ladder.summary).toBe(
      "I am a strategic and deeply trusted technical leader. I operate across teams and time zones to improve how we support our customers at scale. I help define the future of support through system-level thinking, leadership, and influence. I invest in people, processes, and systems that improve the whole organisation.",
    );
  });

  it("finds 5 sections with 5, 5, 4, 4, 6 expectations (24 in all)", () => {
    expect(ladder.sections.map((s) => s.expectations.length)).toEqual([5, 5, 4, 4, 6]);
    expect(ladder.sections.flatMap((s) => s.expectations)).toHaveLength(24);
  });

  it("keeps the exact section titles, lines and slug keys", () => {
    expect(ladder.sections.map((s) => [s.title, s.key, s.line])).toEqual([
      ["Impact", "impact", 5],
      [
        "I solve critical support challenges with strategic depth",
        "i-solve-critical-support-challenges-with-strategic-depth",
        13,
      ],
      [
        "I raise the standard of leadership and technical thinking",
        "i-raise-the-standard-of-leadership-and-technical-thinking",
        21,
      ],
      ["I invest in the organisation and its people", "i-invest-in-the-organisation-and-its-people", 28],
      ["What success looks like", "what-success-looks-like", 36],
    ]);
  });

  it("stores the success section's intro with the link flattened to its text", () => {
    const success = ladder.sections[4]!;
    expect(success.intro).toBe(
      "At this level, success means scaling your impact across teams and systems while enabling others to succeed. These examples reflect the principles in How We Work in Support.",
    );
    expect(success.intro).not.toContain("](");
    expect(success.intro).not.toContain("README");
    expect(ladder.sections.slice(0, 4).map((s) => s.intro)).toEqual([null, null, null, null]);
  });

  it("reads bullet text without trailing double spaces, keeping typographic quotes", () => {
    const impact = ladder.sections[0]!.expectations;
    expect(impact[0]).toMatchObject({
      text: "I lead large-scale initiatives that improve support outcomes across the organisation",
      line: 7,
    });
    expect(impact[2]!.text).toBe("I shape how support fits into Octopus’s long-term success");
    expect(ladder.sections[2]!.expectations[0]!.text).toBe(
      "I help define what “great support” looks like and how we get there",
    );
    const success = ladder.sections[4]!.expectations;
    expect(success.at(-1)).toMatchObject({
      text: "Help the team focus on what matters most and deliver high-quality work at scale",
      line: 45,
    });
    for (const e of ladder.sections.flatMap((s) => s.expectations)) {
      expect(e.text).toBe(e.text.trim());
      expect(e.text).not.toMatch(/\s{2}/);
    }
  });

  it("has no rule overrides", () => {
    expect(ladder.rules).toEqual({});
  });
});

describe("expectation keys", () => {
  const ladder = ladderOf(L5);
  const keys = keysByText(ladder);

  it("are the section key plus the first 10 hex chars of sha256 of the normalised text", () => {
    for (const section of ladder.sections) {
      for (const e of section.expectations) {
        const normalised = e.text.toLowerCase().replace(/\s+/g, " ");
        expect(e.key).toBe(`${section.key}.${sha256Hex(normalised).slice(0, 10)}`);
        expect(e.key).toMatch(/^[a-z0-9-]+\.[0-9a-f]{10}$/);
      }
    }
    expect(new Set(keys.values()).size).toBe(24);
  });

  it("survive reordering two bullets", () => {
    const lines = L5.split("\n");
    [lines[6], lines[7]] = [lines[7]!, lines[6]!];
    const reordered = ladderOf(lines.join("\n"));
    expect(reordered.sections[0]!.expectations[0]!.text).toBe(
      "I collaborate with teams across the business to drive change",
    );
    expect(keysByText(reordered)).toEqual(keys);
  });

  it("survive editing another bullet, while the edited bullet gets a new key", () => {
    const edited = keysByText(ladderOf(withL5Line(8, "- I collaborate with every team in the business to drive change")));
    for (const [text, key] of keys) {
      if (text === "I collaborate with teams across the business to drive change") {
        expect(edited.has(text)).toBe(false);
      } else {
        expect(edited.get(text)).toBe(key);
      }
    }
    const newKey = edited.get("I collaborate with every team in the business to drive change");
    expect(newKey).toMatch(/^impact\.[0-9a-f]{10}$/);
    expect([...keys.values()]).not.toContain(newKey);
  });

  it("survive lines being added above and changes of case or spacing", () => {
    const shifted = ladderOf(
      withL5Line(7, "-   I LEAD large-scale   initiatives that improve support outcomes across the organisation").replace(
        "## Impact\n",
        "## Impact\n\nHow this level shows up day to day.\n",
      ),
    );
    const first = shifted.sections[0]!.expectations[0]!;
    expect(first.line).toBe(9);
    expect(first.key).toBe(keys.get("I lead large-scale initiatives that improve support outcomes across the organisation"));
  });

  it("are scoped to their section", () => {
    const a = ladderOf(md("# L3: X", "## One", "- Same words", "## Two", "- Same words"));
    const [one, two] = a.sections.map((s) => s.expectations[0]!.key);
    expect(one!.slice(one!.indexOf("."))).toBe(two!.slice(two!.indexOf(".")));
    expect(one).not.toBe(two);
  });
});

describe("parseLadder document shapes", () => {
  it("reads an L3 document without a summary", () => {
    const ladder = ladderOf(MINIMAL);
    expect(ladder).toMatchObject({ level: 3, title: "Senior Support Engineer", summary: "" });
    expect(ladder.sections).toHaveLength(1);
    expect(ladder.sections[0]!.expectations[0]).toMatchObject({ text: "I resolve complex escalations", line: 5 });
  });

  it("parses CRLF line endings exactly like LF", () => {
    const crlf = L5.replace(/\n/g, "\r\n");
    expect(crlf).toContain("\r\n");
    expect(parseLadder(crlf)).toEqual(parseLadder(L5));
  });

  it("reports CRLF notes on the right lines", () => {
    const source = ["# L3: X", "", "## Empty", "", "## Full", "- a", "", "after"].join("\r\n");
    expect(withNotes(source).notes.map((p) => p.line)).toEqual([3, 8]);
  });

  it("flattens inline Markdown in bullets and collapses whitespace", () => {
    const ladder = ladderOf(
      md(
        "# L4: Staff Engineer",
        "## Craft",
        "- I *own* **hard** problems with `kubectl` and [runbooks](https://example.com/x)  ",
        "- I write [docs][ref] across",
        "  two lines",
        "",
        "[ref]: https://example.com/docs",
      ),
    );
    expect(ladder.sections[0]!.expectations.map((e) => e.text)).toEqual([
      "I own hard problems with kubectl and runbooks",
      "I write docs across two lines",
    ]);
  });

  it("turns paragraphs before the bullets into the intro and ignores those after", () => {
    const ladder = ladderOf(
      md("# L3: X", "## Craft", "", "First *paragraph*.", "", "Second", "paragraph.", "", "- a", "", "Afterword."),
    );
    expect(ladder.sections[0]!.intro).toBe("First paragraph.\n\nSecond paragraph.");
  });

  it("ignores content outside sections other than the summary", () => {
    const ladder = ladderOf(
      md("Preamble.", "", "# L3: X", "", "> The summary.", "", "Loose text.", "", "- not an expectation", "", "## Craft", "- a"),
    );
    expect(ladder.summary).toBe("The summary.");
    expect(ladder.sections).toHaveLength(1);
    expect(ladder.sections[0]!.expectations.map((e) => e.text)).toEqual(["a"]);
  });

  it("keeps bullets under deeper headings in their section and accepts numbered lists", () => {
    const ladder = ladderOf(md("# L3: X", "## Craft", "- a", "### More", "1. b", "2. c"));
    expect(ladder.sections[0]!.expectations.map((e) => e.text)).toEqual(["a", "b", "c"]);
  });

  it("slugs section titles to lowercase ascii with hyphens", () => {
    const ladder = ladderOf(md("# L3: X", "## Café & Octopus’s “Craft”: 2024!", "- a"));
    expect(ladder.sections[0]!.key).toBe("cafe-octopuss-craft-2024");
  });
});

describe("parseLadder problems", () => {
  it("refuses a document in which nothing is found, with the line of its heading", () => {
    expect(problemsOf(md("", "# L3: X", "", "Intro only: ignored?", "| a | b |", "|---|---|", "| 1 | 2 |").replace("Intro only: ignored?", "<table><tr><td>t</td></tr></table>"))).toEqual([
      { line: 2, message: expect.stringMatching(/No expectations were found/) },
    ]);
    expect(problemsOf("")).toEqual([{ line: 1, message: expect.stringMatching(/No expectations were found/) }]);
  });

  it("refuses a document with no title anywhere when no file name is given", () => {
    expect(problemsOf(md("## Impact", "- a"))).toEqual([{ line: 1, message: expect.stringMatching(/no title/) }]);
  });

  it("collects every front matter problem at once, sorted by line", () => {
    const problems = problemsOf(md("---", "rules: {minItems: zero}", "level: high", "---", "# Senior Engineer", "## Impact", "- a"));
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
  });

  it("formats problems as file:line: message with exit code 1", () => {
    const report = ladderCheckReport("ladders/bad.md", parseLadderDocument(md("# L3: X", "## Impact", "## Craft")));
    expect(report).toEqual({
      exitCode: 1,
      text: expect.stringMatching(/^ladders\/bad\.md:1: No expectations were found/),
    });
  });
});

describe("what the parser ignores, with a note", () => {
  it("leaves out an empty section and says so", () => {
    const { ladder, notes } = withNotes(md("# L3: X", "## Impact", "- a", "## Craft", "## Last", "- b"));
    expect(ladder.sections.map((s) => s.title)).toEqual(["Impact", "Last"]);
    expect(notes).toEqual([{ line: 4, message: expect.stringContaining('Section "Craft" has no expectations') }]);
  });

  it("merges a section written twice into the first, and gives a colliding key a suffix", () => {
    const { ladder, notes } = withNotes(md("# L3: X", "## Impact", "- a", "## IMPACT", "- b", "## Impact!", "- c"));
    expect(ladder.sections.map((s) => [s.key, s.expectations.map((e) => e.text)])).toEqual([
      ["impact", ["a", "b"]],
      ["impact-2", ["c"]],
    ]);
    expect(notes.map((n) => n.line)).toEqual([4, 6]);
  });

  it("skips a bullet that repeats another in its section, ignoring case and spacing", () => {
    const { ladder, notes } = withNotes(md("# L3: X", "## Impact", "- I lead work", "- other", "- i  LEAD *work*"));
    expect(ladder.sections[0]!.expectations).toHaveLength(2);
    expect(notes).toEqual([{ line: 5, message: expect.stringContaining("same as line 3") }]);
  });

  it("skips empty bullets", () => {
    const { ladder, notes } = withNotes(md("# L3: X", "## Impact", "- a", "-", "- b"));
    expect(ladder.sections[0]!.expectations.map((e) => e.text)).toEqual(["a", "b"]);
    expect(notes).toEqual([{ line: 4, message: expect.stringContaining("empty") }]);
  });

  it("notes tables (Markdown and HTML), code, and prose after the bullets", () => {
    const { ladder, notes } = withNotes(
      md("# L3: X", "## Impact", "- a", "", "Afterword.", "", "| a | b |", "|---|---|", "| 1 | 2 |", "", "<table><tr><td>x</td></tr></table>", "", "```", "code", "```"),
    );
    expect(ladder.sections[0]!.expectations.map((e) => e.text)).toEqual(["a"]);
    expect(notes.map((n) => [n.line, n.message.split(" ")[0] + " " + n.message.split(" ")[1]])).toEqual([
      [5, "A paragraph"],
      [7, "A table"],
      [11, "An HTML"],
      [13, "A code"],
    ]);
  });

  it("never throws on odd Markdown", () => {
    for (const source of ["# \n", "#\n- a", "- - -\n", "<details>\n- a", "# L99.99: x\n## 🦉\n- ok", "> # L3: quoted\n- a", "\u0000"]) {
      expect(() => parseLadderDocument(source)).not.toThrow();
    }
  });
});

describe("front matter rules", () => {
  it("reads all four overrides under rules:", () => {
    const ladder = ladderOf(
      md(
        "---",
        "owner: Support leadership",
        "rules:",
        "  minItems: 3",
        "  staleMonths: 12",
        "  minScope: several-teams",
        "  maxExpectationsPerItem: 4",
        "---",
        MINIMAL,
      ),
    );
    expect(ladder.rules).toEqual({ minItems: 3, staleMonths: 12, minScope: "several-teams", maxExpectationsPerItem: 4 });
    expect(ladder.sections[0]!.expectations[0]!.line).toBe(13);
  });

  it("accepts empty front matter and front matter without rules", () => {
    expect(ladderOf(md("---", "---", MINIMAL)).rules).toEqual({});
    expect(ladderOf(md("---", "version: 2", "---", MINIMAL)).rules).toEqual({});
  });

  it("reports bad values and unknown keys on their own lines", () => {
    const problems = problemsOf(
      md(
        "---",
        "rules:",
        "  minItems: 0",
        '  staleMonths: "6"',
        "  minScope: galaxy",
        "  maxExpectationsPerItem: 2.5",
        "  min_items: 3",
        "  minimumItems: 3",
        "---",
        MINIMAL,
      ),
    );
    expect(problems).toEqual([
      { line: 3, message: "Rule minItems must be a whole number of 1 or more; found 0." },
      { line: 4, message: 'Rule staleMonths must be a whole number of 1 or more; found "6".' },
      {
        line: 5,
        message: 'Rule minScope must be one of individual, team, several-teams, organisation, customers; found "galaxy".',
      },
      { line: 6, message: "Rule maxExpectationsPerItem must be a whole number of 1 or more; found 2.5." },
      { line: 7, message: expect.stringContaining('Unknown rule "min_items"') },
      { line: 8, message: expect.stringContaining('Unknown rule "minimumItems"') },
    ]);
  });

  it("reports a missing value", () => {
    expect(problemsOf(md("---", "rules:", "  minScope:", "---", MINIMAL))).toEqual([
      { line: 3, message: expect.stringContaining("found nothing") },
    ]);
  });

  it("reports rules that are not a mapping", () => {
    expect(problemsOf(md("---", "rules: 3", "---", MINIMAL))).toEqual([
      { line: 2, message: expect.stringContaining('"rules" in the front matter must hold') },
    ]);
  });

  it("reports front matter that is not key: value pairs", () => {
    expect(problemsOf(md("---", "- a", "- b", "---", MINIMAL))).toEqual([
      { line: 1, message: expect.stringContaining("must be a set of key: value lines") },
    ]);
  });

  it("reports invalid YAML with its line", () => {
    expect(problemsOf(md("---", "owner: me", "rules: [minItems", "---", MINIMAL))).toEqual([
      { line: 3, message: expect.stringMatching(/^The front matter is not valid YAML: /) },
    ]);
    expect(problemsOf(md("---", "rules:", "  minItems: 1", "  minItems: 2", "---", MINIMAL))).toEqual([
      { line: 4, message: expect.stringMatching(/^The front matter is not valid YAML: .*unique/i) },
    ]);
  });

  it("reads rules with CRLF line endings", () => {
    const source = md("---", "rules:", "  minItems: 2", "  minScope: oops", "---", MINIMAL).replace(/\n/g, "\r\n");
    expect(problemsOf(source)).toEqual([{ line: 4, message: expect.stringContaining("minScope") }]);
  });
});

describe("ladderCheckReport", () => {
  it("summarises the L5 document", () => {
    expect(ladderCheckReport(L5_FILE, parseLadderDocument(L5))).toEqual({
      exitCode: 0,
      text: [
        "L5: Principal DevOps Support Engineer",
        "  level L5, track none",
        "  5 sections, 24 expectations, 0 groups, 0 examples",
        "    Impact: 5",
        "    I solve critical support challenges with strategic depth: 5",
        "    I raise the standard of leadership and technical thinking: 4",
        "    I invest in the organisation and its people: 4",
        "    What success looks like: 6",
      ].join("\n"),
    });
  });

  it("uses singular counts and lists rule overrides, attributes, reach and what it ignored", () => {
    const result = parseLadderDocument(
      md("---", "rules:", "  minScope: team", "  minItems: 2", "---", "# L3: Senior Support Engineer", "- **Impact radius**: Group", "## Impact", "- a", "", "Afterword."),
    );
    expect(ladderCheckReport("l3.md", result).text).toBe(
      [
        "L3: Senior Support Engineer",
        "  level L3, track none",
        "  1 section, 1 expectation, 0 groups, 0 examples",
        "    Impact: 1",
        "  attributes: Impact radius: Group",
        "  reach: several-teams (used by the below-scope rule)",
        "  rule overrides: minItems 2, minScope team",
        "  notes (what was ignored, and why):",
        '    l3.md:11: A paragraph after the bullets of "Impact" was ignored.',
      ].join("\n"),
    );
  });
});
