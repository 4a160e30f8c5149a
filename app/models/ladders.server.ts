import { asc, eq } from "drizzle-orm";
import { ladders, ladderVersions } from "../../db/schema";
import type { Db } from "../lib/db.server";

/** Every ladder with its current version, lowest level first. */
export async function listLadders(db: Db) {
  return db
    .select({
      slug: ladders.slug,
      versionId: ladderVersions.id,
      level: ladderVersions.level,
      title: ladderVersions.title,
      contentHash: ladderVersions.contentHash,
      document: ladderVersions.document,
    })
    .from(ladders)
    .innerJoin(ladderVersions, eq(ladderVersions.id, ladders.currentVersionId))
    .orderBy(asc(ladderVersions.level), asc(ladderVersions.title));
}

export async function getCurrentLadder(db: Db, slug: string) {
  const [row] = await db
    .select({
      slug: ladders.slug,
      versionId: ladderVersions.id,
      contentHash: ladderVersions.contentHash,
      document: ladderVersions.document,
      loadedAt: ladderVersions.createdAt,
    })
    .from(ladders)
    .innerJoin(ladderVersions, eq(ladderVersions.id, ladders.currentVersionId))
    .where(eq(ladders.slug, slug));
  return row ?? null;
}

export async function getLadderVersion(db: Db, versionId: string) {
  const [row] = await db
    .select({
      slug: ladders.slug,
      versionId: ladderVersions.id,
      contentHash: ladderVersions.contentHash,
      document: ladderVersions.document,
      isCurrent: eq(ladders.currentVersionId, ladderVersions.id),
    })
    .from(ladderVersions)
    .innerJoin(ladders, eq(ladders.id, ladderVersions.ladderId))
    .where(eq(ladderVersions.id, versionId));
  return row ?? null;
}
