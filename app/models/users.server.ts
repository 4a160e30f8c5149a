import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { auditEvents, invites, loginFailures, sessions, users } from "../../db/schema";
import { hashPassword, normalizeEmail, randomToken, sha256Hex } from "../lib/auth.server";
import type { Db, Tx } from "../lib/db.server";

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

export const RESET_HOURS = 24;

export type LinkPurpose = "invite" | "reset";

/** Who issued a link: an administrator, or the operator at the command line. */
export interface Issuer {
  id: string | null;
  name: string;
}

export class AccountLinkError extends Error {}

/** Account events live in the audit log without a case: entity "account", id the person's. */
async function recordAccountEvent(tx: Db | Tx, userId: string, actor: Issuer, action: string, after?: unknown) {
  await tx.insert(auditEvents).values({
    caseId: null,
    actorId: actor.id,
    actorName: actor.name,
    action,
    entityType: "account",
    entityId: userId,
    after: after ?? null,
  });
}

/** What happened to a person's account and who did it (password resets), newest first: shown to them. */
export async function listAccountEvents(db: Db, userId: string) {
  return db
    .select({ id: auditEvents.id, at: auditEvents.at, actorName: auditEvents.actorName, action: auditEvents.action })
    .from(auditEvents)
    .where(and(isNull(auditEvents.caseId), eq(auditEvents.entityType, "account"), eq(auditEvents.entityId, userId)))
    .orderBy(desc(auditEvents.id))
    .limit(20);
}

/**
 * A one-time link; only the token's hash is stored. An invitation sets the first password of an
 * account that has none (7 days); a reset replaces the password of one that has (24 hours), and is
 * recorded in the person's account history as issued by `issuer`. Refused for a disabled account,
 * and an invitation is refused for an account that already has a password: taking it over needs
 * the explicit, recorded reset.
 */
export async function createAccountLink(db: Db, userId: string, issuer: Issuer, purpose: LinkPurpose): Promise<string> {
  const token = randomToken(32);
  await db.transaction(async (tx) => {
    const [person] = await tx
      .select({ passwordHash: users.passwordHash, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, userId))
      .for("update");
    if (!person) throw new AccountLinkError("There is no such account.");
    if (person.disabledAt) throw new AccountLinkError("This account is disabled. Enable it first.");
    if (purpose === "invite" && person.passwordHash !== null) {
      throw new AccountLinkError("This person has already set a password. Use Reset password instead: it is recorded, and they are told.");
    }
    if (purpose === "reset" && person.passwordHash === null) {
      throw new AccountLinkError("This person has not set a password yet. Send them a new invitation link instead.");
    }
    // A new link replaces any earlier one that is still open.
    await tx.delete(invites).where(and(eq(invites.userId, userId), isNull(invites.usedAt)));
    const hours = purpose === "invite" ? INVITE_DAYS * 24 : RESET_HOURS;
    await tx.insert(invites).values({
      id: randomUUID(),
      tokenHash: sha256Hex(token),
      userId,
      createdBy: issuer.id,
      purpose,
      expiresAt: new Date(Date.now() + hours * 60 * 60 * 1000),
    });
    if (purpose === "reset") await recordAccountEvent(tx, userId, issuer, "password reset link issued");
  });
  return token;
}

function openLink(token: string, purpose: LinkPurpose) {
  return and(
    eq(invites.tokenHash, sha256Hex(token)),
    eq(invites.purpose, purpose),
    isNull(invites.usedAt),
    gt(invites.expiresAt, new Date()),
  );
}

export async function findOpenLink(db: Db, token: string, purpose: LinkPurpose) {
  const [row] = await db
    .select({ inviteId: invites.id, userId: users.id, name: users.name, email: users.email })
    .from(invites)
    .innerJoin(users, eq(users.id, invites.userId))
    .where(and(openLink(token, purpose), isNull(users.disabledAt)));
  return row ?? null;
}

/** Sets the password and spends the link in one transaction, ending every session of the person;
 *  null if the link is no longer valid or the account was disabled (or, for an invitation, already
 *  has a password). A reset is recorded in the person's account history. */
export async function spendAccountLink(db: Db, token: string, purpose: LinkPurpose, password: string): Promise<string | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [link] = await tx
      .select({ id: invites.id, userId: invites.userId, createdBy: invites.createdBy })
      .from(invites)
      .where(openLink(token, purpose))
      .for("update");
    if (!link) return null;
    const [person] = await tx
      .select({ passwordHash: users.passwordHash, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, link.userId))
      .for("update");
    if (!person || person.disabledAt) return null;
    if (purpose === "invite" && person.passwordHash !== null) return null;
    await tx.update(invites).set({ usedAt: new Date() }).where(eq(invites.id, link.id));
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, link.userId));
    await tx.delete(sessions).where(eq(sessions.userId, link.userId));
    if (purpose === "reset") {
      const [issuer] = link.createdBy
        ? await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, link.createdBy))
        : [];
      await recordAccountEvent(tx, link.userId, issuer ?? { id: null, name: "The operator (command line)" }, "password reset with the link", {
        sessionsEnded: true,
      });
    }
    return link.userId;
  });
}

/** Disabling ends every session of the user at once and cancels their open invitation or reset links. */
export async function setUserDisabled(db: Db, userId: string, disabled: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ disabledAt: disabled ? new Date() : null, updatedAt: new Date() })
      .where(eq(users.id, userId));
    if (disabled) {
      await tx.delete(sessions).where(eq(sessions.userId, userId));
      await tx.delete(invites).where(and(eq(invites.userId, userId), isNull(invites.usedAt)));
    }
  });
}

/** Failed sign-ins older than a day no longer count towards throttling; removed at start-up. */
export async function purgeOldLoginFailures(db: Db): Promise<void> {
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(Date.now() - 24 * 60 * 60 * 1000)));
}
