// Precision and recall of the wording rules on sentences written for the purpose, per rule.
// labelled.tsv is the tuning set; held-out.tsv was written before the rules and is never tuned
// against, so its figures are the honest measure of how the rules generalise. The suite fails when
// the whole set's precision falls below 0.9 or its recall below 0.8.
import { describe, expect, it } from "vitest";
import { checkText } from "~/domain/wording/rules";
import { TEXT_RULE_CODES } from "~/domain/wording/rules-document";
import { loadTestRules, readLabelled, type LabelledSentence } from "../support/wording";

const rules = loadTestRules();

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

function score(set: LabelledSentence[]) {
  const perRule = new Map<string, Tally>(TEXT_RULE_CODES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  const misses: string[] = [];
  for (const s of set) {
    const got = new Set(checkText(s.sentence, rules).map((f) => f.code));
    for (const code of TEXT_RULE_CODES) {
      const tally = perRule.get(code)!;
      const want = s.expected.includes(code);
      if (got.has(code) && want) tally.tp++;
      else if (got.has(code)) {
        tally.fp++;
        misses.push(`line ${s.line}: ${code} fired on "${s.sentence}"`);
      } else if (want) {
        tally.fn++;
        misses.push(`line ${s.line}: ${code} missed "${s.sentence}"`);
      }
    }
  }
  const overall = [...perRule.values()].reduce((a, t) => ({ tp: a.tp + t.tp, fp: a.fp + t.fp, fn: a.fn + t.fn }), { tp: 0, fp: 0, fn: 0 });
  return { perRule, overall, misses };
}

const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
const precision = (t: Tally) => ratio(t.tp, t.tp + t.fp);
const recall = (t: Tally) => ratio(t.tp, t.tp + t.fn);

function report(name: string, set: LabelledSentence[], result: ReturnType<typeof score>): string {
  const rows = [...result.perRule].map(
    ([code, t]) =>
      `  ${code.padEnd(18)} precision ${precision(t).toFixed(2)}  recall ${recall(t).toFixed(2)}  (tp ${t.tp}, fp ${t.fp}, fn ${t.fn})`,
  );
  return [
    `${name}: ${set.length} sentences, ${set.filter((s) => s.expected.length > 0).length} that should fire`,
    ...rows,
    `  ${"overall".padEnd(18)} precision ${precision(result.overall).toFixed(2)}  recall ${recall(result.overall).toFixed(2)}`,
  ].join("\n");
}

const tuning = readLabelled("labelled.tsv");
const heldOut = readLabelled("held-out.tsv");

describe("the labelled sentences", () => {
  it("has at least 150 sentences, about half of which should fire, covering every rule", () => {
    const all = [...tuning, ...heldOut];
    expect(all.length).toBeGreaterThanOrEqual(150);
    const firing = all.filter((s) => s.expected.length > 0).length;
    expect(firing / all.length).toBeGreaterThan(0.4);
    expect(firing / all.length).toBeLessThan(0.6);
    for (const code of TEXT_RULE_CODES) {
      expect(all.filter((s) => s.expected.includes(code)).length, code).toBeGreaterThanOrEqual(8);
    }
    for (const s of all) for (const code of s.expected) expect(TEXT_RULE_CODES, `line ${s.line}`).toContain(code);
  });

  it("meets precision 0.9 and recall 0.8 overall, and prints the figures per rule (held-out part separately)", () => {
    const whole = score([...tuning, ...heldOut]);
    const held = score(heldOut);
    console.info(
      [
        report("Tuning set", tuning, score(tuning)),
        report("Held-out set (written before the rules, never tuned against)", heldOut, held),
        report("Whole set", [...tuning, ...heldOut], whole),
        ...(whole.misses.length ? ["Disagreements:", ...whole.misses.map((m) => `  ${m}`)] : []),
      ].join("\n"),
    );
    expect(precision(whole.overall)).toBeGreaterThanOrEqual(0.9);
    expect(recall(whole.overall)).toBeGreaterThanOrEqual(0.8);
  });
});
