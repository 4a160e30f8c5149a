// Calibration sessions: who sits on them, the cases submitted to them, votes, decisions and the lock.
// Every write checks the lock inside its own transaction (with the session row locked), so a write
// racing the chair's lock either lands before it or is refused.
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  calibrationSessions,
  caseOwners,
  cases,
  ladders,
  ladderVersions,
  sessionCases,
  sessionMembers,
  sessionVotes,
  users,
} from "../../db/schema";
import {
  changesSinceSubmission,
  DECISION_LABELS,
  hasChanges,
  hasConflict,
  lockProblem,
  LOCKED_MESSAGE,
  maySeeVotes,
  rationaleRequired,
  submissionStatus,
  tally,
  type CommitteeDecision,
  type EvidenceRequest,
  type OutcomeInput,
  type SubmissionChanges,
  type SubmissionStatus,
  type Tally,
  type VoteChoice,
} from "../domain/committee";
import type { PacketInput } from "../domain/types";
import type { Db, Tx } from "../lib/db.server";
import { recordAudit, type Actor } from "./audit.server";
import { expectationKeys, loadCaseAnalysis, type Viewer } from "./cases.server";
import { storePacket } from "./packets.server";

/** A refused committee action, with the message to show and the HTTP status to answer. */
export class CommitteeError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

export class SessionLockedError extends CommitteeError {
  constructor() {
    super(LOCKED_MESSAGE, 409);
  }
}

/** How the viewer sits in a session: its chair, a member, or an administrator reading it. */
export type Seat = "chair" | "member" | "admin";

const sessionColumns = {
  id: calibrationSessions.id,
  name: calibrationSessions.name,
  levels: calibrationSessions.levels,
  meetingDate: calibrationSessions.meetingDate,
  chairId: calibrationSessions.chairId,
  votesRevealedAt: calibrationSessions.votesRevealedAt,
  lockedAt: calibrationSessions.lockedAt,
  createdAt: calibrationSessions.createdAt,
};

export type SessionRow = NonNullable<Awaited<ReturnType<typeof readSession>>>;

async function readSession(db: Db | Tx, sessionId: string) {
  const [row] = await db
    .select({ ...sessionColumns, chairName: users.name })
    .from(calibrationSessions)
    .innerJoin(users, eq(users.id, calibrationSessions.chairId))
    .where(eq(calibrationSessions.id, sessionId));
  return row ?? null;
}

/* ---------- Sessions ---------- */

/** The levels of the ladders in use, for the "levels it covers" choice. */
export async function listLadderLevels(db: Db): Promise<number[]> {
  const rows = await db
    .selectDistinct({ level: ladderVersions.level })
    .from(ladders)
    .innerJoin(ladderVersions, eq(ladderVersions.id, ladders.currentVersionId))
    .orderBy(asc(ladderVersions.level));
  return rows.map((r) => r.level);
}

/** People who can sit on a committee: every active account. */
export async function listPossibleMembers(db: Db) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(isNull(users.disabledAt))
    .orderBy(asc(users.name));
}

export interface SessionInput {
  name: string;
  levels: number[];
  meetingDate: string;
  chairId: string;
  memberIds: string[];
}

export async function createSession(db: Db, actor: Actor, input: SessionInput): Promise<string> {
  const id = randomUUID();
  const memberIds = [...new Set([input.chairId, ...input.memberIds])];
  await db.transaction(async (tx) => {
    const people = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.id, memberIds), isNull(users.disabledAt)));
    if (people.length !== memberIds.length) throw new CommitteeError("Choose the chair and members among the people listed.");
    await tx.insert(calibrationSessions).values({
      id,
      name: input.name,
      levels: [...new Set(input.levels)].sort((a, b) => a - b),
      meetingDate: input.meetingDate,
      chairId: input.chairId,
      createdBy: actor.id,
    });
    await tx.insert(sessionMembers).values(memberIds.map((userId) => ({ sessionId: id, userId })));
  });
  return id;
}

