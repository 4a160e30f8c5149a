import { and, eq, gt, lt, sql } from "drizzle-orm";
import { evidenceDrafts } from "../../db/schema";
import { DRAFT_DAYS } from "../domain/policy";
import type { DraftFields } from "../domain/drafts";
import type { Db } from "../lib/db.server";

const fresh = sql`now() - make_interval(days => ${DRAFT_DAYS})`;

/** The author's own draft of a new item in this case, if touched within DRAFT_DAYS. */
export async function getDraft(db: Db, caseId: string, authorId: string) {
  const [row] = await db
    .select({ fields: evidenceDrafts.fields, updatedAt: evidenceDrafts.updatedAt })
    .from(evidenceDrafts)
    .where(and(eq(evidenceDrafts.caseId, caseId), eq(evidenceDrafts.authorId, authorId), gt(evidenceDrafts.updatedAt, fresh)));
  return row ?? null;
}

/** Keeps the author's draft (one per case and author; the newest wins). */
export async function saveDraft(db: Db, caseId: string, authorId: string, fields: DraftFields): Promise<Date> {
  const updatedAt = new Date();
  await db
    .insert(evidenceDrafts)
    .values({ caseId, authorId, fields, updatedAt })
    .onConflictDoUpdate({ target: [evidenceDrafts.caseId, evidenceDrafts.authorId], set: { fields, updatedAt } });
  return updatedAt;
}

export async function discardDraft(db: Db, caseId: string, authorId: string): Promise<void> {
  await db.delete(evidenceDrafts).where(and(eq(evidenceDrafts.caseId, caseId), eq(evidenceDrafts.authorId, authorId)));
}

/** Removes drafts nobody touched for DRAFT_DAYS (run at start-up, never on a GET). */
export async function purgeExpiredDrafts(db: Db): Promise<void> {
  await db.delete(evidenceDrafts).where(lt(evidenceDrafts.updatedAt, fresh));
}
