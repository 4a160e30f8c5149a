// The calibration committee's rules against a real database: PGlite, or PostgreSQL when
// TEST_DATABASE_URL is set. Sessions, submission and what changed since, vote visibility, the conflict
// of interest, requests for more evidence, decisions into the history and the packet, and the lock.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packets, sessionCases } from "../../db/schema";
import type { Db } from "../../app/lib/db.server";
import { listHistory } from "../../app/models/audit.server";
import { addCoOwner, createCase, updateCase, type Viewer } from "../../app/models/cases.server";
import {
  askForEvidence,
  castVote,
  CommitteeError,
  createSession,
  decideCase,
  getSessionForViewer,
  getSubmission,
  isCaseInLockedSession,
  listBoard,
  listSessionsFor,
  lockSession,
  openEvidenceRequests,
  revealVotes,
  SessionLockedError,
  submissionChanges,
  submitCase,
  votesFor,
} from "../../app/models/committee.server";
import { createEvidence, deleteEvidence, getEvidence, updateEvidence } from "../../app/models/evidence.server";
import { getCurrentLadder } from "../../app/models/ladders.server";
import { getPacketFile, packetInput } from "../../app/models/packets.server";
import { createUser } from "../../app/models/users.server";
import { buildPacket } from "../../app/packet/build";
import { packetFingerprint } from "../../app/packet/fingerprint";
import { evidenceInput } from "../fixtures/evidence";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { rawText } from "../fixtures/packet-docx";

const docxText = (bytes: Uint8Array) => rawText(Buffer.from(bytes));

const SLUG = "L5-Principal-DevOps-Support-Engineer";

let t: TestDatabase;
let db: Db;
let keys: string[];
let level: number;
const person = (name: string, role: Viewer["role"]) => ({ id: "", name, role });
const admin = person("Ada Admin", "admin");
const mia = person("Mia Manager", "manager");
const noah = person("Noah Manager", "manager");
const chair = person("Cleo Chair", "reviewer");
const rita = person("Rita Reviewer", "reviewer");
const outsider = person("Omar Outsider", "reviewer");

async function openCase(owner: Viewer, candidateName: string) {
  const caseId = await createCase(db, owner, {
    candidateName,
    currentTitle: "Senior Engineer",
    ladderSlug: SLUG,
    calibrationDate: "2026-12-15",
    summary: "Ready.",
    recommendation: "Promote.",
    status: "ready",
  });
  await createEvidence(db, owner, caseId, evidenceInput(keys[0]!));
  return caseId;
}

async function submit(owner: Viewer, sessionId: string, caseId: string) {
  const input = (await packetInput(db, caseId, owner))!;
  return submitCase(db, owner, sessionId, caseId, input, await buildPacket(input));
}

/** A session chaired by Cleo with Rita, Mia and Noah as members (the two managers sit on it too). */
async function newSession(name = "H1 2027 Support promotions") {
  return createSession(db, admin, { name, levels: [level], meetingDate: "2027-01-20", chairId: chair.id, memberIds: [rita.id, mia.id, noah.id] });
}

async function refusal(work: Promise<unknown>): Promise<CommitteeError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CommitteeError);
  return error as CommitteeError;
}

beforeAll(async () => {
  t = await openTestDatabase();
  db = t.db;
  for (const p of [admin, mia, noah, chair, rita, outsider]) {
    p.id = (await createUser(db, { email: `${p.name.split(" ")[0]!.toLowerCase()}@example.com`, name: p.name, role: p.role })).id;
  }
  const ladder = await getCurrentLadder(db, SLUG);
  keys = ladder!.document.sections.flatMap((s) => s.expectations.map((e) => e.key));
  level = ladder!.document.level;
});

afterAll(async () => {
  await t?.close();
});