/** Sessions the viewer sits on; an administrator sees every session. Newest meeting first. */
export async function listSessionsFor(db: Db, viewer: Viewer) {
  const seated = db.select({ id: sessionMembers.sessionId }).from(sessionMembers).where(eq(sessionMembers.userId, viewer.id));
  return db
    .select({
      ...sessionColumns,
      chairName: users.name,
      submitted: sql<number>`(select count(*)::int from ${sessionCases} where ${sessionCases.sessionId} = ${calibrationSessions.id})`,
      decided: sql<number>`(select count(*)::int from ${sessionCases} where ${sessionCases.sessionId} = ${calibrationSessions.id} and ${sessionCases.decision} is not null)`,
    })
    .from(calibrationSessions)
    .innerJoin(users, eq(users.id, calibrationSessions.chairId))
    .where(viewer.role === "admin" ? sql`true` : inArray(calibrationSessions.id, seated))
    .orderBy(desc(calibrationSessions.meetingDate), asc(calibrationSessions.name));
}

/** The session and the viewer's seat in it, or null when they may not see it (or it does not exist). */
export async function getSessionForViewer(db: Db, sessionId: string, viewer: Viewer) {
  const session = await readSession(db, sessionId);
  if (!session) return null;
  if (session.chairId === viewer.id) return { session, seat: "chair" as Seat };
  const [member] = await db
    .select({ userId: sessionMembers.userId })
    .from(sessionMembers)
    .where(and(eq(sessionMembers.sessionId, sessionId), eq(sessionMembers.userId, viewer.id)));
  if (member) return { session, seat: "member" as Seat };
  return viewer.role === "admin" ? { session, seat: "admin" as Seat } : null;
}

export async function listMembers(db: Db, sessionId: string) {
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(sessionMembers)
    .innerJoin(users, eq(users.id, sessionMembers.userId))
    .where(eq(sessionMembers.sessionId, sessionId))
    .orderBy(asc(users.name));
}

/** Open sessions a case of this level can be submitted to, for its managers: names and dates only. */
export async function listOpenSessionsForLevel(db: Db, level: number) {
  return db
    .select({ id: calibrationSessions.id, name: calibrationSessions.name, meetingDate: calibrationSessions.meetingDate })
    .from(calibrationSessions)
    .where(and(isNull(calibrationSessions.lockedAt), sql`${calibrationSessions.levels} @> ${JSON.stringify([level])}::jsonb`))
    .orderBy(asc(calibrationSessions.meetingDate));
}

/** The session row, locked for this transaction; refuses once the session is locked. */
async function openSessionForWrite(tx: Tx, sessionId: string) {
  const [row] = await tx
    .select({ id: calibrationSessions.id, chairId: calibrationSessions.chairId, lockedAt: calibrationSessions.lockedAt, levels: calibrationSessions.levels, name: calibrationSessions.name })
    .from(calibrationSessions)
    .where(eq(calibrationSessions.id, sessionId))
    .for("update");
  if (!row) throw new CommitteeError("Not found", 404);
  if (row.lockedAt) throw new SessionLockedError();
  return row;
}

/** For changes elsewhere that a locked session must refuse (such as moving a case to another ladder). */
export async function isCaseInLockedSession(db: Db | Tx, caseId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: sessionCases.id })
    .from(sessionCases)
    .innerJoin(calibrationSessions, eq(calibrationSessions.id, sessionCases.sessionId))
    .where(and(eq(sessionCases.caseId, caseId), sql`${calibrationSessions.lockedAt} is not null`))
    .limit(1);
  return Boolean(row);
}

/* ---------- Who manages a case (the conflict of interest) ---------- */

export async function caseManagers(db: Db | Tx, caseIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (caseIds.length === 0) return result;
  const owners = await db.select({ caseId: cases.id, userId: cases.ownerId }).from(cases).where(inArray(cases.id, caseIds));
  const coOwners = await db
    .select({ caseId: caseOwners.caseId, userId: caseOwners.userId })
    .from(caseOwners)
    .where(inArray(caseOwners.caseId, caseIds));
  for (const r of [...owners, ...coOwners]) result.set(r.caseId, [...(result.get(r.caseId) ?? []), r.userId]);
  return result;
}

