import { and, desc, eq, lt } from "drizzle-orm";
import { auditEvents } from "../../db/schema";
import type { Db, Tx } from "../lib/db.server";

export interface Actor {
  id: string;
  name: string;
}

/** Someone acting through a link, without an account: recorded by name, with no user id. */
export interface LinkActor {
  id: null;
  name: string;
}

export type AuditEntity =
  | "case"
  | "evidence"
  | "support"
  | "mark"
  | "co-owner"
  | "packet"
  | "wording"
  | "submission"
  | "decision"
  | "vouch"
  | "contribution";

/** Written in the same transaction as the change it records, so the two cannot disagree. */
export async function recordAudit(
  tx: Db | Tx,
  event: {
    caseId: string;
    actor: Actor | LinkActor;
    action: string;
    entityType: AuditEntity;
    entityId: string;
    before?: unknown;
    after?: unknown;
  },
): Promise<void> {
  await tx.insert(auditEvents).values({
    caseId: event.caseId,
    actorId: event.actor.id,
    actorName: event.actor.name,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    before: event.before ?? null,
    after: event.after ?? null,
  });
}

export const HISTORY_PAGE = 40;

export async function listHistory(db: Db, caseId: string, options: { before?: number } = {}) {
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorName: auditEvents.actorName,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      before: auditEvents.before,
      after: auditEvents.after,
    })
    .from(auditEvents)
    .where(
      options.before
        ? and(eq(auditEvents.caseId, caseId), lt(auditEvents.id, options.before))
        : eq(auditEvents.caseId, caseId),
    )
    .orderBy(desc(auditEvents.id))
    .limit(HISTORY_PAGE);
}
