import fs from "node:fs/promises";
import path from "node:path";
import { isMap, parseDocument } from "yaml";
import { parseLadderDocument } from "../../domain/ladder";
import { documentSlug, folderCheckReport, readLadderFiles, type LadderFile } from "../../domain/ladder-folder";
import { CliError, json, table, UsageError, type Command } from "../command";

const check: Command = {
  name: "ladder check",
  args: [],
  rest: "path",
  options: {},
  summary: "Show what Ladderproof reads in ladder documents (does not open the database).",
  description: [
    "Parses ladder documents the way the server does when it loads content/: a folder (its",
    "sub-folders are tracks) or single files; with no path, the content folder (CONTENT_DIR).",
    "For every document it prints each level's title, level, track, sections, groups, number of",
    "expectations, attributes and examples, and what it ignored and why; or every problem with",
    "its file and line. Exit code 0 when every document is usable, 1 when one is not.",
  ].join("\n"),
  async run(ctx) {
    const { env } = await import("../../lib/env.server");
    const { readContentFolder } = await import("../../lib/content.server");
    const paths = ctx.args.length > 0 ? ctx.args : [env().CONTENT_DIR];
    const reports: string[] = [];
    let exitCode = 0;
    const files: LadderFile[] = [];
    for (const given of paths) {
      let stat;
      try {
        stat = await fs.stat(given);
      } catch (error) {
        throw new CliError(`Cannot read ${given}: ${(error as Error).message}`);
      }
      if (stat.isDirectory()) {
        const folder = await readContentFolder(given);
        if (folder.problems.length > 0) throw new CliError(folder.problems.join("\n"));
        const report = folderCheckReport(readLadderFiles(folder.files), (p) => path.join(given, p));
        reports.push(report.text);
        exitCode = Math.max(exitCode, report.exitCode);
      } else {
        try {
          files.push({ path: given, source: await fs.readFile(given, "utf8") });
        } catch (error) {
          throw new CliError(`Cannot read ${given}: ${(error as Error).message}`);
        }
      }
    }
    if (files.length > 0) {
      const report = folderCheckReport(readLadderFiles(files, { tracks: false }), (p) => p);
      reports.push(report.text);
      exitCode = Math.max(exitCode, report.exitCode);
    }
    ctx.out(reports.join("\n\n"));
    return exitCode;
  },
};

const importCommand: Command = {
  name: "ladder import",
  args: ["file.md"],
  options: {
    track: { type: "string", value: "TRACK", description: "The track it belongs to (Support, Engineering...): its sub-folder of content/." },
    level: { type: "string", value: "N", description: "Its level number, when the document states none (its first level, for a document of several)." },
    force: { type: "boolean", description: "Replace a document of the same name already in content/." },
  },
  summary: "Copy a ladder document into content/, adding only the front matter for its track and level.",
  description: [
    "Writes the document into the content folder (CONTENT_DIR), in the sub-folder of --track, unchanged",
    "apart from front matter holding `track:` and `level:` (added to any front matter it already has).",
    "The document is checked first: one Ladderproof cannot use is refused with its problems.",
    "The server loads it at its next start; open cases keep the version they were opened on.",
  ].join("\n"),
  async run(ctx) {
    const file = ctx.args[0]!;
    const track = typeof ctx.options.track === "string" ? ctx.options.track.trim() : "";
    const levelText = typeof ctx.options.level === "string" ? ctx.options.level.trim() : "";
    const level = levelText ? Number(levelText.replace(/^L/i, "")) : undefined;
    if (level !== undefined && !(Number.isFinite(level) && level >= 0 && level <= 999)) {
      throw new UsageError(`--level must be a number such as 3 or 1.5, not "${levelText}".`, "ladder import");
    }
    let source: string;
    try {
      source = await fs.readFile(file, "utf8");
    } catch (error) {
      throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
    }
    const written = withFrontMatter(source, { ...(track ? { track } : {}), ...(level !== undefined ? { level } : {}) });
    const parsed = parseLadderDocument(written);
    if (!parsed.ok) {
      throw new CliError(`${file} was not imported:`, parsed.problems.map((p) => `${file}:${p.line}: ${p.message}`));
    }
    const { env } = await import("../../lib/env.server");
    const folder = track ? documentSlug(track).toLowerCase() : "";
    const target = path.join(env().CONTENT_DIR, folder, path.basename(file));
    try {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, written, { flag: ctx.options.force ? "w" : "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") {
        throw new CliError(`${target} already exists; pass --force to replace it (open cases keep their version).`);
      }
      throw new CliError(`Cannot write ${target}: ${(error as Error).message}`);
    }
    const levels = parsed.levels.map((l) => l.ladder.title).join(", ");
    ctx.err(`Imported ${file} to ${target} (${levels}). Restart Ladderproof to load it.`);
    return 0;
  },
};

/** The document with `values` set in its front matter (added when it has none); the body is untouched. */
export function withFrontMatter(source: string, values: Record<string, string | number>): string {
  if (Object.keys(values).length === 0) return source;
  const match = /^---\r?\n([\s\S]*?)\r?\n?---[ \t]*(\r?\n|$)/.exec(source);
  if (!match) {
    const doc = parseDocument("");
    for (const [k, v] of Object.entries(values)) doc.set(k, v);
    return `---\n${doc.toString()}---\n${source}`;
  }
  const doc = parseDocument(match[1]!);
  if (doc.errors.length > 0 || (doc.contents !== null && !isMap(doc.contents))) {
    throw new CliError("The document's front matter is not valid key: value YAML; fix it before importing.");
  }
  for (const [k, v] of Object.entries(values)) doc.set(k, v);
  return `---\n${doc.toString()}---${match[2]}${source.slice(match[0].length)}`;
}

const list: Command = {
  name: "ladder list",
  args: [],
  options: { json: { type: "boolean", description: "Print JSON instead of a table." } },
  summary: "List the loaded ladders with their current version.",
  description: [
    "Lists every ladder in the database (loaded from content/ at start-up, which this command",
    "also does) with its track, level, title and the first 12 characters of its current version hash.",
  ].join("\n"),
  async run(ctx) {
    const { listLadders } = await import("../../models/ladders.server");
    const { ladderLevelLabel } = await import("../../domain/ladder");
    const rows = await listLadders(await ctx.db());
    if (ctx.options.json) {
      ctx.out(
        json(
          rows.map((r) => ({
            slug: r.slug,
            track: r.document.track ?? null,
            level: r.level,
            levelLabel: ladderLevelLabel(r.document),
            title: r.title,
            contentHash: r.contentHash,
          })),
        ),
      );
    } else if (rows.length === 0) {
      ctx.out("No ladders are loaded. Put ladder documents (.md) in the content folder.");
    } else {
      ctx.out(
        table(
          ["SLUG", "TRACK", "LEVEL", "TITLE", "VERSION"],
          rows.map((r) => [r.slug, r.document.track ?? "", ladderLevelLabel(r.document) || "-", r.title, r.contentHash.slice(0, 12)]),
        ),
      );
    }
    return 0;
  },
};

export const ladderCommands = [check, importCommand, list];