/* ---------- Submission ---------- */

/** Records the exact packet the committee will read, with the case's readiness then. A second
 *  submission of the same case (a resubmission) replaces the packet and starts a new round of votes. */
export async function submitCase(
  db: Db,
  actor: Actor,
  sessionId: string,
  caseId: string,
  input: PacketInput,
  built: { buffer: Uint8Array; fingerprint: string },
): Promise<{ round: number }> {
  await assertCanSubmit(db, sessionId, caseId, input.ladder.level);
  const packet = await storePacket(db, actor, caseId, input, built);
  return db.transaction(async (tx) => {
    const session = await openSessionForWrite(tx, sessionId);
    if (!session.levels.includes(input.ladder.level)) throw levelRefused(session.levels, input.ladder.level);
    const [caseRow] = await tx.select({ updatedAt: cases.updatedAt }).from(cases).where(eq(cases.id, caseId)).for("update");
    if (!caseRow) throw new CommitteeError("Not found", 404);
    const [existing] = await tx
      .select({ id: sessionCases.id, round: sessionCases.round, decision: sessionCases.decision })
      .from(sessionCases)
      .where(and(eq(sessionCases.sessionId, sessionId), eq(sessionCases.caseId, caseId)))
      .for("update");
    if (existing?.decision) throw new CommitteeError("The committee has decided on this case: it cannot be submitted again.", 409);
    const values = {
      packetId: packet.id,
      packetInput: input,
      fingerprint: built.fingerprint,
      readiness: input.analysis.summary,
      counts: input.analysis.counts,
      level: input.ladder.level,
      caseUpdatedAt: caseRow.updatedAt,
      submittedBy: actor.id,
      submittedByName: actor.name,
      submittedAt: new Date(),
      evidenceRequest: null,
    };
    const round = existing ? existing.round + 1 : 1;
    if (existing) {
      await tx.update(sessionCases).set({ ...values, round }).where(eq(sessionCases.id, existing.id));
    } else {
      await tx.insert(sessionCases).values({ id: randomUUID(), sessionId, caseId, round, ...values });
    }
    await recordAudit(tx, {
      caseId,
      actor,
      action: existing ? "resubmitted to the committee" : "submitted to the committee",
      entityType: "submission",
      entityId: sessionId,
      after: { session: session.name, fingerprint: built.fingerprint, readiness: input.analysis.summary },
    });
    return { round };
  });
}

function levelRefused(levels: number[], level: number): CommitteeError {
  return new CommitteeError(
    `This session covers ${levels.map((l) => `L${l}`).join(", ")}; this case is for L${level}. Choose a session for its level.`,
  );
}

/** The checks a submission makes before building its packet, so that a refused one builds nothing. */
export async function assertCanSubmit(db: Db, sessionId: string, caseId: string, level: number): Promise<void> {
  const [row] = await db
    .select({ lockedAt: calibrationSessions.lockedAt, levels: calibrationSessions.levels, decision: sessionCases.decision })
    .from(calibrationSessions)
    .leftJoin(sessionCases, and(eq(sessionCases.sessionId, calibrationSessions.id), eq(sessionCases.caseId, caseId)))
    .where(eq(calibrationSessions.id, sessionId));
  if (!row) throw new CommitteeError("Choose one of the sessions listed.");
  if (row.lockedAt) throw new SessionLockedError();
  if (!row.levels.includes(level)) throw levelRefused(row.levels, level);
  if (row.decision) throw new CommitteeError("The committee has decided on this case: it cannot be submitted again.", 409);
}

