import { randomUUID } from "node:crypto";
import { and, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { cases, evidence, users, vouchRequests, type VouchRequestRow } from "../../db/schema";
import {
  DAY_MS,
  MAX_OPEN_PER_PERSON,
  VOUCH_DAYS,
  joinWhatHappened,
  personKey,
  vouchState,
  type VouchState,
} from "../domain/vouch";
import type { VouchAnswer, VouchShown } from "../domain/types";
import type { Db } from "../lib/db.server";
import { linkTokenHash, newLinkToken } from "../lib/links.server";
import { recordAudit, type Actor } from "./audit.server";
import { touchCase } from "./evidence.server";

const SHOWN_WORDS: [keyof VouchShown, string][] = [
  ["title", "the title"],
  ["whatHappened", "what happened"],
  ["outcome", "the outcome"],
];

export interface VouchRequestInput {
  /** Position of the person in the item's list of people who can vouch. */
  voucherIndex: number;
  email: string | null;
  show: { title: boolean; whatHappened: boolean; outcome: boolean };
  delivery: "email" | "link";
}

export type VouchRequestView = Pick<
  VouchRequestRow,
  | "id"
  | "voucherName"
  | "voucherRelation"
  | "voucherEmail"
  | "delivery"
  | "createdAt"
  | "expiresAt"
  | "answeredAt"
  | "answer"
  | "correctionPart"
  | "correctionOutcome"
  | "comment"
  | "correctionAcceptedAt"
  | "requestedByName"
> & { state: VouchState; shown: VouchShown };

function view(row: VouchRequestRow, now: Date): VouchRequestView {
  return {
    id: row.id,
    voucherName: row.voucherName,
    voucherRelation: row.voucherRelation,
    voucherEmail: row.voucherEmail,
    delivery: row.delivery,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    answeredAt: row.answeredAt,
    answer: row.answer,
    correctionPart: row.correctionPart,
    correctionOutcome: row.correctionOutcome,
    comment: row.comment,
    correctionAcceptedAt: row.correctionAcceptedAt,
    requestedByName: row.requestedByName,
    state: vouchState(row, now),
    shown: row.shown,
  };
}

/** The requests made for one item of a case, newest first. */
export async function listVouchRequests(db: Db, caseId: string, evidenceId: string, now = new Date()) {
  const rows = await db
    .select()
    .from(vouchRequests)
    .where(and(eq(vouchRequests.caseId, caseId), eq(vouchRequests.evidenceId, evidenceId)))
    .orderBy(desc(vouchRequests.createdAt));
  return rows.map((r) => view(r, now));
}

export interface AskedCount {
  total: number;
  open: number;
  /** The email given the last time they were asked, to offer again. */
  lastEmail: string | null;
}

/** How many times each person (see personKey) has been asked on this case, and how many are open. */
export async function askedCounts(db: Db, caseId: string, now = new Date()): Promise<Map<string, AskedCount>> {
  const rows = await db
    .select({
      personKey: vouchRequests.personKey,
      total: count(),
      open: sql<number>`count(*) filter (where ${openAt(now)})`.mapWith(Number),
      lastEmail: sql<string | null>`(array_agg(${vouchRequests.voucherEmail} order by ${vouchRequests.createdAt} desc)
        filter (where ${vouchRequests.voucherEmail} is not null))[1]`,
    })
    .from(vouchRequests)
    .where(eq(vouchRequests.caseId, caseId))
    .groupBy(vouchRequests.personKey);
  return new Map(rows.map((r) => [r.personKey, { total: r.total, open: r.open, lastEmail: r.lastEmail }]));
}

function openAt(now: Date) {
  return and(isNull(vouchRequests.answeredAt), isNull(vouchRequests.revokedAt), gt(vouchRequests.expiresAt, now));
}

export type CreateVouchResult =
  | {
      ok: true;
      id: string;
      token: string;
      voucher: { name: string; relation: string; email: string | null };
      shown: VouchShown;
      expiresAt: Date;
    }
  | { ok: false; reason: "gone" | "no-such-person" | "too-many"; open?: number };

/** A new request and its one-time token (returned once: only its hash is stored). */
export async function createVouchRequest(
  db: Db,
  actor: Actor,
  caseId: string,
  evidenceId: string,
  input: VouchRequestInput,
  now = new Date(),
): Promise<CreateVouchResult> {
  return db.transaction(async (tx) => {
    // The case row is locked so that two requests at once cannot both slip under the limit.
    await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId)).for("update");
    const [item] = await tx
      .select()
      .from(evidence)
      .where(and(eq(evidence.id, evidenceId), eq(evidence.caseId, caseId), isNull(evidence.deletedAt)));
    if (!item) return { ok: false, reason: "gone" } as const;
    const voucher = item.vouchers[input.voucherIndex];
    if (!voucher) return { ok: false, reason: "no-such-person" } as const;
    const key = personKey(voucher.name);
    const [open] = await tx
      .select({ n: count() })
      .from(vouchRequests)
      .where(and(eq(vouchRequests.caseId, caseId), eq(vouchRequests.personKey, key), openAt(now)));
    if ((open?.n ?? 0) >= MAX_OPEN_PER_PERSON) return { ok: false, reason: "too-many", open: open?.n } as const;
    const shown: VouchShown = {};
    if (input.show.title) shown.title = item.title;
    if (input.show.whatHappened) shown.whatHappened = item.whatHappened;
    if (input.show.outcome) shown.outcome = item.outcome;
    const { token, tokenHash } = newLinkToken();
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + VOUCH_DAYS * DAY_MS);
    await tx.insert(vouchRequests).values({
      id,
      caseId,
      evidenceId,
      tokenHash,
      voucherName: voucher.name,
      voucherRelation: voucher.role,
      voucherEmail: input.email,
      personKey: key,
      shown,
      delivery: input.delivery,
      requestedBy: actor.id,
      requestedByName: actor.name,
      createdAt: now,
      expiresAt,
    });
    await recordAudit(tx, {
      caseId,
      actor,
      action: "sent",
      entityType: "vouch",
      entityId: id,
      after: {
        evidenceId,
        name: voucher.name,
        relation: voucher.role,
        email: input.email,
        shows: SHOWN_WORDS.filter(([key]) => shown[key] !== undefined).map(([, words]) => words),
      },
    });
    const person = { name: voucher.name, relation: voucher.role, email: input.email };
    return { ok: true, id, token, voucher: person, shown, expiresAt } as const;
  });
}

