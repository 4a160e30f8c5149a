// The rules document: validated at load with a line for every problem, versioned by its text.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { checkCase, checkEvidenceItem, parityCheck, parityInput, wordingCountsLine } from "~/domain/wording/case";
import { parseWordingRules } from "~/domain/wording/rules-document";
import { loadTestRules, RULES_FILE } from "../support/wording";

const source = fs.readFileSync(RULES_FILE, "utf8");
const rules = loadTestRules();

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split("\n").length;
}

describe("the wording rules document", () => {
  it("is valid, lists a source for every rule, and is versioned by a hash of its text", () => {
    expect(rules.version).toMatch(/^[0-9a-f]{64}$/);
    for (const t of Object.values(rules.text)) expect(t.sources.length, t.code).toBeGreaterThan(0);
    const edited = parseWordingRules(source.replace("abrasive, aggressive,", "abrasive, aggressive, snippy,"));
    expect(edited.ok && edited.rules.version).not.toBe(rules.version);
    expect(edited.ok && edited.rules.personality.describing.has("snippy")).toBe(true);
  });

  it("reports an unknown source on the line that names it", () => {
    const broken = source.replace("sources: [textio-2022]", "sources: [textio-2099]");
    const parsed = parseWordingRules(broken);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      { line: lineOf(broken, "sources: [textio-2099]"), message: expect.stringContaining('"textio-2099" is not one of the sources') },
    ]);
  });

  it("reports a wrong type, an unknown key and a bad placeholder with their lines", () => {
    const broken = source
      .replace("    min_cases: 3", "    min_cases: three")
      .replace("    window: 0\n    exact_words", "    window: 0\n    colour: blue\n    exact_words")
      .replace('"watch {possessive} tone"', '"watch {pronoun} tone"');
    const parsed = parseWordingRules(broken);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const messages = parsed.problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${lineOf(broken, "min_cases: three")}: rules.parity.min_cases`)),
        expect.stringContaining("colour"),
      ]),
    );
    const placeholder = parseWordingRules(source.replace('"watch {possessive} tone"', '"watch {pronoun} tone"'));
    expect(placeholder.ok).toBe(false);
    if (!placeholder.ok) {
      expect(placeholder.problems[0]).toEqual({
        line: lineOf(source, '"watch {possessive} tone"'),
        message: expect.stringContaining("{pronoun}"),
      });
    }
  });

  it("reports YAML syntax errors with their line", () => {
    const parsed = parseWordingRules("format: 1\nsources: [unclosed\n");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]?.message).toMatch(/Not valid YAML/);
  });
});

const item = (
  id: string,
  overrides: Partial<{ title: string; whatHappened: string; outcome: string; metric: string | null; supports: { expectationKey: string; rationale: string }[] }> = {},
) => ({
  id,
  title: "Rota rewrite",
  whatHappened: "She rewrote the on-call rota for EMEA.",
  outcome: "Pages per engineer fell from 14 to 5 a week.",
  metric: null,
  supports: [{ expectationKey: "ops.on-call", rationale: "She owned the rota change end to end." }],
  ...overrides,
});

describe("checking a case", () => {
  it("places each finding in its item and field, with a key that survives edits elsewhere in the text", () => {
    const before = checkCase(
      { summary: "She is brilliant.", recommendation: "", evidence: [item("e1", { outcome: "Things improved." })] },
      rules,
    );
    expect(before.map((f) => [f.evidenceId, f.field, f.code])).toEqual([
      ["e1", "outcome", "vague-outcome"],
      [null, "summary", "hyperbole"],
    ]);
    const after = checkCase(
      { summary: "As everyone knows, she is brilliant.", recommendation: "", evidence: [item("e1", { outcome: "Things improved." })] },
      rules,
    );
    expect(after.find((f) => f.code === "hyperbole")?.key).toBe(before.find((f) => f.code === "hyperbole")?.key);
    expect(after.find((f) => f.code === "hyperbole")?.textHash).not.toBe(before.find((f) => f.code === "hyperbole")?.textHash);
  });

  it("checks the lines on why an item shows an expectation", () => {
    const found = checkEvidenceItem(item("e2", { supports: [{ expectationKey: "x", rationale: "She is somewhat capable here." }] }), rules);
    expect(found.map((f) => [f.field, f.code])).toEqual([["rationale:x", "doubt-hedge"]]);
  });

  it("states the counts in one line for the packet", () => {
    expect(wordingCountsLine({ open: 2, fixed: 5, dismissed: 1 }, "ab".repeat(32))).toBe(
      "Wording checks (rules version abababababab): 2 open, 5 fixed, 1 dismissed findings.",
    );
  });
});

describe("parity across a session", () => {
  const long = "She planned and ran the migration of 40 services to the new cluster over six weekends.";
  const full = (id: string, n: number) => parityInput(id, Array.from({ length: n }, (_, i) => item(`${id}-${i}`, { whatHappened: long })), rules);

  it("flags a case much shorter, thinner or less specific than the others, and says by how much", () => {
    const thin = parityInput("thin", [item("t1", { whatHappened: "Helped.", outcome: "Good." })], rules);
    const findings = parityCheck([full("a", 8), full("b", 9), full("c", 7), thin], rules);
    expect(findings.map((f) => f.caseId)).toEqual(["thin"]);
    expect(findings[0]).toMatchObject({ short: true, few: true, unspecific: true });
    expect(findings[0]?.message).toContain("1 evidence items against a median of 8");
  });

  it("says nothing for similar cases, or a session too small to compare", () => {
    expect(parityCheck([full("a", 8), full("b", 9), full("c", 7)], rules)).toEqual([]);
    expect(parityCheck([full("a", 8), parityInput("x", [], rules)], rules)).toEqual([]);
  });
});