const submissionColumns = {
  id: sessionCases.id,
  sessionId: sessionCases.sessionId,
  caseId: sessionCases.caseId,
  round: sessionCases.round,
  packetId: sessionCases.packetId,
  fingerprint: sessionCases.fingerprint,
  readiness: sessionCases.readiness,
  counts: sessionCases.counts,
  level: sessionCases.level,
  caseUpdatedAt: sessionCases.caseUpdatedAt,
  submittedByName: sessionCases.submittedByName,
  submittedAt: sessionCases.submittedAt,
  evidenceRequest: sessionCases.evidenceRequest,
  decision: sessionCases.decision,
  rationale: sessionCases.rationale,
  decidedByName: sessionCases.decidedByName,
  decidedAt: sessionCases.decidedAt,
};

export async function getSubmission(db: Db, sessionId: string, caseId: string) {
  const [row] = await db
    .select({ ...submissionColumns, candidateName: cases.candidateName, ownerName: users.name, caseUpdatedNow: cases.updatedAt })
    .from(sessionCases)
    .innerJoin(cases, eq(cases.id, sessionCases.caseId))
    .innerJoin(users, eq(users.id, cases.ownerId))
    .where(and(eq(sessionCases.sessionId, sessionId), eq(sessionCases.caseId, caseId)));
  return row ?? null;
}

export type Submission = NonNullable<Awaited<ReturnType<typeof getSubmission>>>;

// A submission's packet input never changes for a given round, so it is read and parsed once.
const submittedInputs = new Map<string, Promise<PacketInput>>();
const SUBMITTED_INPUTS_KEPT = 200;

/** The packet input as submitted (the committee's read view shows exactly this). */
export function submittedInput(db: Db, submission: { id: string; round: number }): Promise<PacketInput> {
  const key = `${submission.id}:${submission.round}`;
  let pending = submittedInputs.get(key);
  if (!pending) {
    pending = db
      .select({ input: sessionCases.packetInput, round: sessionCases.round })
      .from(sessionCases)
      .where(eq(sessionCases.id, submission.id))
      .then(([row]) => {
        if (!row || row.round !== submission.round) throw new Error("The submission changed while it was read");
        return row.input;
      });
    submittedInputs.set(key, pending);
    pending.catch(() => submittedInputs.delete(key));
    if (submittedInputs.size > SUBMITTED_INPUTS_KEPT) submittedInputs.delete(submittedInputs.keys().next().value!);
  }
  return pending;
}

/** What changed in the case since it was submitted; nothing is read when the case row has not moved. */
export async function submissionChanges(
  db: Db,
  submission: { id: string; round: number; caseId: string; caseUpdatedAt: Date; caseUpdatedNow: Date },
): Promise<SubmissionChanges | null> {
  if (submission.caseUpdatedNow.getTime() <= submission.caseUpdatedAt.getTime()) return null;
  const [before, now] = await Promise.all([submittedInput(db, submission), loadCaseAnalysis(db, submission.caseId)]);
  if (!now) return null;
  const changes = changesSinceSubmission(before, {
    recommendation: now.case.recommendation,
    summary: now.case.summary,
    evidence: now.evidence,
    analysis: now.analysis,
  });
  return hasChanges(changes) ? changes : null;
}

/* ---------- Votes ---------- */

export interface VoteInput {
  vote: VoteChoice;
  note: string;
  expectationKeys: string[];
}

/** The submission, locked for the transaction, with the session checks every committee write makes. */
async function submissionForWrite(tx: Tx, sessionId: string, caseId: string) {
  const session = await openSessionForWrite(tx, sessionId);
  const [submission] = await tx
    .select({ id: sessionCases.id, round: sessionCases.round, decision: sessionCases.decision, packetInput: sessionCases.packetInput })
    .from(sessionCases)
    .where(and(eq(sessionCases.sessionId, sessionId), eq(sessionCases.caseId, caseId)))
    .for("update");
  if (!submission) throw new CommitteeError("Not found", 404);
  return { session, submission };
}

