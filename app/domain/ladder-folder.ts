// A folder of ladder documents as the server and `ladder check` read it: each document's levels get
// a slug and a track, and aliases are matched to the level they point to. Pure: the caller reads files.

import {
  ladderCheckReport,
  ladderLabel,
  parseLadderDocument,
  slugify,
  type LadderDocumentResult,
  type LadderParseOptions,
} from "./ladder";
import type { Ladder, LadderProblem } from "./types";

export interface LadderFile {
  /** Path relative to the content folder, with "/" separators ("support/L3.md"). */
  path: string;
  source: string;
}

export interface FolderLevel {
  /** The ladder's identity across versions, used in its URL. */
  slug: string;
  path: string;
  line: number;
  ladder: Ladder;
  /** The text its version hash is taken from. */
  source: string;
  /** For an alias: the slug of the level it points to. */
  aliasTarget?: string;
}

export interface FolderDocument {
  path: string;
  result: LadderDocumentResult;
  /** Problems found across documents (an alias to a missing level, a slug taken twice). */
  problems: LadderProblem[];
  /** The slugs its levels were stored under, in document order. */
  slugs: string[];
}

export interface FolderRead {
  documents: FolderDocument[];
  levels: FolderLevel[];
}

/** "support/L3-Support-Engineer.md" -> "support--L3-Support-Engineer"; a document at the top of the
 *  folder keeps its file name, as ladders always have. */
export function documentSlug(path: string): string {
  return path
    .replace(/\.md$/i, "")
    .split("/")
    .map((part) => part.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "x")
    .join("--");
}

/** The track of a document in a sub-folder: "engineering-management/x.md" -> "Engineering management". */
export function trackOfPath(path: string): string | undefined {
  const parts = path.split("/");
  if (parts.length < 2) return undefined;
  const words = parts[0]!.replace(/[-_]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : undefined;
}

/** Reads the documents; with `tracks` (the default) a document's sub-folder names its track. */
export function readLadderFiles(files: LadderFile[], { tracks = true }: { tracks?: boolean } = {}): FolderRead {
  const documents: FolderDocument[] = [];
  const levels: FolderLevel[] = [];
  const taken = new Map<string, string>();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const options: LadderParseOptions = {
      track: tracks ? trackOfPath(file.path) : undefined,
      fallbackTitle: humanise(file.path.split("/").at(-1)!.replace(/\.md$/i, "")),
    };
    const result = parseLadderDocument(file.source, options);
    const document: FolderDocument = { path: file.path, result, problems: [], slugs: [] };
    documents.push(document);
    if (!result.ok) continue;
    const base = documentSlug(file.path);
    for (const [index, level] of result.levels.entries()) {
      const slug = result.levels.length === 1 ? base : `${base}--${slugify(level.ladder.title) || index + 1}`;
      const other = taken.get(slug);
      if (other) {
        document.problems.push({ line: level.line, message: `This level's slug "${slug}" is already used by ${other}; rename the file or the heading.` });
        continue;
      }
      taken.set(slug, `${file.path}:${level.line}`);
      document.slugs.push(slug);
      levels.push({ slug, path: file.path, line: level.line, ladder: level.ladder, source: level.source });
    }
  }
  return { documents, levels: resolveAliases(levels, documents) };
}

/** An alias takes the sections and rules of the level it points to (by link, else by title). */
function resolveAliases(levels: FolderLevel[], documents: FolderDocument[]): FolderLevel[] {
  const kept: FolderLevel[] = [];
  for (const level of levels) {
    const alias = level.ladder.aliasOf;
    if (!alias) {
      kept.push(level);
      continue;
    }
    const target = findTarget(level, levels);
    if (!target) {
      documents
        .find((d) => d.path === level.path)
        ?.problems.push({
          line: level.line,
          message: `"${level.ladder.title}" says it is equivalent to "${alias.title}", but no loaded level has that title${alias.href ? ` or file (${alias.href})` : ""}; it was not loaded.`,
        });
      continue;
    }
    const ladder: Ladder = {
      ...level.ladder,
      summary: level.ladder.summary || target.ladder.summary,
      sections: target.ladder.sections,
      rules: { ...target.ladder.rules, ...level.ladder.rules },
      aliasOf: { ...alias, title: ladderLabel(target.ladder), slug: target.slug },
    };
    if (target.ladder.reach && !ladder.reach) ladder.reach = target.ladder.reach;
    kept.push({ ...level, ladder, aliasTarget: target.slug });
  }
  return kept;
}

function findTarget(level: FolderLevel, levels: FolderLevel[]): FolderLevel | null {
  const alias = level.ladder.aliasOf!;
  const candidates = levels.filter((l) => l !== level && !l.ladder.aliasOf);
  if (alias.href && !/^[a-z]+:/i.test(alias.href)) {
    const [file, anchor] = alias.href.split("#");
    if (file) {
      const wanted = joinPath(level.path, decodeURIComponent(file)).toLowerCase();
      const inFile = candidates.filter((l) => l.path.toLowerCase() === wanted || l.path.toLowerCase() === `${wanted}.md`);
      if (inFile.length === 1) return inFile[0]!;
      const byTitle = inFile.find((l) => sameTitle(l.ladder, alias.title) || (anchor && slugify(l.ladder.title) === slugify(anchor)));
      if (byTitle) return byTitle;
    }
  }
  const sameTrack = candidates.filter((l) => l.ladder.track === level.ladder.track);
  return sameTrack.find((l) => sameTitle(l.ladder, alias.title)) ?? candidates.find((l) => sameTitle(l.ladder, alias.title)) ?? null;
}

function sameTitle(ladder: Ladder, title: string): boolean {
  const wanted = slugify(title);
  return wanted !== "" && (slugify(ladder.title) === wanted || slugify(ladderLabel(ladder)) === wanted);
}

/** Resolves a link written in `from` ("../x.md", "./y.md") to a path in the folder. */
function joinPath(from: string, link: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const part of link.split("/")) {
    if (part === "." || part === "") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

function humanise(name: string): string {
  return name.replace(/[-_]+/g, " ").trim();
}

/** What `ladder check` prints for a set of documents; `display` turns a folder path into the path
 *  the operator typed. Exit code 1 when any document (or a cross-document check) failed. */
export function folderCheckReport(read: FolderRead, display: (path: string) => string): { text: string; exitCode: 0 | 1 } {
  const blocks: string[] = [];
  let exitCode: 0 | 1 = 0;
  for (const doc of read.documents) {
    const file = display(doc.path);
    const resolved =
      doc.result.ok
        ? {
            ...doc.result,
            levels: doc.result.levels.map((level, i) => ({
              ...level,
              ladder: read.levels.find((l) => l.slug === doc.slugs[i])?.ladder ?? level.ladder,
            })),
          }
        : doc.result;
    const report = ladderCheckReport(file, resolved);
    const lines = [`${file}`, ...report.text.split("\n").map((l) => (report.exitCode === 0 ? `  ${l}` : l))];
    for (const p of doc.problems) lines.push(`${file}:${p.line}: ${p.message}`);
    if (report.exitCode !== 0 || doc.problems.length > 0) exitCode = 1;
    blocks.push(lines.join("\n"));
  }
  if (read.documents.length === 0) blocks.push("No ladder documents (.md) were found.");
  const levels = read.levels.length;
  blocks.push(`${read.documents.length} document${read.documents.length === 1 ? "" : "s"}, ${levels} level${levels === 1 ? "" : "s"} loaded.`);
  return { text: blocks.join("\n\n"), exitCode };
}