describe("sessions and who sees them", () => {
  it("shows a session to its chair and members and to administrators, and to nobody else", async () => {
    const sessionId = await newSession("Visibility");
    expect((await getSessionForViewer(db, sessionId, chair))?.seat).toBe("chair");
    expect((await getSessionForViewer(db, sessionId, rita))?.seat).toBe("member");
    expect((await getSessionForViewer(db, sessionId, admin))?.seat).toBe("admin");
    expect(await getSessionForViewer(db, sessionId, outsider)).toBeNull();
    expect((await listSessionsFor(db, rita)).map((s) => s.id)).toContain(sessionId);
    expect((await listSessionsFor(db, outsider)).map((s) => s.id)).not.toContain(sessionId);
  });
});

describe("submission", () => {
  it("stores the exact packet with its fingerprint and the readiness then, and records it in the case's history", async () => {
    const sessionId = await newSession();
    const caseId = await openCase(mia, "Priya Raman");
    expect(await submit(mia, sessionId, caseId)).toEqual({ round: 1 });
    const submission = (await getSubmission(db, sessionId, caseId))!;
    const [row] = await db.select({ input: sessionCases.packetInput }).from(sessionCases).where(eq(sessionCases.id, submission.id));
    expect(packetFingerprint(row!.input)).toBe(submission.fingerprint);
    const file = (await getPacketFile(db, caseId, submission.packetId))!;
    expect(file.fingerprint).toBe(submission.fingerprint);
    expect(await docxText(file.content)).toContain(submission.fingerprint);
    expect(submission.readiness).toMatch(/of \d+ strong/);
    const history = await listHistory(db, caseId);
    expect(history.map((e) => e.action)).toEqual(expect.arrayContaining(["submitted to the committee", "exported"]));
  });

  it("refuses a case of a level the session does not cover", async () => {
    const sessionId = await createSession(db, admin, { name: "Other level", levels: [level + 1], meetingDate: "2027-01-20", chairId: chair.id, memberIds: [] });
    const caseId = await openCase(mia, "Wrong Level");
    const error = await refusal(submit(mia, sessionId, caseId));
    expect(error.message).toMatch(/covers L\d+; this case is for L\d+/);
    expect(await getSubmission(db, sessionId, caseId)).toBeNull();
  });
});

describe("changed since submission", () => {
  it("names items added, edited and removed and the recommendation, and a resubmission starts afresh", async () => {
    const sessionId = await newSession();
    const caseId = await openCase(mia, "Changing Case");
    const kept = await createEvidence(db, mia, caseId, evidenceInput(keys[1]!, { title: "To be edited" }));
    const doomed = await createEvidence(db, mia, caseId, evidenceInput(keys[2]!, { title: "To be removed" }));
    await submit(mia, sessionId, caseId);
    expect(await submissionChanges(db, (await getSubmission(db, sessionId, caseId))!)).toBeNull();

    const added = await createEvidence(db, mia, caseId, evidenceInput(keys[3]!, { title: "Added later" }));
    const current = (await getEvidence(db, caseId, kept.id))!;
    await updateEvidence(db, mia, caseId, kept.id, evidenceInput(keys[1]!, { title: "Edited title" }), current.version);
    await deleteEvidence(db, mia, caseId, doomed.id);
    await updateCase(db, mia, caseId, { candidateName: "Changing Case", currentTitle: "Senior Engineer", calibrationDate: "2026-12-15", summary: "Ready.", recommendation: "Promote, now with more.", status: "ready" }, 1);

    const changes = (await submissionChanges(db, (await getSubmission(db, sessionId, caseId))!))!;
    expect(changes.added.map((i) => i.id)).toEqual([added.id]);
    expect(changes.edited.map((i) => [i.id, i.title])).toEqual([[kept.id, "Edited title"]]);
    expect(changes.removed.map((i) => i.id)).toEqual([doomed.id]);
    expect(changes.details).toEqual(["Recommendation"]);
    const board = await listBoard(db, rita, { id: sessionId, votesRevealedAt: null });
    expect(board.find((r) => r.caseId === caseId)?.changed).toBe(true);

    expect(await submit(mia, sessionId, caseId)).toEqual({ round: 2 });
    expect(await submissionChanges(db, (await getSubmission(db, sessionId, caseId))!)).toBeNull();
  });
});