export async function castVote(db: Db, actor: Actor, sessionId: string, caseId: string, input: VoteInput): Promise<void> {
  await db.transaction(async (tx) => {
    const { submission } = await submissionForWrite(tx, sessionId, caseId);
    const [member] = await tx
      .select({ userId: sessionMembers.userId })
      .from(sessionMembers)
      .where(and(eq(sessionMembers.sessionId, sessionId), eq(sessionMembers.userId, actor.id)));
    if (!member) throw new CommitteeError("Only the members of this session vote on its cases.", 403);
    const managers = (await caseManagers(tx, [caseId])).get(caseId) ?? [];
    if (hasConflict(actor.id, managers)) {
      throw new CommitteeError("You manage this case, so you cannot vote on it or see its votes (a conflict of interest).", 403);
    }
    if (submission.decision) throw new CommitteeError("The chair has decided on this case: votes are closed.", 409);
    const keys = expectationKeys(submission.packetInput.ladder);
    const unknown = input.expectationKeys.filter((k) => !keys.has(k));
    if (unknown.length > 0) throw new CommitteeError("Choose expectations of this case's level.");
    const values = {
      vote: input.vote,
      note: input.note,
      expectationKeys: input.vote === "more-evidence" ? [...new Set(input.expectationKeys)] : [],
      updatedAt: new Date(),
    };
    await tx
      .insert(sessionVotes)
      .values({ sessionCaseId: submission.id, voterId: actor.id, round: submission.round, ...values })
      .onConflictDoUpdate({ target: [sessionVotes.sessionCaseId, sessionVotes.voterId, sessionVotes.round], set: values });
  });
}

export interface VisibleVote {
  voterName: string;
  vote: VoteChoice;
  note: string;
  expectationKeys: string[];
  mine: boolean;
}

export type VotesView =
  | { visible: true; votes: VisibleVote[]; tally: Tally; earlierRounds: number }
  /** The viewer may not see the votes: only how many were cast (none at all for a conflict). */
  | { visible: false; conflicted: boolean; cast: number; mine: VisibleVote | null };

/** The votes of a case's current round as this viewer may see them, decided on the server. */
export async function votesFor(
  db: Db,
  viewer: Viewer,
  session: { votesRevealedAt: Date | null },
  submission: { id: string; round: number; caseId: string },
): Promise<VotesView> {
  const managers = (await caseManagers(db, [submission.caseId])).get(submission.caseId) ?? [];
  const conflicted = hasConflict(viewer.id, managers);
  if (conflicted) return { visible: false, conflicted: true, cast: 0, mine: null };
  const rows = await db
    .select({ voterId: sessionVotes.voterId, voterName: users.name, vote: sessionVotes.vote, note: sessionVotes.note, expectationKeys: sessionVotes.expectationKeys, round: sessionVotes.round })
    .from(sessionVotes)
    .innerJoin(users, eq(users.id, sessionVotes.voterId))
    .where(eq(sessionVotes.sessionCaseId, submission.id))
    .orderBy(asc(users.name));
  const current = rows
    .filter((r) => r.round === submission.round)
    .map((r) => ({ voterName: r.voterName, vote: r.vote, note: r.note, expectationKeys: r.expectationKeys, mine: r.voterId === viewer.id }));
  const mine = current.find((v) => v.mine) ?? null;
  if (!maySeeVotes({ conflicted, votedThisRound: mine !== null, revealed: session.votesRevealedAt !== null })) {
    return { visible: false, conflicted: false, cast: current.length, mine };
  }
  return { visible: true, votes: current, tally: tally(current), earlierRounds: rows.length - current.length };
}

export async function revealVotes(db: Db, actor: Actor, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const session = await openSessionForWrite(tx, sessionId);
    if (session.chairId !== actor.id) throw new CommitteeError("Only the chair reveals the votes.", 403);
    await tx.update(calibrationSessions).set({ votesRevealedAt: new Date(), updatedAt: new Date() }).where(eq(calibrationSessions.id, sessionId));
  });
}

/* ---------- The chair: more evidence, decisions, the lock ---------- */

