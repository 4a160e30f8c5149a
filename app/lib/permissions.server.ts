import type { AppLoadContext } from "@remix-run/node";
import { caseAccess, type CaseAccess } from "../models/cases.server";
import { requireUser, type SessionUser } from "./auth.server";
import { getDb } from "./services.server";
import type { Db } from "./db.server";

interface RouteArgs {
  request: Request;
  context: AppLoadContext;
  params: Record<string, string | undefined>;
}

export interface CaseGuard {
  user: SessionUser;
  caseId: string;
  access: CaseAccess;
  db: Db;
}

export function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

/** The signed-in user's access to the case in the URL. Someone with no access is told the case does
 *  not exist (404), so ids cannot be probed; an administrator who may only read gets 403 on writes. */
export async function requireCase(args: RouteArgs, need: CaseAccess = "read"): Promise<CaseGuard> {
  const user = await requireUser(args);
  const caseId = args.params.caseId ?? "";
  const db = await getDb();
  const access = isUuid(caseId) ? await caseAccess(db, caseId, user) : null;
  if (!access) throw notFound();
  if (need === "edit" && access !== "edit") {
    throw new Response("Administrators can read this case but only its owners can change it.", { status: 403 });
  }
  return { user, caseId, access, db };
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
