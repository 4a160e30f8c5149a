// Faults (issue 6, "Faults and load"):
//   - PGlite: the server is killed with SIGKILL in the middle of a stream of writes; restarted, it
//     has every write it acknowledged, and the database is consistent. (A second process on the same
//     directory is refused: tests/integration/server.test.ts, "the PGlite data directory lock".)
//   - PostgreSQL: the database server stops and starts again under a running app; requests fail
//     cleanly during the outage and succeed afterwards, with no restart of the app. This needs the
//     cluster's folder and port: scripts/test.sh exports TEST_PG_DIR and TEST_PG_PORT.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres, TestApp } from "../../security/support/app";
import { consistencyProblems } from "../../security/support/checks";
import { mainText } from "../../security/support/http";
import { addEvidence, evidenceFields, evidenceIds, firstAdmin, invite, ladderKeys, openCase, type Person } from "../../security/support/scenario";

const PG_DIR = process.env.TEST_PG_DIR;
const PG_PORT = process.env.TEST_PG_PORT;
const canRestartPostgres = onPostgres && Boolean(PG_DIR && PG_PORT);
if (onPostgres && !canRestartPostgres) {
  console.warn("faults.test.ts: SKIPPING the PostgreSQL restart test: TEST_PG_DIR and TEST_PG_PORT are not set (scripts/test.sh exports them).");
}

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(onPostgres)("PGlite: SIGKILL in the middle of writes", () => {
  let app: TestApp;

  afterAll(async () => {
    await app?.close();
  });

  it("restarts with every acknowledged write present and the database consistent", async () => {
    app = await TestApp.start();
    const admin = await firstAdmin(app);
    const a = await invite(app, admin, { name: "Amara Owner", email: "amara@ladderproof.test" });
    const caseId = await openCase(a.client, "Casey Crash");
    const keys = await ladderKeys(a.client, caseId);

    const acknowledged: string[] = [];
    const failures: string[] = [];
    let killed = false;
    const writer = async (n: number) => {
      for (let i = 0; !killed; i++) {
        const title = `writer ${n} item ${i}`;
        try {
          const reply = await a.client.post(
            `/cases/${caseId}/evidence/new`,
            evidenceFields({ title, supports: [[keys[i % 6]!, "First"], [keys[6 + (i % 6)]!, "Second"]] }),
          );
          if (reply.status === 302) acknowledged.push(title);
          else failures.push(`${title}: ${reply.status}`);
        } catch {
          // The connection died with the server: this write was never acknowledged.
          return;
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await waitFor("25 acknowledged writes", 30_000, async () => acknowledged.length >= 25);
    const pid = app.server.pid;
    app.server.kill("SIGKILL");
    killed = true;
    expect((await app.server.exited).signal).toBe("SIGKILL");
    await Promise.all(writers);
    expect(failures).toEqual([]);
    const acknowledgedBeforeKill = [...acknowledged];

    // Restarted on the same directory (taking over the dead process's lock).
    await app.startServer();
    expect(app.server.pid).not.toBe(pid);
    const page = await a.client.get(`/cases/${caseId}`);
    expect(page.status).toBe(200);

    const state = await app.sql(async (sql) => ({
      titles: (await sql.query<{ title: string }>("select title from evidence where case_id = $1", [caseId])).map((r) => r.title),
      added: Number((await sql.query<{ n: number }>("select count(*)::int as n from audit_events where case_id = $1 and entity_type = 'evidence' and action = 'added'", [caseId]))[0]!.n),
      problems: await consistencyProblems(sql),
    }));
    console.log(`SIGKILL after ${acknowledgedBeforeKill.length} acknowledged writes; ${state.titles.length} items after the restart.`);
    const missing = acknowledgedBeforeKill.filter((t) => !state.titles.includes(t));
    expect(missing, "acknowledged writes lost in the crash").toEqual([]);
    expect(new Set(state.titles).size, "no write is there twice").toBe(state.titles.length);
    // Writes in flight at the kill may or may not have committed, but never half.
    expect(state.titles.length).toBeGreaterThanOrEqual(acknowledgedBeforeKill.length);
    expect(state.added).toBe(state.titles.length);
    expect(state.problems).toEqual([]);
    // And the app goes on: the next write gets the next number.
    const next = await addEvidence(a.client, caseId, { title: "After the crash", supports: [[keys[0]!, "Still works"]] });
    expect(next.ref).toBe(`E-${String(state.titles.length + 1).padStart(2, "0")}`);
  });
});

describe.skipIf(!canRestartPostgres)(`PostgreSQL restarting under a running app${canRestartPostgres ? "" : " (skipped: TEST_PG_DIR/TEST_PG_PORT not set)"}`, () => {
  let app: TestApp;
  let a: Person;
  let caseId: string;
  let keys: string[];
  let stopped = false;

  const pg = (...args: string[]) => {
    const result = spawnSync("bash", ["scripts/pg.sh", ...args], { encoding: "utf8", timeout: 60_000 });
    if (result.status !== 0) throw new Error(`scripts/pg.sh ${args.join(" ")} failed:\n${result.stderr}`);
  };

  beforeAll(async () => {
    app = await TestApp.start();
    const admin = await firstAdmin(app);
    a = await invite(app, admin, { name: "Amara Owner", email: "amara@ladderproof.test" });
    caseId = await openCase(a.client, "Casey Outage");
    keys = await ladderKeys(a.client, caseId);
    await addEvidence(a.client, caseId, { title: "Before the outage", supports: [[keys[0]!, "R"]] });
  }, 60_000);

  afterAll(async () => {
    // Whatever happened, the cluster the other tests use is running again.
    if (stopped) pg("start", PG_DIR!, PG_PORT!);
    await app?.close();
  });

  it("fails requests cleanly while the database is down, and serves them again once it is back, without an app restart", async () => {
    const pid = app.server.pid;
    pg("stop", PG_DIR!);
    stopped = true;

    const started = Date.now();
    const health = await app.client().get("/healthz");
    expect(health.status).toBe(503);
    expect(JSON.parse(health.text)).toMatchObject({ status: "unavailable" });

    const page = await a.client.get(`/cases/${caseId}`);
    expect(page.status).toBeGreaterThanOrEqual(500);
    expect(mainText(page.text)).toContain("Something went wrong");
    expect(page.text).not.toMatch(/ECONNREFUSED|connect|\n\s+at |postgres/i);
    const write = await a.client.post(`/cases/${caseId}/evidence/new`, evidenceFields({ title: "During the outage", supports: [[keys[1]!, "R"]] }));
    expect(write.status).toBeGreaterThanOrEqual(500);
    expect(mainText(write.text)).toContain("Something went wrong");
    // Each request failed within the connection timeout rather than hanging.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(app.logs()).toMatch(/ECONNREFUSED|CONNECT_TIMEOUT|connect/i);

    pg("start", PG_DIR!, PG_PORT!);
    stopped = false;
    await waitFor("GET /healthz to answer 200 again", 30_000, async () => (await app.client().get("/healthz")).status === 200);

    // The same process, the same session: reads and writes work again.
    expect(app.server.pid).toBe(pid);
    const after = await a.client.get(`/cases/${caseId}`);
    expect(after.status).toBe(200);
    const added = await addEvidence(a.client, caseId, { title: "After the outage", supports: [[keys[2]!, "R"]] });
    expect(added.ref).toBe("E-02");
    // The write refused during the outage left nothing behind.
    expect(Object.keys(await evidenceIds(a.client, caseId)).sort()).toEqual(["E-01", "E-02"]);
    await app.sql(async (sql) => expect(await consistencyProblems(sql)).toEqual([]));
  });
});
