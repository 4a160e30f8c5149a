import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { invites, loginFailures, sessions, users } from "../../db/schema";
import { hashPassword, normalizeEmail, randomToken, sha256Hex } from "../lib/auth.server";
import type { Db } from "../lib/db.server";

export const INVITE_DAYS = 7;

export type { Role } from "../forms/auth";
import type { Role } from "../forms/auth";

export class EmailTakenError extends Error {
  constructor() {
    super("An account with this email address already exists.");
  }
}

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
  hasPassword: users.passwordHash,
};

export async function createUser(
  db: Db,
  input: { email: string; name: string; role: Role; password?: string },
): Promise<{ id: string }> {
  const email = normalizeEmail(input.email);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const [row] = await db
    .insert(users)
    .values({ id: randomUUID(), email, name: input.name.trim(), role: input.role, passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (!row) throw new EmailTakenError();
  return row;
}

/** The first account on an empty installation becomes its administrator. Refused once anyone exists. */
export async function createFirstAdmin(
  db: Db,
  input: { email: string; name: string; password: string },
): Promise<{ id: string } | null> {
  return db.transaction(async (tx) => {
    // Serialise concurrent first-run submissions so that only one becomes the administrator.
    await tx.execute(sql`lock table users in share row exclusive mode`);
    const [existing] = await tx.select({ id: users.id }).from(users).limit(1);
    if (existing) return null;
    return createUser(tx as unknown as Db, { ...input, role: "admin" });
  });
}

export async function listUsers(db: Db) {
  const rows = await db.select(publicColumns).from(users).orderBy(asc(users.name));
  return rows.map(({ hasPassword, ...u }) => ({ ...u, hasPassword: hasPassword !== null }));
}

export async function getUserByEmail(db: Db, email: string) {
  const [row] = await db.select(publicColumns).from(users).where(eq(users.email, normalizeEmail(email)));
  return row ? { ...row, hasPassword: row.hasPassword !== null } : null;
}

/** A one-time link for setting a password; only the token's hash is stored. */
export async function createInvite(db: Db, userId: string, createdBy: string | null): Promise<string> {
  const token = randomToken(32);
  await db.transaction(async (tx) => {
    // A new link replaces any earlier one that is still open.
    await tx.delete(invites).where(and(eq(invites.userId, userId), isNull(invites.usedAt)));
    await tx.insert(invites).values({
      id: randomUUID(),
      tokenHash: sha256Hex(token),
      userId,
      createdBy,
      expiresAt: new Date(Date.now() + INVITE_DAYS * 24 * 60 * 60 * 1000),
    });
  });
  return token;
}

export async function findOpenInvite(db: Db, token: string) {
  const [row] = await db
    .select({ inviteId: invites.id, userId: users.id, name: users.name, email: users.email })
    .from(invites)
    .innerJoin(users, eq(users.id, invites.userId))
    .where(
      and(
        eq(invites.tokenHash, sha256Hex(token)),
        isNull(invites.usedAt),
        gt(invites.expiresAt, new Date()),
        isNull(users.disabledAt),
      ),
    );
  return row ?? null;
}

/** Sets the password and spends the invite in one transaction; false if the link is no longer valid. */
export async function acceptInvite(db: Db, token: string, password: string): Promise<string | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [spent] = await tx
      .update(invites)
      .set({ usedAt: new Date() })
      .where(and(eq(invites.tokenHash, sha256Hex(token)), isNull(invites.usedAt), gt(invites.expiresAt, new Date())))
      .returning({ userId: invites.userId });
    if (!spent) return null;
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, spent.userId));
    await tx.delete(sessions).where(eq(sessions.userId, spent.userId));
    return spent.userId;
  });
}

/** Disabling ends every session of the user at once. */
export async function setUserDisabled(db: Db, userId: string, disabled: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ disabledAt: disabled ? new Date() : null, updatedAt: new Date() })
      .where(eq(users.id, userId));
    if (disabled) await tx.delete(sessions).where(eq(sessions.userId, userId));
  });
}

/** Failed sign-ins older than a day no longer count towards throttling; removed at start-up. */
export async function purgeOldLoginFailures(db: Db): Promise<void> {
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(Date.now() - 24 * 60 * 60 * 1000)));
}
