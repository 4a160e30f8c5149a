// The only module that imports lucia. Sessions: lucia generates a 200-bit random token for the
// cookie; the adapter below stores only its SHA-256, so a copy of the database holds no live token.
import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { redirect, type AppLoadContext } from "@remix-run/node";
import { and, count, eq, gt, lt, ne } from "drizzle-orm";
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { loginFailures, sessions, users, type User } from "../../db/schema";
import { PASSWORD_MAX, PASSWORD_MIN } from "../forms/auth";
import { isProduction } from "./env.server";
import { requestScope } from "./request-scope.server";
import { getDb } from "./services.server";

export const SESSION_DAYS = 30;
const SESSION_MS = SESSION_DAYS * 24 * 60 * 60 * 1000;
const REFRESH_AFTER_MS = 60 * 60 * 1000;
export const THROTTLE_LIMIT = 10;
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

export const ARGON2_OPTIONS = {
  // Algorithm.Argon2id; the enum is ambient const, which isolatedModules cannot read.
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export type SessionUser = Pick<User, "id" | "email" | "name" | "role">;

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

const adapter: Adapter = {
  async getSessionAndUser(sessionId) {
    const db = await getDb();
    const [row] = await db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sha256Hex(sessionId)));
    if (!row) return [null, null];
    const session: DatabaseSession = {
      // lucia hands this id back to deleteSession, which hashes it again: keep the raw token here.
      id: sessionId,
      userId: row.session.userId,
      expiresAt: row.session.expiresAt,
      attributes: {},
    };
    const user: DatabaseUser | null = row.user.disabledAt
      ? null
      : {
          id: row.user.id,
          attributes: { email: row.user.email, name: row.user.name, role: row.user.role },
        };
    return [session, user];
  },
  async getUserSessions(userId) {
    // Only hashes are stored, so the raw ids cannot be returned; nothing in the app needs them.
    const db = await getDb();
    const rows = await db.select().from(sessions).where(eq(sessions.userId, userId));
    return rows.map((r) => ({ id: r.id, userId: r.userId, expiresAt: r.expiresAt, attributes: {} }));
  },
  async setSession(session) {
    const db = await getDb();
    await db.insert(sessions).values({
      id: sha256Hex(session.id),
      userId: session.userId,
      expiresAt: session.expiresAt,
    });
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    const db = await getDb();
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, sha256Hex(sessionId)));
  },
  async deleteSession(sessionId) {
    const db = await getDb();
    await db.delete(sessions).where(eq(sessions.id, sha256Hex(sessionId)));
  },
  async deleteUserSessions(userId) {
    const db = await getDb();
    await db.delete(sessions).where(eq(sessions.userId, userId));
  },
  async deleteExpiredSessions() {
    const db = await getDb();
    await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  },
};

declare module "lucia" {
  interface Register {
    Lucia: Lucia<Record<never, never>, Omit<SessionUser, "id">>;
    DatabaseUserAttributes: Omit<SessionUser, "id">;
  }
}

let luciaInstance: Lucia<Record<never, never>, Omit<SessionUser, "id">> | undefined;

function lucia() {
  luciaInstance ??= new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(SESSION_DAYS, "d"),
    sessionCookie: {
      // __Host- requires Secure and Path=/ and forbids Domain: the cookie cannot be planted by a subdomain.
      name: secureCookies() ? "__Host-ladderproof_session" : "ladderproof_session",
      expires: true,
      attributes: { secure: secureCookies(), sameSite: "lax", path: "/" },
    },
    getUserAttributes: (attributes) => attributes,
  });
  return luciaInstance;
}

function secureCookies(): boolean {
  return isProduction() && process.env.SECURE_COOKIES !== "0";
}

export function sessionCookieName(): string {
  return lucia().sessionCookieName;
}

/* ---------- Passwords ---------- */

/** Length in characters as a person counts them (code points), never truncated. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize("NFC"), ARGON2_OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password.normalize("NFC"));
  } catch {
    return false;
  }
}

// Spent on unknown emails too, so that timing does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;

/* ---------- Sign-in with throttling ---------- */

export type LoginResult =
  | { ok: true; cookie: string; user: SessionUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Seconds until another attempt is allowed, or null: at most `limit` recorded attempts per key
 *  (the email column) and per client address within the window. Links reuse it with their own keys. */
export async function throttleRetryAfter(
  email: string,
  clientAddress: string,
  limit: number = THROTTLE_LIMIT,
): Promise<number | null> {
  const db = await getDb();
  const since = new Date(Date.now() - THROTTLE_WINDOW_MS);
  for (const condition of [eq(loginFailures.email, email), eq(loginFailures.clientAddress, clientAddress)]) {
    const rows = await db
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(and(condition, gt(loginFailures.at, since)))
      .orderBy(loginFailures.at);
    if (rows.length >= limit) {
      // The window reopens when enough of the oldest failures age out of it.
      const unlocking = rows[rows.length - limit]!.at.getTime() + THROTTLE_WINDOW_MS;
      return Math.max(1, Math.ceil((unlocking - Date.now()) / 1000));
    }
  }
  return null;
}

/** Counts one attempt against a key and a client address (see throttleRetryAfter). */
export async function recordAttempt(email: string, clientAddress: string): Promise<void> {
  const db = await getDb();
  await db.insert(loginFailures).values({ email, clientAddress });
}

/** Throttled password check: records a failure, clears them on success. Opens no session. */
export async function checkCredentials(
  emailInput: string,
  password: string,
  clientAddress: string,
): Promise<{ ok: true; user: SessionUser } | Exclude<LoginResult, { ok: true }>> {
  const email = normalizeEmail(emailInput);
  const retryAfter = await throttleRetryAfter(email, clientAddress);
  if (retryAfter !== null) return { ok: false, reason: "throttled", retryAfterSeconds: retryAfter };
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.email, email));
  let valid = false;
  if (user?.passwordHash && !user.disabledAt) {
    valid = await verifyPassword(user.passwordHash, password);
  } else {
    dummyHash ??= hashPassword("not-a-real-password-0");
    await verifyPassword(await dummyHash, password);
  }
  if (!valid || !user) {
    await recordAttempt(email, clientAddress);
    return { ok: false, reason: "invalid" };
  }
  await db.delete(loginFailures).where(eq(loginFailures.email, email));
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