export async function askForEvidence(
  db: Db,
  actor: Actor,
  sessionId: string,
  caseId: string,
  input: { expectationKeys: string[]; note: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const { session, submission } = await submissionForWrite(tx, sessionId, caseId);
    if (session.chairId !== actor.id) throw new CommitteeError("Only the chair asks the manager for more evidence.", 403);
    if (submission.decision) throw new CommitteeError("The chair has decided on this case already.", 409);
    const keys = expectationKeys(submission.packetInput.ladder);
    const asked = [...new Set(input.expectationKeys)];
    if (asked.length === 0) throw new CommitteeError("Choose the expectations that need more evidence.");
    if (asked.some((k) => !keys.has(k))) throw new CommitteeError("Choose expectations of this case's level.");
    const request: EvidenceRequest = { expectationKeys: asked, note: input.note, byName: actor.name, at: new Date().toISOString(), round: submission.round };
    await tx.update(sessionCases).set({ evidenceRequest: request }).where(eq(sessionCases.id, submission.id));
    const texts = submission.packetInput.ladder.sections.flatMap((s) => s.expectations).filter((e) => asked.includes(e.key)).map((e) => e.text);
    await recordAudit(tx, {
      caseId,
      actor,
      action: "sent back by the committee for more evidence",
      entityType: "submission",
      entityId: sessionId,
      after: { session: session.name, expectations: texts, note: input.note },
    });
  });
}

export async function decideCase(
  db: Db,
  actor: Actor,
  sessionId: string,
  caseId: string,
  input: { decision: CommitteeDecision; rationale: string },
): Promise<void> {
  if (rationaleRequired(input.decision) && !input.rationale.trim()) {
    throw new CommitteeError(`Say why the decision is "${DECISION_LABELS[input.decision]}".`);
  }
  await db.transaction(async (tx) => {
    const { session, submission } = await submissionForWrite(tx, sessionId, caseId);
    if (session.chairId !== actor.id) throw new CommitteeError("Only the chair records the committee's decision.", 403);
    const decidedAt = new Date();
    await tx
      .update(sessionCases)
      .set({ decision: input.decision, rationale: input.rationale, decidedBy: actor.id, decidedByName: actor.name, decidedAt, evidenceRequest: null })
      .where(eq(sessionCases.id, submission.id));
    await recordAudit(tx, {
      caseId,
      actor,
      action: "recorded",
      entityType: "decision",
      entityId: sessionId,
      before: submission.decision ? { decision: DECISION_LABELS[submission.decision] } : null,
      after: { session: session.name, decision: DECISION_LABELS[input.decision], rationale: input.rationale },
    });
  });
}

export async function lockSession(db: Db, actor: Actor, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const session = await openSessionForWrite(tx, sessionId);
    if (session.chairId !== actor.id) throw new CommitteeError("Only the chair locks the session.", 403);
    const rows = await tx.select({ decision: sessionCases.decision }).from(sessionCases).where(eq(sessionCases.sessionId, sessionId));
    const problem = lockProblem(rows.map((r) => r.decision));
    if (problem) throw new CommitteeError(problem, 409);
    await tx
      .update(calibrationSessions)
      .set({ lockedAt: new Date(), lockedBy: actor.id, updatedAt: new Date() })
      .where(eq(calibrationSessions.id, sessionId));
  });
}

/* ---------- The board ---------- */

export interface BoardRow {
  caseId: string;
  candidateName: string;
  managerName: string;
  level: number;
  ladderTitle: string;
  readiness: string;
  counts: { total: number; strong: number; weak: number; missing: number; notApplicable: number };
  status: SubmissionStatus;
  round: number;
  submittedAt: Date;
  fingerprint: string;
  changed: boolean;
  conflicted: boolean;
  /** Null when the viewer may not see the votes yet. */
  tally: Tally | null;
  votesCast: number;
  votedByMe: boolean;
  decision: CommitteeDecision | null;
  evidenceRequested: boolean;
}