describe("votes", () => {
  it("shows a member the others' votes only once they have voted, and everyone's once the chair reveals them", async () => {
    const sessionId = await newSession();
    const caseId = await openCase(mia, "Vote Case");
    await submit(mia, sessionId, caseId);
    const session = () => getSessionForViewer(db, sessionId, chair).then((s) => s!.session);
    const submission = (await getSubmission(db, sessionId, caseId))!;

    await castVote(db, rita, sessionId, caseId, { vote: "support", note: "Clear evidence", expectationKeys: [] });
    const noahBefore = await votesFor(db, noah, await session(), submission);
    expect(noahBefore).toEqual({ visible: false, conflicted: false, cast: 1, mine: null });
    expect(JSON.stringify(noahBefore)).not.toContain("Clear evidence");
    const boardBefore = await listBoard(db, noah, await session());
    expect(boardBefore.find((r) => r.caseId === caseId)).toMatchObject({ tally: null, votesCast: 1, status: "in-review" });

    await castVote(db, noah, sessionId, caseId, { vote: "more-evidence", note: "Thin on mentoring", expectationKeys: [keys[4]!] });
    const noahAfter = await votesFor(db, noah, await session(), submission);
    expect(noahAfter.visible && noahAfter.votes.map((v) => [v.voterName, v.vote])).toEqual([
      ["Noah Manager", "more-evidence"],
      ["Rita Reviewer", "support"],
    ]);

    expect((await votesFor(db, chair, await session(), submission)).visible).toBe(false);
    await refusal(revealVotes(db, rita, sessionId));
    await revealVotes(db, chair, sessionId);
    const chairView = await votesFor(db, chair, await session(), submission);
    expect(chairView.visible && chairView.tally).toEqual({ support: 1, notYet: 0, moreEvidence: 1, total: 2 });
  });

  it("refuses a vote from someone who does not sit on the session", async () => {
    const sessionId = await newSession();
    const caseId = await openCase(noah, "Outsider Case");
    await submit(noah, sessionId, caseId);
    const error = await refusal(castVote(db, outsider, sessionId, caseId, { vote: "support", note: "", expectationKeys: [] }));
    expect(error.status).toBe(403);
  });
});

describe("conflict of interest", () => {
  it("refuses a vote from the case's manager or co-owner and shows them no vote, even after the reveal", async () => {
    const sessionId = await newSession();
    const caseId = await openCase(mia, "Conflict Case");
    await addCoOwner(db, mia, caseId, "noah@example.com");
    await submit(mia, sessionId, caseId);
    await castVote(db, rita, sessionId, caseId, { vote: "not-yet", note: "Secret reasoning", expectationKeys: [] });
    for (const manager of [mia, noah]) {
      const error = await refusal(castVote(db, manager, sessionId, caseId, { vote: "support", note: "", expectationKeys: [] }));
      expect(error.status).toBe(403);
      expect(error.message).toMatch(/conflict of interest/);
    }
    await revealVotes(db, chair, sessionId);
    const session = (await getSessionForViewer(db, sessionId, mia))!.session;
    const submission = (await getSubmission(db, sessionId, caseId))!;
    for (const manager of [mia, noah]) {
      const view = await votesFor(db, manager, session, submission);
      expect(view).toEqual({ visible: false, conflicted: true, cast: 0, mine: null });
      const row = (await listBoard(db, manager, session)).find((r) => r.caseId === caseId)!;
      expect(row).toMatchObject({ conflicted: true, tally: null, votesCast: 0 });
    }
    expect((await votesFor(db, rita, session, submission)).visible).toBe(true);
  });
});

