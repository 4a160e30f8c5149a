import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { cases, packets } from "../../db/schema";
import type { PacketInput } from "../domain/types";
import type { Db } from "../lib/db.server";
import { packetFileName } from "../packet/filename";
import { recordAudit, type Actor } from "./audit.server";
import { withCaseWrite } from "./case-writes.server";
import { loadCaseAnalysis } from "./cases.server";

/** Everything the packet shows, from the case as it is now. */
export async function packetInput(db: Db, caseId: string, actor: Actor, now = new Date()): Promise<PacketInput | null> {
  const loaded = await loadCaseAnalysis(db, caseId);
  if (!loaded) return null;
  const c = loaded.case;
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
  };
}

/** Keeps the exact file the committee received, with who made it and its fingerprint. */
export async function storePacket(
  db: Db,
  actor: Actor,
  caseId: string,
  input: PacketInput,
  built: { buffer: Uint8Array; fingerprint: string },
): Promise<{ id: string; fileName: string }> {
  const id = randomUUID();
  const fileName = packetFileName(input.candidateName, input.generatedAt.slice(0, 10));
  const [caseRow] = await db.select({ ladderVersionId: cases.ladderVersionId }).from(cases).where(eq(cases.id, caseId));
  if (!caseRow) throw new Error("Case not found");
  await withCaseWrite(db, actor, caseId, "read", async (tx) => {
    await tx.insert(packets).values({
      id,
      caseId,
      createdBy: actor.id,
      createdByName: actor.name,
      ladderVersionId: caseRow.ladderVersionId,
      readiness: input.analysis.summary,
      fingerprint: built.fingerprint,
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
      after: { fingerprint: built.fingerprint, readiness: input.analysis.summary, fileName },
    });
  });
  return { id, fileName };
}

export async function listPackets(db: Db, caseId: string) {
  return db
    .select({
      id: packets.id,
      createdAt: packets.createdAt,
      createdByName: packets.createdByName,
      readiness: packets.readiness,
      fingerprint: packets.fingerprint,
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
    .select({ fileName: packets.fileName, hex: sql<string>`encode(${packets.content}, 'hex')`, fingerprint: packets.fingerprint })
    .from(packets)
    .where(and(eq(packets.id, packetId), eq(packets.caseId, caseId)));
  if (!row) return null;
  const content = Buffer.from(row.hex, "hex");
  return { fileName: row.fileName, content: new Uint8Array(content.buffer, content.byteOffset, content.byteLength), fingerprint: row.fingerprint };
}
