import fs from "node:fs/promises";
import { ladderCheckReport, parseLadder } from "../../domain/ladder";
import { CliError, json, table, type Command } from "../command";

const check: Command = {
  name: "ladder check",
  args: ["file.md"],
  options: {},
  summary: "Check a ladder document before adding it to content/ (does not open the database).",
  description: [
    "Parses a ladder document the way the server does when it loads content/, and prints its",
    "sections and expectation counts, or every problem with its line number.",
    "Exit code 0 when the document is valid, 1 when it is not.",
  ].join("\n"),
  async run(ctx) {
    const file = ctx.args[0]!;
    let source: string;
    try {
      source = await fs.readFile(file, "utf8");
    } catch (error) {
      throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
    }
    const report = ladderCheckReport(file, parseLadder(source));
    ctx.out(report.text);
    return report.exitCode;
  },
};

const list: Command = {
  name: "ladder list",
  args: [],
  options: { json: { type: "boolean", description: "Print JSON instead of a table." } },
  summary: "List the loaded ladders with their current version.",
  description: [
    "Lists every ladder in the database (loaded from content/ at start-up, which this command",
    "also does) with its level, title and the first 12 characters of its current version hash.",
  ].join("\n"),
  async run(ctx) {
    const { listLadders } = await import("../../models/ladders.server");
    const rows = await listLadders(await ctx.db());
    if (ctx.options.json) {
      ctx.out(json(rows.map((r) => ({ slug: r.slug, level: r.level, title: r.title, contentHash: r.contentHash }))));
    } else if (rows.length === 0) {
      ctx.out("No ladders are loaded. Put ladder documents (.md) in the content folder.");
    } else {
      ctx.out(
        table(
          ["SLUG", "LEVEL", "TITLE", "VERSION"],
          rows.map((r) => [r.slug, `L${r.level}`, r.title, r.contentHash.slice(0, 12)]),
        ),
      );
    }
    return 0;
  },
};

export const ladderCommands = [check, list];
