import fs from "node:fs/promises";
import { CASE_FILE_MAX_BYTES, parseCaseFile, serializeCaseFile } from "../../domain/case-file";
import { activeAccount } from "../accounts";
import { CliError, type Command } from "../command";

const exportCommand: Command = {
  name: "case export",
  args: ["case-id"],
  options: {
    out: {
      type: "string",
      value: "FILE",
      description: 'Where to write the case file; "-" or no --out writes to standard output.',
    },
  },
  summary: "Write a case to a case file (JSON).",
  description: [
    "Writes the case, its live evidence (not the trash), its expectation marks and the identity",
    "of the ladder version it is pinned to as a case file (docs/case-file-format.md).",
    "The file holds personal information: it is created readable by its owner only.",
  ].join("\n"),
  async run(ctx) {
    const caseId = ctx.args[0]!;
    const { CaseNotFoundError, exportCase } = await import("../../models/case-transfer.server");
    let text: string;
    let count: number;
    try {
      const file = await exportCase(await ctx.db(), caseId);
      text = serializeCaseFile(file);
      count = file.evidence.length;
    } catch (error) {
      if (error instanceof CaseNotFoundError) throw new CliError(error.message);
      throw error;
    }
    const out = ctx.options.out;
    if (typeof out !== "string" || out === "-") {
      ctx.out(text.trimEnd());
      return 0;
    }
    try {
      await fs.writeFile(out, text, { mode: 0o600 });
    } catch (error) {
      throw new CliError(`Cannot write ${out}: ${(error as Error).message}`);
    }
    ctx.err(`Exported case ${caseId} with ${count} evidence item${count === 1 ? "" : "s"} to ${out}.`);
    return 0;
  },
};

const importCommand: Command = {
  name: "case import",
  args: ["file.json"],
  options: {
    owner: { type: "string", value: "EMAIL", description: "The account that will own the new case.", required: true },
  },
  summary: "Create a new case from a case file and print its id.",
  description: [
    "Creates a new case owned by --owner from a case file written by `case export`. The case is",
    "pinned to the exact ladder version named in the file, which must be loaded in this",
    "installation; evidence is renumbered E-01, E-02 ... in file order.",
    "A file with any problem is refused as a whole: every problem is printed with its JSON path,",
    "the exit code is 1 and nothing is stored.",
  ].join("\n"),
  async run(ctx) {
    const path = ctx.args[0]!;
    let text: string;
    try {
      const stat = await fs.stat(path);
      if (!stat.isFile()) throw new Error("not a file");
      if (stat.size > CASE_FILE_MAX_BYTES) {
        throw new CliError(`${path} is not imported: it is larger than ${CASE_FILE_MAX_BYTES / 1024 / 1024} MB.`);
      }
      text = await fs.readFile(path, "utf8");
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`Cannot read ${path}: ${(error as Error).message}`);
    }
    const parsed = parseCaseFile(text);
    if (!parsed.ok) throw refused(path, parsed.problems);

    const db = await ctx.db();
    const owner = await activeAccount(db, String(ctx.options.owner));
    const { importCase } = await import("../../models/case-transfer.server");
    const result = await importCase(db, { id: owner.id, name: owner.name }, parsed.file);
    if ("problems" in result) throw refused(path, result.problems);
    ctx.out(result.caseId);
    const count = parsed.file.evidence.length;
    ctx.err(
      `Imported "${parsed.file.case.candidateName}" with ${count} evidence item${count === 1 ? "" : "s"} for ${
        owner.email
      }.`,
    );
    return 0;
  },
};

function refused(path: string, problems: string[]): CliError {
  const n = problems.length;
  return new CliError(`${path} was not imported (${n} problem${n === 1 ? "" : "s"}); nothing was changed:`, problems);
}

export const caseCommands = [exportCommand, importCommand];
