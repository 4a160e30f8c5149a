// All of a session's packets in one zip: the exact packets submitted (byte for byte, as the
// committee read them) and a list of their fingerprints. No votes or tallies: a member who manages
// one of the cases may download it (the outcome document is per reader instead). Built in the background;
// the row carries the progress a page shows and, at the end, the file.
import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import JSZip from "jszip";
import { sessionCases, sessionExports } from "../../db/schema";
import { DECISION_LABELS } from "../domain/committee";
import type { Db } from "../lib/db.server";
import { packetFileName } from "../packet/filename";
import { sessionOutcome } from "./committee.server";
import { getPacketFile } from "./packets.server";

export const SESSION_ZIP_JOB = "session-zip";

export async function requestSessionZip(db: Db, actorId: string, sessionId: string): Promise<string> {
  const id = randomUUID();
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(sessionCases).where(eq(sessionCases.sessionId, sessionId));
  await db.insert(sessionExports).values({ id, sessionId, requestedBy: actorId, total: row?.n ?? 0 });
  return id;
}

const exportColumns = {
  id: sessionExports.id,
  status: sessionExports.status,
  done: sessionExports.done,
  total: sessionExports.total,
  error: sessionExports.error,
  fileName: sessionExports.fileName,
  size: sessionExports.size,
  createdAt: sessionExports.createdAt,
  updatedAt: sessionExports.updatedAt,
};

export async function listSessionExports(db: Db, sessionId: string) {
  return db.select(exportColumns).from(sessionExports).where(eq(sessionExports.sessionId, sessionId)).orderBy(desc(sessionExports.createdAt)).limit(10);
}

export async function getSessionExportFile(db: Db, sessionId: string, exportId: string) {
  const [row] = await db
    // Hex text, as for packets: PGlite decodes binary results in a slow loop on the main thread.
    .select({ fileName: sessionExports.fileName, hex: sql<string>`encode(${sessionExports.content}, 'hex')` })
    .from(sessionExports)
    .where(and(eq(sessionExports.id, exportId), eq(sessionExports.sessionId, sessionId), eq(sessionExports.status, "done")));
  if (!row?.fileName || !row.hex) return null;
  const content = Buffer.from(row.hex, "hex");
  return { fileName: row.fileName, content: new Uint8Array(content.buffer, content.byteOffset, content.byteLength) };
}

/** The zip's bytes: every submitted packet and the fingerprints. */
export async function buildSessionZip(
  db: Db,
  sessionId: string,
  progress: (done: number, total: number) => Promise<void> = async () => {},
): Promise<{ fileName: string; content: Uint8Array }> {
  const outcome = await sessionOutcome(db, sessionId, { includeVotes: false });
  if (!outcome) throw new Error("The session no longer exists");
  const zip = new JSZip();
  const total = outcome.cases.length;
  const manifest = [
    `${outcome.sessionName}: meeting ${outcome.meetingDate}`,
    outcome.lockedAt ? `Locked ${outcome.lockedAt}` : "Not locked: decisions may still change",
    "",
    "Packet file, its SHA-256 fingerprint as recorded at submission, and the decision:",
  ];
  for (const [i, c] of outcome.cases.entries()) {
    const file = await getPacketFile(db, c.caseId, c.packetId);
    if (!file) throw new Error(`The submitted packet of ${c.candidateName} is missing`);
    // Numbered so that two candidates of the same name never overwrite each other.
    const name = `${String(i + 1).padStart(2, "0")} ${packetFileName(c.candidateName, c.submittedAt.slice(0, 10))}`;
    // Packets are zips already: stored, not compressed again.
    zip.file(name, file.content, { compression: "STORE", date: new Date(c.submittedAt) });
    manifest.push(`${name}  ${c.fingerprint}  ${c.decision ? `decision: ${DECISION_LABELS[c.decision]}` : "not decided"}`);
    await progress(i + 1, total);
  }
  zip.file("Fingerprints.txt", `${manifest.join("\n")}\n`, { date: new Date(outcome.generatedAt) });
  const content = await zip.generateAsync({ type: "uint8array", compression: "STORE" });
  const base = outcome.sessionName.replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]/gu, "").trim() || "Session";
  return { fileName: `${base} - packets.zip`, content };
}

/** The background job: builds the zip of one export request, recording progress as it goes. Safe
 *  to run again after a crash: it starts over and overwrites what a dead run left. */
export async function runSessionZip(db: Db, exportId: string): Promise<void> {
  const [row] = await db.select({ sessionId: sessionExports.sessionId, status: sessionExports.status }).from(sessionExports).where(eq(sessionExports.id, exportId));
  if (!row || row.status === "done") return;
  await db.update(sessionExports).set({ status: "running", done: 0, error: null, updatedAt: new Date() }).where(eq(sessionExports.id, exportId));
  try {
    const built = await buildSessionZip(db, row.sessionId, async (done, total) => {
      await db.update(sessionExports).set({ done, total, updatedAt: new Date() }).where(eq(sessionExports.id, exportId));
    });
    const hex = Buffer.from(built.content.buffer, built.content.byteOffset, built.content.byteLength).toString("hex");
    await db
      .update(sessionExports)
      .set({ status: "done", fileName: built.fileName, size: built.content.byteLength, content: sql`decode(${hex}, 'hex')`, updatedAt: new Date() })
      .where(eq(sessionExports.id, exportId));
  } catch (error) {
    await db
      .update(sessionExports)
      .set({ status: "failed", error: error instanceof Error ? error.message : String(error), updatedAt: new Date() })
      .where(eq(sessionExports.id, exportId));
    throw error;
  }
}
