// Backup and restore (issue 6, "Data").
//
// PGlite: `npm run -s cli -- backup --out FILE` copies a stopped server's database; while a server
// runs (it holds the directory), the same command with --server asks it for the copy as an
// administrator, which is what the Backup page's button (POST /admin/backup/download) does too. The
// copy is taken between transactions, so it is consistent even with writes going on.
// `restore --from FILE` puts it back, with the server stopped. Tested: a copy taken during writes is
// consistent; backup, wipe, restore gives every table back exactly.
//
// PostgreSQL: the CLI points to pg_dump/pg_restore, and the documented procedure is run here: a dump
// taken during writes restores consistent, and a dump restores every table exactly.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, testServerUrl, type ScratchDatabase } from "../../support/database";
import { onPostgres, TestApp } from "../../security/support/app";
import { consistencyProblems } from "../../security/support/checks";
import { cli } from "../../support/cli";
import { changedTables, openSql, snapshot, type Snapshot, type Target } from "../../security/support/db";
import { addEvidence, evidenceFields, exportPacket, firstAdmin, invite, ladderKeys, openCase, PASSWORD, type Person } from "../../security/support/scenario";

async function withSql<T>(target: Target, fn: (sql: Awaited<ReturnType<typeof openSql>>) => Promise<T>): Promise<T> {
  const sql = await openSql(target);
  try {
    return await fn(sql);
  } finally {
    await sql.close();
  }
}

/** Adds evidence in a loop (two writers) until stop() is called; returns the acknowledged titles. */
function startWriting(client: Person["client"], caseId: string, keys: string[]) {
  const acknowledged: string[] = [];
  let running = true;
  const loops = [0, 1].map(async (n) => {
    for (let i = 0; running; i++) {
      const title = `during backup ${n}-${i}`;
      const reply = await client.post(`/cases/${caseId}/evidence/new`, evidenceFields({ title, supports: [[keys[i % 8]!, "A"], [keys[8 + (i % 8)]!, "B"]] }));
      if (reply.status !== 302) throw new Error(`write failed: ${reply.status}`);
      acknowledged.push(title);
    }
  });
  return {
    acknowledged,
    async stop() {
      running = false;
      await Promise.all(loops);
      return acknowledged.length;
    },
  };
}

