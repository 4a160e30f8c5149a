import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { calibrationSessions, cases, ladderVersions, packets, sessionCases } from "../../db/schema";
import { DECISION_LABELS } from "../domain/committee";
import type { PacketCommitteeDecision, PacketInput } from "../domain/types";
import type { Db } from "../lib/db.server";
import { packetFileName } from "../packet/filename";
import { packetTextDigest, sha256Hex, type PacketFileFacts } from "../packet/read";
import { recordAudit, type Actor } from "./audit.server";
import { wordingRules } from "../lib/wording-rules.server";
import { loadCaseAnalysis } from "./cases.server";
import { storedWordingCounts, wordingCountsByCase } from "./wording.server";

/**
 * Everything the packet shows, from the case as it is now. An export brings the case's wording checks up to date
 * first; a preview (`{ readOnly: true }`, for a GET) shows them as last stored and writes nothing.
 */
export async function packetInput(
  db: Db,
  caseId: string,
  actor: Actor,
  now = new Date(),
  options: { readOnly?: boolean } = {},
): Promise<PacketInput | null> {
  const loaded = await loadCaseAnalysis(db, caseId);
  if (!loaded) return null;
  const c = loaded.case;
  const [version] = await db
    .select({ createdAt: ladderVersions.createdAt })
    .from(ladderVersions)
    .where(eq(ladderVersions.id, c.ladderVersionId));
  const rules = wordingRules();
  const wording = !rules.ok
    ? undefined
    : (options.readOnly ? await storedWordingCounts(db, [caseId]) : await wordingCountsByCase(db, [caseId], rules.rules)).get(caseId);
  const decisions = await committeeDecisions(db, caseId);
  return {
    candidateName: c.candidateName,
    currentTitle: c.currentTitle,
    ladder: c.ladder,
    ladderVersion: c.ladderHash,
    managerName: c.ownerName,
    calibrationDate: c.calibrationDate,
    generatedAt: now.toISOString(),
    generatedBy: actor.name,
    recommendation: c.recommendation,
    summary: c.summary,
    evidence: loaded.evidence,
    analysis: loaded.analysis,
    timeZone: c.timeZone,
    ladderVersionDate: version?.createdAt.toISOString() ?? null,
    wordingCounts: wording ?? null,
    ...(decisions.length > 0 ? { committeeDecisions: decisions } : {}),
  };
}

/** Committees' decisions on the case, oldest first, for the packet's "Committee decision" part. */
async function committeeDecisions(db: Db, caseId: string): Promise<PacketCommitteeDecision[]> {
  const rows = await db
    .select({
      sessionName: calibrationSessions.name,
      meetingDate: calibrationSessions.meetingDate,
      decision: sessionCases.decision,
      rationale: sessionCases.rationale,
      decidedBy: sessionCases.decidedByName,
      decidedAt: sessionCases.decidedAt,
    })
    .from(sessionCases)
    .innerJoin(calibrationSessions, eq(calibrationSessions.id, sessionCases.sessionId))
    .where(and(eq(sessionCases.caseId, caseId), isNotNull(sessionCases.decision)))
    .orderBy(asc(sessionCases.decidedAt));
  return rows.map((r) => ({
    sessionName: r.sessionName,
    meetingDate: r.meetingDate,
    decision: DECISION_LABELS[r.decision!],
    rationale: r.rationale ?? "",
    decidedBy: r.decidedBy ?? "",
    decidedAt: r.decidedAt?.toISOString() ?? "",
  }));
}


/** Keeps the exact file the committee received, with who made it and its fingerprint. */
export async function storePacket(
  db: Db,
  actor: Actor,
  caseId: string,
  input: PacketInput,
  built: { buffer: Uint8Array; fingerprint: string },
): Promise<{ id: string; fileName: string; sha256: string }> {
  const id = randomUUID();
  // Of the exact bytes: what anyone can compute from the downloaded file (sha256sum, Get-FileHash).
  const sha256 = sha256Hex(built.buffer);
  const fileName = packetFileName(input.candidateName, input.generatedAt.slice(0, 10));
  const [caseRow] = await db.select({ ladderVersionId: cases.ladderVersionId }).from(cases).where(eq(cases.id, caseId));
  if (!caseRow) throw new Error("Case not found");
  await db.transaction(async (tx) => {
    await tx.insert(packets).values({
      id,
      caseId,
      createdBy: actor.id,
      createdByName: actor.name,
      ladderVersionId: caseRow.ladderVersionId,
      readiness: input.analysis.summary,
      fingerprint: built.fingerprint,
      sha256,
      fileName,
      size: built.buffer.byteLength,
      // Sent as hex text and decoded by the database: PGlite turns a binary parameter into hex in a
      // JavaScript loop on the server's main thread (about 270 ms for a 1 MB packet, bench/), while
      // Buffer's own hex encoding takes a few milliseconds. Same bytes stored, on both databases.
      content: sql`decode(${Buffer.from(built.buffer.buffer, built.buffer.byteOffset, built.buffer.byteLength).toString("hex")}, 'hex')`,
      createdAt: new Date(input.generatedAt),
    });
    await recordAudit(tx, {
      caseId,
      actor,
      action: "exported",
      entityType: "packet",
      entityId: id,
      after: { fingerprint: built.fingerprint, sha256, readiness: input.analysis.summary, fileName },
    });
  });
  return { id, fileName, sha256 };
}

