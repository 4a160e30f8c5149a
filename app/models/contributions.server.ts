import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { cases, contributionLinks, contributions, users, type ContributionRow } from "../../db/schema";
import { CONTRIBUTION_DAYS, DAY_MS, joinWhatHappened } from "../domain/vouch";
import type { Ladder } from "../domain/types";
import type { ContributionInput } from "../forms/contribution";
import type { EvidenceInput } from "../forms/evidence";
import type { Db } from "../lib/db.server";
import { linkTokenHash, newLinkToken } from "../lib/links.server";
import { recordAudit, type Actor } from "./audit.server";
import { insertEvidence } from "./evidence.server";
import { ladderDocument } from "./cases.server";

function liveAt(now: Date) {
  return and(isNull(contributionLinks.closedAt), gt(contributionLinks.expiresAt, now));
}

/* ---------- The manager's side ---------- */

/** The case's link while it works (there is at most one), without its token, which is never kept. */
export async function getOpenContributionLink(db: Db, caseId: string, now = new Date()) {
  const [row] = await db
    .select({ id: contributionLinks.id, createdAt: contributionLinks.createdAt, expiresAt: contributionLinks.expiresAt })
    .from(contributionLinks)
    .where(and(eq(contributionLinks.caseId, caseId), liveAt(now)))
    .orderBy(desc(contributionLinks.createdAt))
    .limit(1);
  return row ?? null;
}

/** A new link for the candidate, closing any earlier one: the token is returned once, only its hash kept. */
export async function openContributionLink(db: Db, actor: Actor, caseId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId)).for("update");
    const closed = await tx
      .update(contributionLinks)
      .set({ closedAt: now })
      .where(and(eq(contributionLinks.caseId, caseId), liveAt(now)))
      .returning({ id: contributionLinks.id });
    const { token, tokenHash } = newLinkToken();
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + CONTRIBUTION_DAYS * DAY_MS);
    await tx.insert(contributionLinks).values({ id, caseId, tokenHash, createdBy: actor.id, createdAt: now, expiresAt });
    await recordAudit(tx, {
      caseId,
      actor,
      action: closed.length > 0 ? "link replaced" : "link given",
      entityType: "contribution",
      entityId: id,
      after: { expires: expiresAt.toISOString().slice(0, 10) },
    });
    return { id, token, expiresAt };
  });
}

export async function closeContributionLink(db: Db, actor: Actor, caseId: string, now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const closed = await tx
      .update(contributionLinks)
      .set({ closedAt: now })
      .where(and(eq(contributionLinks.caseId, caseId), liveAt(now)))
      .returning({ id: contributionLinks.id });
    if (closed.length === 0) return false;
    await recordAudit(tx, { caseId, actor, action: "link closed", entityType: "contribution", entityId: closed[0]!.id });
    return true;
  });
}

const inboxColumns = {
  id: contributions.id,
  title: contributions.title,
  whatHappened: contributions.whatHappened,
  part: contributions.part,
  outcome: contributions.outcome,
  dateStart: contributions.dateStart,
  dateEnd: contributions.dateEnd,
  links: contributions.links,
  vouchers: contributions.vouchers,
  suggestedKeys: contributions.suggestedKeys,
  createdAt: contributions.createdAt,
  status: contributions.status,
  decidedAt: contributions.decidedAt,
  dismissReason: contributions.dismissReason,
  evidenceId: contributions.evidenceId,
};

/** The case's inbox: waiting items first (oldest first), then those already decided (newest first). */
export async function listContributions(db: Db, caseId: string) {
  return db
    .select(inboxColumns)
    .from(contributions)
    .where(eq(contributions.caseId, caseId))
    .orderBy(sql`${contributions.status} = 'pending' desc`, sql`case when ${contributions.status} = 'pending' then ${contributions.createdAt} end asc`, desc(contributions.decidedAt));
}

export async function countPendingContributions(db: Db, caseId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(contributions)
    .where(and(eq(contributions.caseId, caseId), eq(contributions.status, "pending")));
  return row?.n ?? 0;
}

export async function getContribution(db: Db, caseId: string, contributionId: string) {
  const [row] = await db
    .select(inboxColumns)
    .from(contributions)
    .where(and(eq(contributions.id, contributionId), eq(contributions.caseId, caseId)));
  return row ?? null;
}

/** The contribution as an evidence item's starting point: its provenance is the candidate's own account. */
export function contributionAsEvidence(c: Pick<ContributionRow, "title" | "whatHappened" | "part" | "outcome" | "dateStart" | "dateEnd" | "links" | "vouchers" | "suggestedKeys">) {
  return {
    title: c.title,
    whatHappened: joinWhatHappened(c.whatHappened, c.part),
    outcome: c.outcome,
    dateStart: c.dateStart,
    dateEnd: c.dateEnd,
    links: c.links,
    vouchers: c.vouchers,
    source: "self-reported" as const,
    supports: c.suggestedKeys.map((expectationKey) => ({ expectationKey, rationale: "" })),
  };
}

export type DecideResult = { ok: true; ref?: string } | { ok: false; reason: "gone" | "decided" };

/** Accepts a waiting contribution as a new evidence item, in one transaction: the item (always
 *  self-reported, since it is the candidate's account), the contribution marked accepted, the history. */