async function until(what: string, probe: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(onPostgres)("backup and restore of the embedded database (PGlite)", () => {
  let app: TestApp;
  let dir: string;
  let files: string;
  let admin: Person;
  let a: Person;
  let caseId: string;
  let keys: string[];

  beforeAll(async () => {
    app = await TestApp.start();
    dir = (app.target as { dir: string }).dir;
    files = fs.mkdtempSync(path.join(os.tmpdir(), "lp-sec-backups-"));
    admin = await firstAdmin(app);
    a = await invite(app, admin, { name: "Amara Owner", email: "amara@ladderproof.test" });
    caseId = await openCase(a.client, "Casey Backup");
    keys = await ladderKeys(a.client, caseId);
    for (let i = 0; i < 3; i++) await addEvidence(a.client, caseId, { title: `Before ${i}`, supports: [[keys[i]!, "R"]] });
    await exportPacket(a.client, caseId);
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    if (files) fs.rmSync(files, { recursive: true, force: true });
    for (const name of fs.readdirSync(path.dirname(dir ?? os.tmpdir()))) {
      if (dir && name.startsWith(`${path.basename(dir)}.`)) fs.rmSync(path.join(path.dirname(dir), name), { recursive: true, force: true });
    }
  });

  it("does not open the database under a running server, and says how to take the copy instead", async () => {
    const out = path.join(files, "refused.tar.gz");
    const run = await cli(["backup", "--out", out], { PGLITE_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`is in use by the server (process ${app.server.pid})`);
    expect(run.stderr).toContain("--server http://HOST:PORT --email ADMIN_EMAIL --password-stdin");
    expect(run.stderr).toContain("/admin/backup");
    expect(fs.existsSync(out)).toBe(false);
    expect((await app.client().get("/healthz")).status).toBe(200);
  });

  it("takes a consistent copy from the running server while writes go on (backup --server)", async () => {
    const out = path.join(files, "live.tar.gz");
    const writes = startWriting(a.client, caseId, keys);
    await until("a few writes", () => writes.acknowledged.length >= 5);
    const before = writes.acknowledged.length;
    const run = await cli(["backup", "--out", out, "--server", app.url, "--email", admin.email, "--password-stdin"], { PGLITE_DIR: dir }, PASSWORD);
    const after = writes.acknowledged.length;
    const total = await writes.stop();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Wrote .*live\.tar\.gz \(\d+\.\d MB\), taken from the running server/);
    expect(fs.statSync(out).mode & 0o777, "readable by its owner only").toBe(0o600);
    expect(app.logs()).toContain(`downloaded by ${admin.email}`);
    expect(total).toBeGreaterThan(after);

    const fresh = path.join(files, "restored-live");
    const restored = await cli(["restore", "--from", out], { PGLITE_DIR: fresh });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored .* into .*restored-live: 2 people, 1 cases, \d+ evidence items, 1 packets, \d+ history entries\./);
    expect(fs.existsSync(path.join(fresh, "ladderproof.lock")), "the running server's lock is not restored").toBe(false);
    const copy = await withSql({ kind: "pglite", dir: fresh }, async (sql) => ({
      titles: (await sql.query<{ title: string }>("select title from evidence")).map((r) => r.title),
      problems: await consistencyProblems(sql),
    }));
    expect(copy.problems).toEqual([]);
    // Everything acknowledged before the backup started is in it; nothing later than its end.
    const during = copy.titles.filter((t) => t.startsWith("during backup")).length;
    expect(during).toBeGreaterThanOrEqual(before);
    expect(during).toBeLessThanOrEqual(after + 2);
    for (const title of writes.acknowledged.slice(0, before)) expect(copy.titles).toContain(title);
  });

  it("restores exactly what was backed up: download, wipe, restore, and every table is as it was", async () => {
    const download = await admin.client.download("/admin/backup/download", []);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/gzip");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="ladderproof-backup-\d{4}-\d{2}-\d{2}T[\d-]+\.tar\.gz"(; filename\*=UTF-8''\S+)?$/);
    expect(download.headers.get("cache-control")).toMatch(/\bno-store\b/);
    const file = path.join(files, "page.tar.gz");
    fs.writeFileSync(file, download.bytes);

    await app.stopServer();
    const before: Snapshot = await withSql({ kind: "pglite", dir }, snapshot);
    const refused = await cli(["restore", "--from", file], { PGLITE_DIR: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("already holds a database. Pass --force");

    fs.rmSync(dir, { recursive: true, force: true });
    const restored = await cli(["restore", "--from", file], { PGLITE_DIR: dir });
    expect(restored.code, restored.stderr).toBe(0);
    const after: Snapshot = await withSql({ kind: "pglite", dir }, snapshot);
    expect(changedTables(before, after)).toEqual([]);
    expect(after.evidence!.rows).toBeGreaterThan(3);

    // The app runs on the restored database; even the sessions came back.
    await app.startServer();
    const page = await a.client.get(`/cases/${caseId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Before 2");
  });

  it("refuses to restore under a running server; with --force keeps the database it replaces", async () => {
    const file = path.join(files, "page.tar.gz");
    const refused = await cli(["restore", "--from", file, "--force"], { PGLITE_DIR: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`is in use by process ${app.server.pid}. Stop the server, then restore.`);

    await app.stopServer();
    const replaced = await cli(["restore", "--from", file, "--force"], { PGLITE_DIR: dir });
    expect(replaced.code, replaced.stderr).toBe(0);
    const kept = /kept in (\S+)\.$/m.exec(replaced.stdout)?.[1];
    expect(kept).toBeDefined();
    expect(fs.existsSync(path.join(kept!, "PG_VERSION"))).toBe(true);
    fs.rmSync(kept!, { recursive: true, force: true });

    // With the server stopped, backup opens the directory itself.
    const offline = await cli(["backup", "--out", path.join(files, "offline.tar.gz")], { PGLITE_DIR: dir });
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toMatch(/: 2 people, 1 cases, \d+ evidence items, 1 packets, \d+ history entries\.$/m);
    const junk = path.join(files, "not-a-backup.tar.gz");
    fs.writeFileSync(junk, "hello");
    const bad = await cli(["restore", "--from", junk, "--force"], { PGLITE_DIR: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("This file is not a Ladderproof backup");
    await app.startServer();
    expect((await a.client.get(`/cases/${caseId}`)).status).toBe(200);
  });
});

function pgTool(name: string): string | undefined {
  const dirs = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").sort((x, y) => Number(y) - Number(x)) : [];
  for (const version of dirs) {
    const tool = `/usr/lib/postgresql/${version}/bin/${name}`;
    if (fs.existsSync(tool)) return tool;
  }
  return undefined;
}

describe.skipIf(!onPostgres)(`backup and restore on PostgreSQL (pg_dump, pg_restore)${onPostgres ? "" : " (skipped: TEST_DATABASE_URL unset)"}`, () => {
  let app: TestApp;
  let a: Person;
  let caseId: string;
  let keys: string[];
  let files: string;
  const scratch: ScratchDatabase[] = [];
  const pgDump = pgTool("pg_dump");
  const pgRestore = pgTool("pg_restore");

  const run = (tool: string, args: string[]) => {
    const result = spawnSync(tool, args, { encoding: "utf8", timeout: 120_000 });
    if (result.status !== 0) throw new Error(`${path.basename(tool)} ${args.join(" ")} failed:\n${result.stderr}`);
  };
  const dumpAndRestore = async (file: string): Promise<Target> => {
    run(pgDump!, ["--format=custom", `--file=${file}`, (app.target as { url: string }).url]);
    const target = await createScratchDatabase(testServerUrl()!, "lp_sec_restore");
    scratch.push(target);
    run(pgRestore!, ["--no-owner", `--dbname=${target.url}`, file]);
    return { kind: "postgres", url: target.url };
  };

  beforeAll(async () => {
    app = await TestApp.start();
    files = fs.mkdtempSync(path.join(os.tmpdir(), "lp-sec-pgdump-"));
    const admin = await firstAdmin(app);
    a = await invite(app, admin, { name: "Amara Owner", email: "amara@ladderproof.test" });
    caseId = await openCase(a.client, "Casey Dump");
    keys = await ladderKeys(a.client, caseId);
    await addEvidence(a.client, caseId, { title: "Before", supports: [[keys[0]!, "R"]] });
    await exportPacket(a.client, caseId);
  }, 60_000);

  afterAll(async () => {
    for (const db of scratch) await db.drop().catch(() => undefined);
    await app?.close();
    if (files) fs.rmSync(files, { recursive: true, force: true });
  });

  it("sends the operator to pg_dump and pg_restore from the CLI", async () => {
    const url = (app.target as { url: string }).url;
    const backup = await cli(["backup", "--out", path.join(files, "x.tar.gz")], { DATABASE_URL: url });
    expect(backup.code).toBe(1);
    expect(backup.stderr).toContain("pg_dump --format=custom");
    const restore = await cli(["restore", "--from", path.join(files, "x.tar.gz")], { DATABASE_URL: url });
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain("pg_restore");
  });

  it.skipIf(!pgDump || !pgRestore)("restores a pg_dump taken during writes consistently, and one taken at rest exactly", async () => {
    const writes = startWriting(a.client, caseId, keys);
    await until("a few writes", () => writes.acknowledged.length >= 5);
    const before = writes.acknowledged.length;
    const live = await dumpAndRestore(path.join(files, "live.dump"));
    await writes.stop();
    const copy = await withSql(live, async (sql) => ({
      titles: (await sql.query<{ title: string }>("select title from evidence")).map((r) => r.title),
      problems: await consistencyProblems(sql),
    }));
    expect(copy.problems).toEqual([]);
    for (const title of writes.acknowledged.slice(0, before)) expect(copy.titles).toContain(title);

    const source = await withSql(app.target, snapshot);
    const atRest = await dumpAndRestore(path.join(files, "rest.dump"));
    expect(changedTables(source, await withSql(atRest, snapshot))).toEqual([]);
  });
});