/** When an email could not be sent, the request is the manager's to pass on by hand. */
export async function markDeliveredByHand(db: Db, caseId: string, requestId: string): Promise<void> {
  await db
    .update(vouchRequests)
    .set({ delivery: "link" })
    .where(and(eq(vouchRequests.id, requestId), eq(vouchRequests.caseId, caseId)));
}

/** Withdraws an open request; false when it is not open (answered, expired, already revoked). */
export async function revokeVouchRequest(db: Db, actor: Actor, caseId: string, requestId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(vouchRequests)
      .set({ revokedAt: now })
      .where(and(eq(vouchRequests.id, requestId), eq(vouchRequests.caseId, caseId), openAt(now)))
      .returning({ name: vouchRequests.voucherName, evidenceId: vouchRequests.evidenceId });
    if (!row) return false;
    await recordAudit(tx, {
      caseId,
      actor,
      action: "revoked",
      entityType: "vouch",
      entityId: requestId,
      before: { evidenceId: row.evidenceId, name: row.name },
    });
    return true;
  });
}

/* ---------- Through the link ---------- */

export interface VouchLinkView {
  id: string;
  voucherName: string;
  voucherRelation: string;
  candidateName: string;
  managerName: string;
  shown: VouchShown;
  expiresAt: Date;
}

export type VouchLink =
  | { state: "open"; request: VouchLinkView }
  | { state: "expired" | "revoked" | "used" }
  | { state: "unknown" };

/** The request a token opens, and nothing else: the one row its hash names, the candidate's and the
 *  manager's names, and the copy of the item the manager chose to show. */
export async function readVouchLink(db: Db, token: string, now = new Date()): Promise<VouchLink> {
  const [row] = await db
    .select({
      request: vouchRequests,
      candidateName: cases.candidateName,
      managerName: users.name,
      evidenceDeleted: sql<boolean>`${evidence.deletedAt} is not null`,
    })
    .from(vouchRequests)
    .innerJoin(cases, eq(cases.id, vouchRequests.caseId))
    .innerJoin(evidence, eq(evidence.id, vouchRequests.evidenceId))
    .leftJoin(users, eq(users.id, vouchRequests.requestedBy))
    .where(eq(vouchRequests.tokenHash, linkTokenHash(token)));
  if (!row) return { state: "unknown" };
  const r = row.request;
  // An item sent to the trash takes its requests with it, as if withdrawn.
  const state = row.evidenceDeleted && !r.answeredAt ? "revoked" : vouchState(r, now);
  if (state === "answered" || state === "declined") return { state: "used" };
  if (state === "expired" || state === "revoked") return { state };
  return {
    state: "open",
    request: {
      id: r.id,
      voucherName: r.voucherName,
      voucherRelation: r.voucherRelation,
      candidateName: row.candidateName,
      managerName: row.managerName ?? r.requestedByName,
      shown: r.shown,
      expiresAt: r.expiresAt,
    },
  };
}