export async function acceptContribution(
  db: Db,
  actor: Actor,
  caseId: string,
  contributionId: string,
  input: EvidenceInput,
  now = new Date(),
): Promise<DecideResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: contributions.status, title: contributions.title })
      .from(contributions)
      .where(and(eq(contributions.id, contributionId), eq(contributions.caseId, caseId)))
      .for("update");
    if (!row) return { ok: false, reason: "gone" } as const;
    if (row.status !== "pending") return { ok: false, reason: "decided" } as const;
    const record = await insertEvidence(tx, actor, caseId, { ...input, source: "self-reported" });
    await tx
      .update(contributions)
      .set({ status: "accepted", decidedAt: now, decidedBy: actor.id, evidenceId: record.id })
      .where(eq(contributions.id, contributionId));
    await recordAudit(tx, {
      caseId,
      actor,
      action: "accepted",
      entityType: "contribution",
      entityId: contributionId,
      after: { title: row.title, ref: record.ref },
    });
    return { ok: true, ref: record.ref } as const;
  });
}

export async function dismissContribution(
  db: Db,
  actor: Actor,
  caseId: string,
  contributionId: string,
  reason: string,
  now = new Date(),
): Promise<DecideResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(contributions)
      .set({ status: "dismissed", decidedAt: now, decidedBy: actor.id, dismissReason: reason })
      .where(and(eq(contributions.id, contributionId), eq(contributions.caseId, caseId), eq(contributions.status, "pending")))
      .returning({ title: contributions.title });
    if (!row) {
      const exists = await getContributionStatus(tx, caseId, contributionId);
      return { ok: false, reason: exists ? "decided" : "gone" } as const;
    }
    await recordAudit(tx, {
      caseId,
      actor,
      action: "dismissed",
      entityType: "contribution",
      entityId: contributionId,
      after: { title: row.title, reason },
    });
    return { ok: true } as const;
  });
}

async function getContributionStatus(tx: Pick<Db, "select">, caseId: string, contributionId: string) {
  const [row] = await tx
    .select({ status: contributions.status })
    .from(contributions)
    .where(and(eq(contributions.id, contributionId), eq(contributions.caseId, caseId)));
  return row?.status ?? null;
}

/* ---------- Through the candidate's link ---------- */

export interface ContributionLinkView {
  id: string;
  caseId: string;
  candidateName: string;
  managerName: string;
  expiresAt: Date;
  /** The ladder's expectations, to suggest from (the ladder is the company's document, not the case). */
  ladder: Ladder;
}

export type ContributionLink =
  | { state: "open"; link: ContributionLinkView }
  | { state: "expired" | "closed" }
  | { state: "unknown" };

export async function readContributionLink(db: Db, token: string, now = new Date()): Promise<ContributionLink> {
  const [row] = await db
    .select({
      link: contributionLinks,
      candidateName: cases.candidateName,
      ladderVersionId: cases.ladderVersionId,
      managerName: users.name,
    })
    .from(contributionLinks)
    .innerJoin(cases, eq(cases.id, contributionLinks.caseId))
    .innerJoin(users, eq(users.id, cases.ownerId))
    .where(eq(contributionLinks.tokenHash, linkTokenHash(token)));
  if (!row) return { state: "unknown" };
  if (row.link.closedAt) return { state: "closed" };
  if (row.link.expiresAt.getTime() <= now.getTime()) return { state: "expired" };
  return {
    state: "open",
    link: {
      id: row.link.id,
      caseId: row.link.caseId,
      candidateName: row.candidateName,
      managerName: row.managerName,
      expiresAt: row.link.expiresAt,
      ladder: await ladderDocument(db, row.ladderVersionId),
    },
  };
}

/** What the candidate added through this link, and nothing else. */
export async function listOwnContributions(db: Db, linkId: string) {
  return db
    .select({ id: contributions.id, title: contributions.title, dateStart: contributions.dateStart, dateEnd: contributions.dateEnd, createdAt: contributions.createdAt })
    .from(contributions)
    .where(eq(contributions.linkId, linkId))
    .orderBy(asc(contributions.createdAt));
}

/** Adds an item to the case's inbox. It is not evidence until the manager accepts it. */
export async function addContribution(
  db: Db,
  link: Pick<ContributionLinkView, "id" | "caseId" | "candidateName">,
  input: ContributionInput,
  now = new Date(),
): Promise<string | null> {
  return db.transaction(async (tx) => {
    // Checked again inside the write: a link closed a moment ago takes nothing more.
    const [live] = await tx
      .select({ id: contributionLinks.id })
      .from(contributionLinks)
      .where(and(eq(contributionLinks.id, link.id), liveAt(now)))
      .for("update");
    if (!live) return null;
    const id = randomUUID();
    await tx.insert(contributions).values({
      id,
      caseId: link.caseId,
      linkId: link.id,
      title: input.title,
      whatHappened: input.whatHappened,
      part: input.part,
      outcome: input.outcome,
      dateStart: input.dateStart,
      dateEnd: input.dateEnd && input.dateEnd !== input.dateStart ? input.dateEnd : null,
      links: input.links,
      vouchers: input.vouchers,
      suggestedKeys: input.suggestedKeys,
      createdAt: now,
    });
    await recordAudit(tx, {
      caseId: link.caseId,
      actor: { id: null, name: `${link.candidateName} (the candidate), through their link` },
      action: "added",
      entityType: "contribution",
      entityId: id,
      after: { title: input.title, whatHappened: input.whatHappened, outcome: input.outcome },
    });
    return id;
  });
}
