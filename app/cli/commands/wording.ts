import readline from "node:readline";
import { fieldLabel } from "../../domain/wording/case";
import type { WordingRules } from "../../domain/wording/rules-document";
import { CliError, json, type Command } from "../command";

async function rulesInForce(file?: string): Promise<WordingRules> {
  const { readWordingRules, wordingRulesFile } = await import("../../lib/wording-rules.server");
  const loaded = readWordingRules(file ?? wordingRulesFile());
  if (!loaded.ok) throw new CliError("The wording rules document has problems:", loaded.problems);
  return loaded.rules;
}

const check: Command = {
  name: "wording check",
  args: [],
  options: {
    json: { type: "boolean", description: "Print one JSON array of findings per input line." },
    rules: { type: "string", value: "FILE", description: "Use this rules document instead of content/wording/rules.yaml." },
  },
  summary: "Check lines of text read from standard input against the wording rules (no database).",
  description: [
    "Reads standard input line by line and checks each line as free text with every wording rule.",
    "With --json, prints one line per input line: a JSON array of findings, each with the rule",
    "`code`, `start` and `end` (offsets into the line, in UTF-16 code units, end exclusive), the",
    "matched text as `match`, and the rule's `why`, `suggestion` and `source`. An empty array means",
    "nothing was found. Without --json, prints the findings of each line under its line number.",
  ].join("\n"),
  async run(ctx) {
    const rules = await rulesInForce(typeof ctx.options.rules === "string" ? ctx.options.rules : undefined);
    const { checkText } = await import("../../domain/wording/rules");
    const lines = readline.createInterface({ input: ctx.stdin, crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) {
      n++;
      const findings = checkText(line, rules, "text");
      if (ctx.options.json) {
        ctx.out(
          JSON.stringify(
            findings.map((f) => ({ code: f.code, start: f.start, end: f.end, match: f.match, why: f.why, suggestion: f.suggestion, source: f.source })),
          ),
        );
      } else if (findings.length > 0) {
        ctx.out(`Line ${n}:`);
        for (const f of findings) ctx.out(`  ${f.code} "${f.match}" (${f.start}-${f.end}): ${f.why}\n    ${f.suggestion}`);
      }
    }
    return 0;
  },
};

const rulesCheck: Command = {
  name: "wording rules",
  args: [],
  options: { file: { type: "string", value: "FILE", description: "The document to check (default: content/wording/rules.yaml)." } },
  summary: "Check a wording rules document before putting it in content/wording/ (no database).",
  description: [
    "Parses and validates a wording rules document the way the server does, and prints its version",
    "(a hash of its text) and the rules it holds, or every problem as file:line: message.",
    "Exit code 0 when the document is valid, 1 when it is not.",
  ].join("\n"),
  async run(ctx) {
    const { readWordingRules, wordingRulesFile } = await import("../../lib/wording-rules.server");
    const file = typeof ctx.options.file === "string" ? ctx.options.file : wordingRulesFile();
    const loaded = readWordingRules(file);
    if (!loaded.ok) {
      for (const line of loaded.problems) ctx.out(line);
      return 1;
    }
    ctx.out(`${file}: valid, version ${loaded.rules.version.slice(0, 12)}`);
    for (const t of Object.values(loaded.rules.text)) ctx.out(`  ${t.code.padEnd(18)} ${t.title} (${t.sources.map((s) => s.id).join(", ")})`);
    return 0;
  },
};

const forCase: Command = {
  name: "wording",
  args: ["case-id"],
  options: { json: { type: "boolean", description: "Print the findings and counts as JSON." } },
  summary: "Show a case's wording findings: open, dismissed (with the reason) and fixed.",
  description: [
    "Checks the case's evidence, summary and recommendation against the wording rules (bringing its",
    "stored findings up to date) and lists every finding with where it is, the matched words, its",
    "status and, for a dismissed one, the reason given. With --json: { caseId, rulesVersion, counts,",
    "findings: [{ id, code, status, evidenceId, ref, field, start, end, match, why, suggestion, source,",
    "dismissReason }] }.",
  ].join("\n"),
  async run(ctx) {
    const caseId = ctx.args[0]!;
    const rules = await rulesInForce();
    const { caseWording } = await import("../../models/wording.server");
    const result = await caseWording(await ctx.db(), caseId, rules);
    if (!result) throw new CliError(`There is no case with id ${caseId}.`);
    if (ctx.options.json) {
      ctx.out(json({ caseId, rulesVersion: rules.version, counts: result.counts, findings: result.findings }));
      return 0;
    }
    const c = result.counts;
    ctx.out(`Wording findings: ${c.open} open, ${c.dismissed} dismissed, ${c.fixed} fixed (rules version ${rules.version.slice(0, 12)})`);
    for (const f of result.findings) {
      const where = `${f.ref ? `${f.ref} ` : ""}${fieldLabel(f.field)}`;
      const status = f.status === "dismissed" ? `dismissed: ${f.dismissReason ?? ""}` : f.status;
      ctx.out(`  [${status}] ${where}: ${f.code} "${f.match}"`);
      if (f.status === "open") ctx.out(`      ${f.why} ${f.suggestion}`);
    }
    return 0;
  },
};

export const wordingCommands = [check, rulesCheck, forCase];