/** Every case in the session as this viewer may see it: tallies only where the votes are visible. */
export async function listBoard(db: Db, viewer: Viewer, session: { id: string; votesRevealedAt: Date | null }): Promise<BoardRow[]> {
  const rows = await db
    .select({
      ...submissionColumns,
      candidateName: cases.candidateName,
      managerName: users.name,
      caseUpdatedNow: cases.updatedAt,
      ladderTitle: ladderVersions.title,
    })
    .from(sessionCases)
    .innerJoin(cases, eq(cases.id, sessionCases.caseId))
    .innerJoin(users, eq(users.id, cases.ownerId))
    .innerJoin(ladderVersions, eq(ladderVersions.id, cases.ladderVersionId))
    .where(eq(sessionCases.sessionId, session.id))
    .orderBy(asc(cases.candidateName));
  const ids = rows.map((r) => r.id);
  const [votes, managers] = await Promise.all([
    ids.length
      ? db
          .select({ sessionCaseId: sessionVotes.sessionCaseId, voterId: sessionVotes.voterId, vote: sessionVotes.vote, round: sessionVotes.round })
          .from(sessionVotes)
          .where(inArray(sessionVotes.sessionCaseId, ids))
      : Promise.resolve([]),
    caseManagers(
      db,
      rows.map((r) => r.caseId),
    ),
  ]);
  const changes = await Promise.all(rows.map((r) => submissionChanges(db, r)));
  return rows.map((r, i): BoardRow => {
    const current = votes.filter((v) => v.sessionCaseId === r.id && v.round === r.round);
    const conflicted = hasConflict(viewer.id, managers.get(r.caseId) ?? []);
    const votedByMe = current.some((v) => v.voterId === viewer.id);
    const visible = maySeeVotes({ conflicted, votedThisRound: votedByMe, revealed: session.votesRevealedAt !== null });
    return {
      caseId: r.caseId,
      candidateName: r.candidateName,
      managerName: r.managerName,
      level: r.level,
      ladderTitle: r.ladderTitle,
      readiness: r.readiness,
      counts: r.counts,
      status: submissionStatus({ decision: r.decision, evidenceRequest: r.evidenceRequest, votesThisRound: current.length }),
      round: r.round,
      submittedAt: r.submittedAt,
      fingerprint: r.fingerprint,
      changed: changes[i] !== null,
      conflicted,
      tally: visible ? tally(current) : null,
      votesCast: conflicted ? 0 : current.length,
      votedByMe,
      decision: r.decision,
      evidenceRequested: r.evidenceRequest !== null,
    };
  });
}

/* ---------- The manager's view of a case in committees (no votes) ---------- */

export async function listCaseSubmissions(db: Db, caseId: string) {
  return db
    .select({
      sessionId: calibrationSessions.id,
      sessionName: calibrationSessions.name,
      meetingDate: calibrationSessions.meetingDate,
      lockedAt: calibrationSessions.lockedAt,
      round: sessionCases.round,
      fingerprint: sessionCases.fingerprint,
      readiness: sessionCases.readiness,
      submittedAt: sessionCases.submittedAt,
      submittedByName: sessionCases.submittedByName,
      caseUpdatedAt: sessionCases.caseUpdatedAt,
      id: sessionCases.id,
      caseId: sessionCases.caseId,
      evidenceRequest: sessionCases.evidenceRequest,
      decision: sessionCases.decision,
      rationale: sessionCases.rationale,
      decidedByName: sessionCases.decidedByName,
      decidedAt: sessionCases.decidedAt,
      packetId: sessionCases.packetId,
      caseUpdatedNow: cases.updatedAt,
    })
    .from(sessionCases)
    .innerJoin(calibrationSessions, eq(calibrationSessions.id, sessionCases.sessionId))
    .innerJoin(cases, eq(cases.id, sessionCases.caseId))
    .where(eq(sessionCases.caseId, caseId))
    .orderBy(desc(calibrationSessions.meetingDate));
}

