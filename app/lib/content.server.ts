import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { ladders, ladderVersions } from "../../db/schema";
import { readLadderFiles, type FolderLevel, type FolderRead, type LadderFile } from "../domain/ladder-folder";
import type { Db } from "./db.server";

export function contentHash(source: string): string {
  return createHash("sha256").update(source, "utf8").digest("hex");
}

/** Every .md file under `dir` (sub-folders are tracks), with paths relative to it. */
export async function readContentFolder(dir: string): Promise<{ files: LadderFile[]; problems: string[] }> {
  const files: LadderFile[] = [];
  const problems: string[] = [];
  let names: string[];
  try {
    names = (await fs.readdir(dir, { recursive: true })).map((n) => n.split(path.sep).join("/"));
  } catch (error) {
    return { files, problems: [`${dir}: cannot read the content folder (${(error as Error).message})`] };
  }
  for (const name of names.filter((n) => n.toLowerCase().endsWith(".md")).sort()) {
    if (name.split("/").some((part) => part.startsWith(".") || part === "node_modules")) continue;
    const file = path.join(dir, name);
    try {
      if (!(await fs.stat(file)).isFile()) continue;
      files.push({ path: name, source: await fs.readFile(file, "utf8") });
    } catch (error) {
      problems.push(`${file}:1: cannot read the file (${(error as Error).message})`);
    }
  }
  return { files, problems };
}

/** Problems of a folder read, one `file:line: message` line each. */
export function folderProblems(dir: string, read: FolderRead): string[] {
  const lines: string[] = [];
  for (const doc of read.documents) {
    const file = path.join(dir, doc.path);
    if (!doc.result.ok) for (const p of doc.result.problems) lines.push(`${file}:${p.line}: ${p.message}`);
    for (const p of doc.problems) lines.push(`${file}:${p.line}: ${p.message}`);
  }
  return lines;
}

/** The version hash of a level: its document's text (its own part, for a document of several
 *  levels); an alias also changes version when the level it points to does. */
export function levelHashes(levels: FolderLevel[]): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const level of levels) if (!level.aliasTarget) hashes.set(level.slug, contentHash(level.source));
  for (const level of levels) {
    if (level.aliasTarget) hashes.set(level.slug, contentHash(`${level.source}\n${hashes.get(level.aliasTarget) ?? ""}`));
  }
  return hashes;
}

/** Reads every ladder document under `dir` into the database. A level whose content changed gets a
 *  new version; cases keep the version they were opened on. Returns one line per problem
 *  (`file:line: message`); a bad document is skipped and the others still load. */
export async function loadLadders(db: Db, dir: string): Promise<string[]> {
  const { files, problems } = await readContentFolder(dir);
  const read = readLadderFiles(files);
  problems.push(...folderProblems(dir, read));
  const hashes = levelHashes(read.levels);
  for (const level of read.levels) {
    try {
      await storeLadderVersion(db, level, hashes.get(level.slug)!);
    } catch (error) {
      problems.push(`${path.join(dir, level.path)}:${level.line}: could not be stored (${(error as Error).message})`);
    }
  }
  return problems;
}

async function storeLadderVersion(db: Db, level: FolderLevel, hash: string): Promise<void> {
  const { slug, ladder, source } = level;
  await db.transaction(async (tx) => {
    let [row] = await tx.select().from(ladders).where(eq(ladders.slug, slug));
    if (!row) {
      [row] = await tx
        .insert(ladders)
        .values({ id: randomUUID(), slug })
        .onConflictDoNothing()
        .returning();
      row ??= (await tx.select().from(ladders).where(eq(ladders.slug, slug)))[0];
    }
    if (!row) throw new Error(`Could not store ladder ${slug}`);
    const ladderId = row.id;
    let [version] = await tx
      .select({ id: ladderVersions.id })
      .from(ladderVersions)
      .where(and(eq(ladderVersions.ladderId, ladderId), eq(ladderVersions.contentHash, hash)));
    if (!version) {
      [version] = await tx
        .insert(ladderVersions)
        .values({
          id: randomUUID(),
          ladderId,
          contentHash: hash,
          level: ladder.level,
          title: ladder.title,
          document: ladder,
          source,
        })
        .onConflictDoNothing()
        .returning({ id: ladderVersions.id });
      // Another instance starting at the same moment may have stored it first.
      version ??= (
        await tx
          .select({ id: ladderVersions.id })
          .from(ladderVersions)
          .where(and(eq(ladderVersions.ladderId, ladderId), eq(ladderVersions.contentHash, hash)))
      )[0];
    }
    if (version && row.currentVersionId !== version.id) {
      await tx.update(ladders).set({ currentVersionId: version.id }).where(eq(ladders.id, ladderId));
    }
  });
}
