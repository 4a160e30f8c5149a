import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { ladders, ladderVersions } from "../../db/schema";
import { parseLadder } from "../domain/ladder";
import type { Ladder } from "../domain/types";
import type { Db } from "./db.server";
import { loggableError } from "./log.server";

export function contentHash(source: string): string {
  return createHash("sha256").update(source, "utf8").digest("hex");
}

/** Reads every ladder document under `dir` into the database. A document whose content changed
 *  gets a new version; cases keep the version they were opened on. Returns one line per problem
 *  (`file:line: message`); a bad document is skipped and the others still load. */
export async function loadLadders(db: Db, dir: string): Promise<string[]> {
  const problems: string[] = [];
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.toLowerCase().endsWith(".md")).sort();
  } catch (error) {
    return [`${dir}: cannot read the content folder (${(error as Error).message})`];
  }
  for (const name of names) {
    const file = path.join(dir, name);
    let source: string;
    try {
      source = await fs.readFile(file, "utf8");
    } catch (error) {
      problems.push(`${file}:1: cannot read the file (${(error as Error).message})`);
      continue;
    }
    const parsed = parseLadder(source);
    if (!parsed.ok) {
      for (const p of parsed.problems) problems.push(`${file}:${p.line}: ${p.message}`);
      continue;
    }
    // One document at a time: one the database refuses is reported, and the others still load.
    try {
      await storeLadderVersion(db, name.replace(/\.md$/i, ""), source, parsed.ladder);
    } catch (error) {
      const reason = String((loggableError(error) as Error).message ?? error).split("\n")[0];
      problems.push(`${file}:1: the document could not be stored (${reason})`);
    }
  }
  return problems;
}

async function storeLadderVersion(
  db: Db,
  slug: string,
  source: string,
  ladder: Ladder,
): Promise<void> {
  const hash = contentHash(source);
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
