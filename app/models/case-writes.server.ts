import { and, eq } from "drizzle-orm";
import { caseOwners, cases, users } from "../../db/schema";
import type { Db, Tx } from "../lib/db.server";
import { recordAudit, type Actor } from "./audit.server";

/** What a write needs: "read" (an export recorded in the history: owners, co-owners and
 *  administrators), "edit" (owners and co-owners), "owner" (the owner only). */
export type WriteNeed = "read" | "edit" | "owner";

function refused(status: 403 | 404, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * Every write to a case runs here: in one transaction that first locks the case row and the
 * writer's account row and checks the writer's access again. The route's guard checked it before
 * the request's body was read; a co-owner removed or an account disabled in the meantime is
 * refused now (404 when they may no longer see the case, 403 when they may only read it), and
 * nothing is written. Removing a co-owner locks the same case row, so the two cannot interleave.
 */
export async function withCaseWrite<T>(
  db: Db,
  actor: Actor,
  caseId: string,
  need: WriteNeed,
  write: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ ownerId: cases.ownerId }).from(cases).where(eq(cases.id, caseId)).for("update");
    const [person] = await tx
      .select({ role: users.role, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, actor.id))
      .for("share");
    if (!found || !person || person.disabledAt) throw refused(404, "Not found");
    const owns = found.ownerId === actor.id;
    const coOwns =
      !owns &&
      (
        await tx
          .select({ userId: caseOwners.userId })
          .from(caseOwners)
          .where(and(eq(caseOwners.caseId, caseId), eq(caseOwners.userId, actor.id)))
      ).length > 0;
    const reads = owns || coOwns || person.role === "admin";
    if (!reads) throw refused(404, "Not found");
    if (need === "edit" && !owns && !coOwns) {
      throw refused(403, "Administrators can read this case but only its owners can change it.");
    }
    if (need === "owner" && !owns) throw refused(403, "Only the case's owner can do this.");
    return write(tx);
  });
}

/** The history action of a download: reading a case out of Ladderproof leaves a trace. */
export const DOWNLOADED = "downloaded";

/** Records that `actor` downloaded the case's JSON copy or a stored packet (on a GET, on purpose:
 *  a download is a read, and the history says who took a copy and when). */
export async function recordDownload(
  db: Db,
  actor: Actor,
  caseId: string,
  file: { entityType: "case" | "packet"; entityId: string; fileName: string; fingerprint?: string },
): Promise<void> {
  await withCaseWrite(db, actor, caseId, "read", (tx) =>
    recordAudit(tx, {
      caseId,
      actor,
      action: DOWNLOADED,
      entityType: file.entityType,
      entityId: file.entityId,
      after: { fileName: file.fileName, ...(file.fingerprint ? { fingerprint: file.fingerprint } : {}) },
    }),
  );
}