describe("more evidence, decisions and the lock", () => {
  it("marks the expectations the chair asks about on the case until the manager resubmits", async () => {
    const sessionId = await newSession();
    const caseId = await openCase(mia, "More Evidence Case");
    await submit(mia, sessionId, caseId);
    await refusal(askForEvidence(db, rita, sessionId, caseId, { expectationKeys: [keys[5]!], note: "" }));
    await refusal(askForEvidence(db, chair, sessionId, caseId, { expectationKeys: ["not-a-key"], note: "" }));
    await askForEvidence(db, chair, sessionId, caseId, { expectationKeys: [keys[5]!, keys[6]!], note: "Show the mentoring." });
    const requests = await openEvidenceRequests(db, caseId);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ expectationKeys: [keys[5], keys[6]], note: "Show the mentoring.", byName: "Cleo Chair" });
    const board = await listBoard(db, chair, { id: sessionId, votesRevealedAt: null });
    expect(board.find((r) => r.caseId === caseId)?.status).toBe("more-evidence");
    await submit(mia, sessionId, caseId);
    expect(await openEvidenceRequests(db, caseId)).toEqual([]);
  });

  it("requires a rationale for Not yet and Defer, writes the decision into the history and the packet, and locks only when all are decided", async () => {
    const sessionId = await newSession();
    const first = await openCase(mia, "Decided Promote");
    const second = await openCase(noah, "Decided Later");
    await submit(mia, sessionId, first);
    await submit(noah, sessionId, second);

    const missing = await refusal(decideCase(db, chair, sessionId, second, { decision: "defer", rationale: "  " }));
    expect(missing.message).toMatch(/Say why/);
    await refusal(decideCase(db, rita, sessionId, first, { decision: "promote", rationale: "" }));
    await decideCase(db, chair, sessionId, first, { decision: "promote", rationale: "Consistent org-wide impact." });

    const locking = await refusal(lockSession(db, chair, sessionId));
    expect(locking.message).toMatch(/1 case has no decision yet/);
    await decideCase(db, chair, sessionId, second, { decision: "not-yet", rationale: "Needs a year of org-wide scope." });
    await refusal(lockSession(db, rita, sessionId));
    await lockSession(db, chair, sessionId);

    const history = await listHistory(db, first);
    const decided = history.find((e) => e.entityType === "decision")!;
    expect(decided.after).toMatchObject({ decision: "Promote", rationale: "Consistent org-wide impact." });
    const input = (await packetInput(db, first, mia))!;
    expect(input.committeeDecisions).toEqual([expect.objectContaining({ decision: "Promote", rationale: "Consistent org-wide impact.", decidedBy: "Cleo Chair" })]);
    const text = await docxText((await buildPacket(input)).buffer);
    expect(text).toContain("Committee decision");
    expect(text).toContain("Consistent org-wide impact.");

    expect(await isCaseInLockedSession(db, first)).toBe(true);
    expect(await isCaseInLockedSession(db, await openCase(mia, "Never submitted"))).toBe(false);
  });

  it("refuses every write once the session is locked, with the same clear message, and changes nothing", async () => {
    const sessionId = await newSession();
    const caseId = await openCase(mia, "Locked Case");
    await submit(mia, sessionId, caseId);
    await decideCase(db, chair, sessionId, caseId, { decision: "defer", rationale: "Next round." });
    await lockSession(db, chair, sessionId);
    const before = await db.select().from(sessionCases).where(eq(sessionCases.sessionId, sessionId));
    const packetsBefore = (await db.select({ id: packets.id }).from(packets).where(eq(packets.caseId, caseId))).length;
    // One at a time: each is refused before the next starts.
    const writes: Array<() => Promise<unknown>> = [
      () => castVote(db, rita, sessionId, caseId, { vote: "support", note: "", expectationKeys: [] }),
      () => decideCase(db, chair, sessionId, caseId, { decision: "promote", rationale: "" }),
      () => askForEvidence(db, chair, sessionId, caseId, { expectationKeys: [keys[0]!], note: "" }),
      () => revealVotes(db, chair, sessionId),
      () => lockSession(db, chair, sessionId),
      () => submit(mia, sessionId, caseId),
    ];
    for (const write of writes) {
      const error = await refusal(write());
      expect(error).toBeInstanceOf(SessionLockedError);
      expect(error.status).toBe(409);
      expect(error.message).toMatch(/This session is locked/);
    }
    expect(await db.select().from(sessionCases).where(eq(sessionCases.sessionId, sessionId))).toEqual(before);
    expect((await db.select({ id: packets.id }).from(packets).where(eq(packets.caseId, caseId))).length).toBe(packetsBefore);
  });
});