export async function login(emailInput: string, password: string, clientAddress: string): Promise<LoginResult> {
  const result = await checkCredentials(emailInput, password, clientAddress);
  if (!result.ok) return result;
  return { ok: true, user: result.user, cookie: await startSession(result.user.id) };
}

/** A brand-new session (a new token every time: no fixation). Returns the Set-Cookie value. */
export async function startSession(userId: string): Promise<string> {
  const session = await lucia().createSession(userId, {});
  return lucia().createSessionCookie(session.id).serialize();
}

/* ---------- Reading the current user ---------- */

interface RequestArgs {
  request: Request;
  context: AppLoadContext;
}

// Per HTTP request (see requestScope): the root, layout and page loaders read the session once between them.
const cache = new WeakMap<object, Promise<{ user: SessionUser; sessionId: string } | null>>();

async function readSession(args: RequestArgs): Promise<{ user: SessionUser; sessionId: string } | null> {
  const token = lucia().readSessionCookie(args.request.headers.get("Cookie") ?? "");
  if (!token) return null;
  const { session, user } = await lucia().validateSession(token);
  if (!session) {
    args.context.responseHeaders?.append("Set-Cookie", lucia().createBlankSessionCookie().serialize());
    return null;
  }
  // Sliding expiry: extend to a full 30 days, writing at most once an hour per session.
  if (session.fresh || session.expiresAt.getTime() - Date.now() < SESSION_MS - REFRESH_AFTER_MS) {
    const expiresAt = new Date(Date.now() + SESSION_MS);
    if (!session.fresh) await adapter.updateSessionExpiration(session.id, expiresAt);
    args.context.responseHeaders?.append("Set-Cookie", lucia().createSessionCookie(session.id).serialize());
  }
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, sessionId: session.id };
}

/** The signed-in user, or null. Reads the session once per request. */
export async function getUser(args: RequestArgs): Promise<SessionUser | null> {
  const scope = requestScope(args);
  let pending = scope ? cache.get(scope) : undefined;
  if (!pending) {
    pending = readSession(args);
    if (scope) cache.set(scope, pending);
  }
  return (await pending)?.user ?? null;
}

/** The signed-in user; otherwise throws a redirect to the sign-in page that comes back here. */
export async function requireUser(args: RequestArgs): Promise<SessionUser> {
  const user = await getUser(args);
  if (user) return user;
  const url = new URL(args.request.url);
  const back = url.pathname + url.search;
  throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
}

export async function requireAdmin(args: RequestArgs): Promise<SessionUser> {
  const user = await requireUser(args);
  if (user.role !== "admin") throw new Response("Not found", { status: 404 });
  return user;
}

/** Someone who builds cases: reviewers only read what is submitted to their committees, so the
 *  pages for opening and importing cases do not exist for them (404, like any page they may not see). */
export async function requireCaseBuilder(args: RequestArgs): Promise<SessionUser> {
  const user = await requireUser(args);
  if (user.role === "reviewer") throw new Response("Not found", { status: 404 });
  return user;
}

/** Ends this request's session; returns a Set-Cookie value that clears the cookie. */
export async function logout(args: RequestArgs): Promise<string> {
  const token = lucia().readSessionCookie(args.request.headers.get("Cookie") ?? "");
  if (token) await lucia().invalidateSession(token);
  return lucia().createBlankSessionCookie().serialize();
}

/** Ends every session of a user except, optionally, the current one. */
export async function endSessions(userId: string, keepToken?: string): Promise<void> {
  const db = await getDb();
  await db
    .delete(sessions)
    .where(
      keepToken
        ? and(eq(sessions.userId, userId), ne(sessions.id, sha256Hex(keepToken)))
        : eq(sessions.userId, userId),
    );
}

export async function currentSessionToken(args: RequestArgs): Promise<string | null> {
  return lucia().readSessionCookie(args.request.headers.get("Cookie") ?? "");
}

export async function changePassword(userId: string, password: string, keepToken?: string): Promise<void> {
  const db = await getDb();
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(password), updatedAt: new Date() })
    .where(eq(users.id, userId));
  await endSessions(userId, keepToken);
}

export async function countUsers(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}