/** Open requests for more evidence on a case: the expectations the committee marked. */
export async function openEvidenceRequests(db: Db, caseId: string) {
  const rows = await db
    .select({ sessionName: calibrationSessions.name, request: sessionCases.evidenceRequest })
    .from(sessionCases)
    .innerJoin(calibrationSessions, eq(calibrationSessions.id, sessionCases.sessionId))
    .where(and(eq(sessionCases.caseId, caseId), sql`${sessionCases.evidenceRequest} is not null`, isNull(calibrationSessions.lockedAt)));
  return rows.flatMap((r) => (r.request ? [{ sessionName: r.sessionName, ...r.request }] : []));
}

/* ---------- The outcome and the record ---------- */

/** Everything the outcome document and `session show` need: decisions, rationale, tallies, and
 *  (only when asked) every member's vote. */
export async function sessionOutcome(db: Db, sessionId: string, options: { includeVotes: boolean; now?: Date; viewer?: Viewer }) {
  const session = await readSession(db, sessionId);
  if (!session) return null;
  const members = await listMembers(db, sessionId);
  const rows = await db
    .select({ ...submissionColumns, candidateName: cases.candidateName, managerName: users.name, currentTitle: cases.currentTitle })
    .from(sessionCases)
    .innerJoin(cases, eq(cases.id, sessionCases.caseId))
    .innerJoin(users, eq(users.id, cases.ownerId))
    .where(eq(sessionCases.sessionId, sessionId))
    .orderBy(asc(cases.candidateName));
  const ids = rows.map((r) => r.id);
  const votes = ids.length
    ? await db
        .select({ sessionCaseId: sessionVotes.sessionCaseId, voterName: users.name, vote: sessionVotes.vote, note: sessionVotes.note, round: sessionVotes.round })
        .from(sessionVotes)
        .innerJoin(users, eq(users.id, sessionVotes.voterId))
        .where(inArray(sessionVotes.sessionCaseId, ids))
        .orderBy(asc(users.name))
    : [];
  const managers = options.viewer ? await caseManagers(db, rows.map((r) => r.caseId)) : new Map<string, string[]>();
  const conflicted = (caseId: string) => Boolean(options.viewer && hasConflict(options.viewer.id, managers.get(caseId) ?? []));
  const outcome = {
    sessionId: session.id,
    sessionName: session.name,
    meetingDate: session.meetingDate,
    levels: session.levels,
    chairName: session.chairName,
    members: members.map((m) => m.name),
    lockedAt: session.lockedAt?.toISOString() ?? null,
    generatedAt: (options.now ?? new Date()).toISOString(),
    cases: rows.map((r) => {
      const current = votes.filter((v) => v.sessionCaseId === r.id && v.round === r.round);
      return {
        caseId: r.caseId,
        candidateName: r.candidateName,
        currentTitle: r.currentTitle,
        managerName: r.managerName,
        level: r.level,
        round: r.round,
        readiness: r.readiness,
        fingerprint: r.fingerprint,
        packetId: r.packetId,
        submittedAt: r.submittedAt.toISOString(),
        status: submissionStatus({ decision: r.decision, evidenceRequest: r.evidenceRequest, votesThisRound: current.length }),
        decision: r.decision,
        rationale: r.rationale,
        decidedByName: r.decidedByName,
        decidedAt: r.decidedAt?.toISOString() ?? null,
        tally: conflicted(r.caseId) ? null : tally(current),
        ...(options.includeVotes && !conflicted(r.caseId) ? { votes: current.map((v) => ({ voterName: v.voterName, vote: v.vote, note: v.note })) } : {}),
      };
    }),
  };
  return outcome satisfies OutcomeInput as typeof outcome;
}

export type SessionOutcome = NonNullable<Awaited<ReturnType<typeof sessionOutcome>>>;

/** The cases of a session by name, for choosing which to compare. */
export async function listSubmittedCases(db: Db, sessionId: string) {
  return db
    .select({ caseId: sessionCases.caseId, candidateName: cases.candidateName, level: sessionCases.level })
    .from(sessionCases)
    .innerJoin(cases, eq(cases.id, sessionCases.caseId))
    .where(eq(sessionCases.sessionId, sessionId))
    .orderBy(asc(sessionCases.level), asc(cases.candidateName));
}