/** The first time the page is shown, the request becomes "opened". */
export async function markVouchOpened(db: Db, requestId: string, now = new Date()): Promise<void> {
  await db
    .update(vouchRequests)
    .set({ openedAt: now })
    .where(and(eq(vouchRequests.id, requestId), isNull(vouchRequests.openedAt)));
}

export interface VouchAnswerInput {
  answer: VouchAnswer;
  correctionPart: string | null;
  correctionOutcome: string | null;
  comment: string | null;
}

/** Records the one answer a link allows. The conditional update is what makes it single-use: of two
 *  answers racing, one updates the row and the other finds it already answered. */
export async function answerVouch(
  db: Db,
  requestId: string,
  input: VouchAnswerInput,
  now = new Date(),
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const live = sql`exists (select 1 from ${evidence} where ${evidence.id} = ${vouchRequests.evidenceId} and ${evidence.deletedAt} is null)`;
    const [row] = await tx
      .update(vouchRequests)
      .set({
        answeredAt: now,
        answer: input.answer,
        correctionPart: input.answer === "corrected" ? input.correctionPart : null,
        correctionOutcome: input.answer === "corrected" ? input.correctionOutcome : null,
        comment: input.comment,
      })
      .where(and(eq(vouchRequests.id, requestId), openAt(now), live))
      .returning();
    if (!row) return false;
    await touchCase(tx, row.caseId);
    await recordAudit(tx, {
      caseId: row.caseId,
      actor: { id: null, name: `${row.voucherName} (${row.voucherRelation}), through their link` },
      action: row.answer === "declined" ? "declined" : "answered",
      entityType: "vouch",
      entityId: row.id,
      after: {
        evidenceId: row.evidenceId,
        answer: row.answer,
        correctionPart: row.correctionPart,
        correctionOutcome: row.correctionOutcome,
        comment: row.comment,
      },
    });
    return true;
  });
}

/* ---------- The manager takes a correction into the item ---------- */

export type AcceptCorrectionResult = "ok" | "gone" | "nothing-to-accept";

/** Replaces the item's text with the person's corrected words (what they corrected only); the
 *  answer itself is kept as it was given. */
export async function acceptCorrection(
  db: Db,
  actor: Actor,
  caseId: string,
  requestId: string,
  now = new Date(),
): Promise<AcceptCorrectionResult> {
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(vouchRequests)
      .where(and(eq(vouchRequests.id, requestId), eq(vouchRequests.caseId, caseId)))
      .for("update");
    if (!request) return "gone";
    if (request.answer !== "corrected" || request.correctionAcceptedAt) return "nothing-to-accept";
    const [item] = await tx
      .select()
      .from(evidence)
      .where(and(eq(evidence.id, request.evidenceId), isNull(evidence.deletedAt)))
      .for("update");
    if (!item) return "gone";
    // Words written over text the person was shown replace it; words about text they were not
    // shown are added to it, so nothing the manager wrote that they never saw is lost.
    const shown = request.shown;
    const next = {
      whatHappened: !request.correctionPart
        ? item.whatHappened
        : shown.whatHappened !== undefined
          ? request.correctionPart
          : joinWhatHappened(item.whatHappened, request.correctionPart),
      outcome: !request.correctionOutcome
        ? item.outcome
        : shown.outcome !== undefined
          ? request.correctionOutcome
          : `${item.outcome.trim()}\n\n${request.correctionOutcome}`,
    };
    await tx
      .update(evidence)
      .set({ ...next, version: item.version + 1, updatedAt: now })
      .where(eq(evidence.id, item.id));
    await tx.update(vouchRequests).set({ correctionAcceptedAt: now }).where(eq(vouchRequests.id, requestId));
    await touchCase(tx, caseId);
    await recordAudit(tx, {
      caseId,
      actor,
      action: `took ${request.voucherName}'s correction into the item`,
      entityType: "evidence",
      entityId: item.id,
      before: { whatHappened: item.whatHappened, outcome: item.outcome },
      after: next,
    });
    return "ok";
  });
}

/** The item's requests as its page lists them, each with how often that person was asked on the case. */
export async function vouchRequestSummaries(db: Db, caseId: string, evidenceId: string, now = new Date()) {
  const [requests, counts] = await Promise.all([listVouchRequests(db, caseId, evidenceId, now), askedCounts(db, caseId, now)]);
  return requests.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    answeredAt: r.answeredAt?.toISOString() ?? null,
    correctionAcceptedAt: r.correctionAcceptedAt?.toISOString() ?? null,
    askedOnCase: counts.get(personKey(r.voucherName))?.total ?? 1,
  }));
}