export async function listPackets(db: Db, caseId: string) {
  return db
    .select({
      id: packets.id,
      createdAt: packets.createdAt,
      createdByName: packets.createdByName,
      readiness: packets.readiness,
      fingerprint: packets.fingerprint,
      sha256: packets.sha256,
      fileName: packets.fileName,
      size: packets.size,
      ladderVersionId: packets.ladderVersionId,
    })
    .from(packets)
    .where(eq(packets.caseId, caseId))
    .orderBy(desc(packets.createdAt));
}

export async function getPacketFile(db: Db, caseId: string, packetId: string) {
  const [row] = await db
    // As hex text, for the same reason as in storePacket: PGlite decodes binary results in a slow loop.
    .select({
      fileName: packets.fileName,
      hex: sql<string>`encode(${packets.content}, 'hex')`,
      fingerprint: packets.fingerprint,
      sha256: packets.sha256,
    })
    .from(packets)
    .where(and(eq(packets.id, packetId), eq(packets.caseId, caseId)));
  if (!row) return null;
  const content = Buffer.from(row.hex, "hex");
  return {
    fileName: row.fileName,
    content: new Uint8Array(content.buffer, content.byteOffset, content.byteLength),
    fingerprint: row.fingerprint,
    sha256: row.sha256,
  };
}

/** An export as the checker reports it. */
export interface IssuedPacket {
  id: string;
  caseId: string;
  candidateName: string;
  fileName: string;
  createdAt: Date;
  createdByName: string;
  readiness: string;
  fingerprint: string;
  sha256: string;
}

export type PacketCheck =
  /** The file is byte for byte an export. */
  | { verdict: "issued"; packet: IssuedPacket }
  /** The bytes differ, but the file names an export and shows exactly that export's text: opened and saved again. */
  | { verdict: "re-saved"; packet: IssuedPacket }
  /** Not an export the viewer may read, or changed since: the same answer either way. */
  | { verdict: "unknown" };

const issuedColumns = {
  id: packets.id,
  caseId: packets.caseId,
  candidateName: cases.candidateName,
  fileName: packets.fileName,
  createdAt: packets.createdAt,
  createdByName: packets.createdByName,
  readiness: packets.readiness,
  fingerprint: packets.fingerprint,
  sha256: packets.sha256,
};

/**
 * Which export a file is, among those of cases `mayRead` allows (the caller's own access rule: the case guard's
 * for a signed-in person, everything for the operator's command line). Anything else reads as unknown, so a file
 * from a case someone may not see tells them no more than a stranger's file.
 */
export async function checkPacketFile(
  db: Db,
  facts: PacketFileFacts,
  mayRead: (caseId: string) => Promise<boolean>,
): Promise<PacketCheck> {
  const exact = await db
    .select(issuedColumns)
    .from(packets)
    .innerJoin(cases, eq(cases.id, packets.caseId))
    .where(eq(packets.sha256, facts.sha256))
    .orderBy(desc(packets.createdAt));
  for (const packet of exact) if (await mayRead(packet.caseId)) return { verdict: "issued", packet };

  if (facts.fingerprints.length === 0) return { verdict: "unknown" };
  const named = await db
    .select(issuedColumns)
    .from(packets)
    .innerJoin(cases, eq(cases.id, packets.caseId))
    .where(inArray(packets.fingerprint, facts.fingerprints))
    .orderBy(desc(packets.createdAt));
  for (const packet of named) {
    if (!(await mayRead(packet.caseId))) continue;
    const stored = await getPacketFile(db, packet.caseId, packet.id);
    // Worked out from the stored file, so exports made before this check existed are checked the same way.
    if (stored && (await packetTextDigest(stored.content)) === facts.textDigest) return { verdict: "re-saved", packet };
  }
  return { verdict: "unknown" };
}
