// The zip of a session's packets, built by the background job queue (pg-boss over the app's own
// database) on PGlite and on PostgreSQL: progress recorded, the exact packets inside, a job left
// running by a process that died is picked up again by the next one, and on PostgreSQL two instances
// share the queue without building any zip twice.
import { eq } from "drizzle-orm";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionExports } from "../../db/schema";
import { startJobQueue, type JobQueue } from "../../app/lib/jobs.server";
import { openDatabase, type Db } from "../../app/lib/db.server";
import { createCase, type Viewer } from "../../app/models/cases.server";
import { createSession, getSubmission, submitCase } from "../../app/models/committee.server";
import { createEvidence } from "../../app/models/evidence.server";
import { getCurrentLadder } from "../../app/models/ladders.server";
import { getPacketFile, packetInput } from "../../app/models/packets.server";
import { getSessionExportFile, requestSessionZip, runSessionZip, SESSION_ZIP_JOB } from "../../app/models/session-exports.server";
import { createUser } from "../../app/models/users.server";
import { buildPacket } from "../../app/packet/build";
import { evidenceInput } from "../fixtures/evidence";
import { openTestDatabase, testServerUrl, type TestDatabase } from "../support/database";

const SLUG = "L5-Principal-DevOps-Support-Engineer";
const FAST = { expireInSeconds: 1, maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5, retryLimit: 3 };

let t: TestDatabase;
let db: Db;
let sessionId: string;
const caseIds: string[] = [];
const queues: JobQueue[] = [];
const manager: Viewer = { id: "", name: "Mia Manager", role: "manager" };

async function statusOf(exportId: string) {
  const [row] = await db.select({ status: sessionExports.status, done: sessionExports.done, total: sessionExports.total }).from(sessionExports).where(eq(sessionExports.id, exportId));
  return row!;
}

async function waitUntilDone(exportId: string, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while ((await statusOf(exportId)).status !== "done") {
    if (Date.now() > deadline) throw new Error(`The zip was not built within ${seconds} s: ${JSON.stringify(await statusOf(exportId))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  t = await openTestDatabase();
  db = t.db;
  manager.id = (await createUser(db, { email: "mia@example.com", name: manager.name, role: "manager" })).id;
  const chair = await createUser(db, { email: "chair@example.com", name: "Cleo Chair", role: "reviewer" });
  const ladder = (await getCurrentLadder(db, SLUG))!;
  const key = ladder.document.sections[0]!.expectations[0]!.key;
  sessionId = await createSession(db, { id: chair.id, name: "Admin" }, { name: "Zip round", levels: [ladder.document.level], meetingDate: "2027-01-20", chairId: chair.id, memberIds: [] });
  for (const name of ["Ana Example", "Ben Example", "Ana Example"]) {
    const caseId = await createCase(db, manager, { candidateName: name, currentTitle: "Engineer", ladderSlug: SLUG, calibrationDate: undefined, summary: "", recommendation: "", status: "ready" });
    await createEvidence(db, manager, caseId, evidenceInput(key));
    const input = (await packetInput(db, caseId, manager))!;
    await submitCase(db, manager, sessionId, caseId, input, await buildPacket(input));
    caseIds.push(caseId);
  }
});

afterAll(async () => {
  for (const q of queues) await q.stop().catch(() => {});
  await t?.close();
});

describe("the zip of a session's packets", () => {
  it("holds every submitted packet byte for byte, with the fingerprints, and records its progress", async () => {
    const exportId = await requestSessionZip(db, manager.id, sessionId);
    expect(await statusOf(exportId)).toMatchObject({ status: "queued", done: 0, total: 3 });
    await runSessionZip(db, exportId);
    expect(await statusOf(exportId)).toMatchObject({ status: "done", done: 3, total: 3 });
    const file = (await getSessionExportFile(db, sessionId, exportId))!;
    const zip = await JSZip.loadAsync(file.content);
    const names = Object.keys(zip.files).sort();
    expect(names).toHaveLength(4);
    expect(names.filter((n) => n.endsWith(".docx"))).toHaveLength(3);
    const manifest = await zip.file("Fingerprints.txt")!.async("string");
    for (const caseId of caseIds) {
      const submission = (await getSubmission(db, sessionId, caseId))!;
      const packet = (await getPacketFile(db, caseId, submission.packetId))!;
      expect(manifest).toContain(submission.fingerprint);
      const inZip = await Promise.all(names.filter((n) => n.endsWith(".docx")).map((n) => zip.file(n)!.async("uint8array")));
      expect(inZip.some((bytes) => Buffer.from(bytes).equals(Buffer.from(packet.content)))).toBe(true);
    }
  });

  it("is built by the job queue, and a job left running by a process that died is picked up by the next one", async () => {
    const exportId = await requestSessionZip(db, manager.id, sessionId);
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    // The first worker takes the job and never finishes it: the process "dies" with the job running.
    const dying = await startJobQueue(t.database, { [SESSION_ZIP_JOB]: () => (started(), new Promise<void>(() => {})) }, FAST);
    await dying.send(SESSION_ZIP_JOB, { exportId });
    await running;
    await dying.stop();
    expect((await statusOf(exportId)).status).toBe("queued");
    const next = await startJobQueue(t.database, { [SESSION_ZIP_JOB]: (job) => runSessionZip(db, String(job.exportId)) }, FAST);
    queues.push(next);
    await waitUntilDone(exportId);
    expect(await getSessionExportFile(db, sessionId, exportId)).not.toBeNull();
    await next.stop();
  });

  it.runIf(Boolean(testServerUrl()))("on PostgreSQL, shares the queue between two instances and builds each zip once", async () => {
    // A second instance: its own connection pool to the same database.
    const second = await openDatabase({ databaseUrl: t.database.location, pgliteDir: "memory://", migrationsDir: "db/migrations" });
    const runs = new Map<string, number>();
    const handler = (instanceDb: Db) => async (job: Record<string, unknown>) => {
      const id = String(job.exportId);
      runs.set(id, (runs.get(id) ?? 0) + 1);
      await runSessionZip(instanceDb, id);
    };
    const a = await startJobQueue(t.database, { [SESSION_ZIP_JOB]: handler(db) }, FAST);
    const b = await startJobQueue(second, { [SESSION_ZIP_JOB]: handler(second.db) }, FAST);
    queues.push(a, b);
    const ids = await Promise.all([1, 2, 3, 4].map(() => requestSessionZip(db, manager.id, sessionId)));
    for (const id of ids) await a.send(SESSION_ZIP_JOB, { exportId: id });
    for (const id of ids) await waitUntilDone(id);
    expect(ids.map((id) => runs.get(id))).toEqual([1, 1, 1, 1]);
    await a.stop();
    await b.stop();
    await second.close();
  });
});
