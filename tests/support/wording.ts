// The wording rules document and the labelled sentences, as the tests read them.
import fs from "node:fs";
import path from "node:path";
import { parseWordingRules, type WordingRules } from "~/domain/wording/rules-document";

export const RULES_FILE = path.resolve("content/wording/rules.yaml");

export function loadTestRules(): WordingRules {
  const parsed = parseWordingRules(fs.readFileSync(RULES_FILE, "utf8"));
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${RULES_FILE}:${p.line}: ${p.message}`).join("\n"));
  return parsed.rules;
}

export interface LabelledSentence {
  line: number;
  expected: string[];
  sentence: string;
}

export function readLabelled(file: string): LabelledSentence[] {
  const full = path.resolve("tests/fixtures/wording", file);
  return fs
    .readFileSync(full, "utf8")
    .split("\n")
    .flatMap((line, i) => {
      if (line.trim() === "" || line.startsWith("#")) return [];
      const tab = line.indexOf("\t");
      if (tab < 0) throw new Error(`${full}:${i + 1}: expected "codes<TAB>sentence"`);
      const codes = line.slice(0, tab).trim();
      return [{ line: i + 1, expected: codes === "-" ? [] : codes.split(",").map((c) => c.trim()), sentence: line.slice(tab + 1) }];
    });
}
