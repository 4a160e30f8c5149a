import fs from "node:fs";
import path from "node:path";
import { parseWordingRules, rulesProblemLines, type WordingRules } from "../domain/wording/rules-document";
import { env } from "./env.server";

export type LoadedWordingRules = { ok: true; rules: WordingRules; file: string } | { ok: false; problems: string[]; file: string };

/** Where the wording rules document lives: `wording/rules.yaml` under CONTENT_DIR. */
export function wordingRulesFile(contentDir = env().CONTENT_DIR): string {
  return path.resolve(contentDir, "wording", "rules.yaml");
}

/** Reads and checks a rules document; problems come back as `file:line: message` lines. */
export function readWordingRules(file: string): LoadedWordingRules {
  let source: string;
  try {
    source = fs.readFileSync(file, "utf8");
  } catch (error) {
    return { ok: false, file, problems: [`${file}:1: cannot read the wording rules (${(error as Error).message})`] };
  }
  const parsed = parseWordingRules(source);
  return parsed.ok ? { ok: true, rules: parsed.rules, file } : { ok: false, file, problems: rulesProblemLines(file, parsed.problems) };
}

let cached: LoadedWordingRules | undefined;

/** The rules in force: read once per process (a server restart picks up an edited document). A
 *  document with problems turns the checks off, and they say why, instead of checking with half a list. */
export function wordingRules(): LoadedWordingRules {
  if (!cached) {
    cached = readWordingRules(wordingRulesFile());
    if (!cached.ok) for (const line of cached.problems) console.error(`Wording rules not loaded: ${line}`);
  }
  return cached;
}
