import type { AppLoadContext } from "@remix-run/node";
import { getCaseForViewer, type CaseAccess, type CaseRow } from "../models/cases.server";
import { getSessionForViewer, getSubmission, type Seat, type SessionRow, type Submission } from "../models/committee.server";
import { requireUser, type SessionUser } from "./auth.server";
import { requestScope } from "./request-scope.server";
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
  /** The case itself, read with the access check: once per request however many loaders ask. */
  found: CaseRow;
}

// A case page runs the layout's loader and the page's side by side; both guard the same case, once.
const guards = new WeakMap<object, Promise<CaseGuard>>();

export function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

/** The signed-in user's access to the case in the URL. Someone with no access is told the case does
 *  not exist (404), so ids cannot be probed; an administrator who may only read gets 403 on writes. */
export async function requireCase(args: RouteArgs, need: CaseAccess = "read"): Promise<CaseGuard> {
  const scope = requestScope(args);
  let pending = scope ? guards.get(scope) : undefined;
  if (!pending) {
    pending = guardCase(args);
    if (scope) guards.set(scope, pending);
  }
  const guard = await pending.catch((error: unknown) => {
    // Every loader that shares the guard rethrows it; a response body can be read once, so each
    // gets its own copy (one shared 404 read twice logged "Body is unusable").
    throw error instanceof Response ? error.clone() : error;
  });
  if (need === "edit" && guard.access !== "edit") {
    throw new Response("Administrators can read this case but only its owners can change it.", { status: 403 });
  }
  return guard;
}

async function guardCase(args: RouteArgs): Promise<CaseGuard> {
  const user = await requireUser(args);
  const caseId = args.params.caseId ?? "";
  const db = await getDb();
  const read = isUuid(caseId) ? await getCaseForViewer(db, caseId, user) : null;
  if (!read) throw notFound();
  return { user, caseId, access: read.access, db, found: read.found };
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export interface SessionGuard {
  user: SessionUser;
  sessionId: string;
  db: Db;
  session: SessionRow;
  /** Chair, member, or an administrator reading the session. */
  seat: Seat;
}

/** The signed-in user's seat in the calibration session in the URL. Anyone who does not sit on it
 *  (administrators aside, who read every session) is told it does not exist (404), like a case. */
export async function requireSession(args: RouteArgs): Promise<SessionGuard> {
  const user = await requireUser(args);
  const sessionId = args.params.sessionId ?? "";
  const db = await getDb();
  const found = isUuid(sessionId) ? await getSessionForViewer(db, sessionId, user) : null;
  if (!found) throw notFound();
  return { user, sessionId, db, session: found.session, seat: found.seat };
}

/** A case submitted to the session in the URL, as the session's members read it. */
export async function requireSubmittedCase(args: RouteArgs): Promise<SessionGuard & { submission: Submission }> {
  const guard = await requireSession(args);
  const caseId = args.params.caseId ?? "";
  const submission = isUuid(caseId) ? await getSubmission(guard.db, guard.sessionId, caseId) : null;
  if (!submission) throw notFound();
  return { ...guard, submission };
}

/** Whether someone may read a case, by the rule requireCase applies: for checks that name a case found some other way. */
export async function mayReadCase(db: Db, user: SessionUser, caseId: string): Promise<boolean> {
  return isUuid(caseId) && (await getCaseForViewer(db, caseId, user)) !== null;
}
