// Where the data lives (second security pass): the embedded database's folder is readable by its
// own account only, an open one is tightened or refused with the fix; the directory lock recognises
// a dead holder however it died; one bad ladder document does not stop the server.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseLabel, onPostgres, TestApp } from "../../security/support/app";
import { addEvidence, firstAdmin, invite, ladderKeys, LADDER, openCase } from "../../security/support/scenario";
import { runServerExpectingFailure } from "../../support/server";

/** Every file and folder under `dir` that other accounts can read, write or enter. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const visit = (entry: string) => {
    const stat = fs.lstatSync(entry);
    if ((stat.mode & 0o077) !== 0) found.push(`${entry} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(dir);
  return found;
}

function openEverything(dir: string): void {
  const visit = (entry: string) => {
    const stat = fs.lstatSync(entry);
    fs.chmodSync(entry, stat.isDirectory() ? 0o755 : 0o666);
    if (stat.isDirectory()) for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(dir);
}

const isRoot = process.getuid?.() === 0;

describe.skipIf(onPostgres)("the embedded database's folder (PGlite)", () => {
  let app: TestApp;
  let dir: string;

  beforeAll(async () => {
    app = await TestApp.start();
    if (app.target.kind !== "pglite") throw new Error("PGlite only");
    dir = app.target.dir;
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it("is readable by its own account only: folder 0700, files 0600, also for what is written while it runs", async () => {
    const admin = await firstAdmin(app);
    const manager = await invite(app, admin, { name: "Mina Manager", email: "mina@ladderproof.test" });
    const caseId = await openCase(manager.client, "Casey Candidate");
    const keys = await ladderKeys(manager.client, caseId);
    for (let i = 0; i < 5; i++) await addEvidence(manager.client, caseId, { title: `Item ${i}`, supports: [[keys[i]!, "Why"]] });
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(openToOthers(dir), "while the server runs").toEqual([]);
    await app.stopServer();
    expect(openToOthers(dir), "after a checkpoint and stop").toEqual([]);
    await app.startServer();
  }, 120_000);

  it("tightens a folder an earlier version or another umask left open, at start, and says so", async () => {
    await app.stopServer();
    openEverything(dir);
    expect(openToOthers(dir).length).toBeGreaterThan(10);
    await app.startServer();
    expect(openToOthers(dir)).toEqual([]);
    expect(app.server.logs()).toMatch(/Made \d+ files and folders of .* readable by this account only/);
  }, 120_000);

  it.skipIf(!isRoot)("refuses to start on a folder open to others that it does not own, with the fix in the message (needs root to hand the folder to another account)", async () => {
    await app.stopServer();
    fs.chmodSync(dir, 0o755);
    fs.chownSync(dir, 65534, 65534);
    try {
      const refused = await runServerExpectingFailure({ PGLITE_DIR: dir }, 60_000);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain(`The embedded database in ${dir} can be read by other accounts on this machine`);
      expect(refused.output).toContain(`chmod -R u+rwX,go-rwx '${dir}'`);
      expect(fs.statSync(dir).mode & 0o777, "left as it was").toBe(0o755);
    } finally {
      fs.chownSync(dir, 0, 0);
      fs.chmodSync(dir, 0o700);
    }
    await app.startServer();
  }, 120_000);

  it("takes over the lock of a holder that is dead but not yet reaped (a zombie), or whose pid another process now has", async () => {
    await app.stopServer();
    const lock = path.join(dir, "ladderproof.lock");
    // A zombie: `sh` starts a short-lived child, then becomes `sleep`, which never reaps it.
    const parent = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 20"], { stdio: ["ignore", "pipe", "ignore"] });
    const zombie = Number((await new Promise<string>((resolve) => parent.stdout!.once("data", (d: Buffer) => resolve(d.toString())))).trim());
    try {
      for (let i = 0; i < 50 && !/\) Z /.test(fs.readFileSync(`/proc/${zombie}/stat`, "utf8")); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(fs.readFileSync(`/proc/${zombie}/stat`, "utf8")).toMatch(/\) Z /);
      fs.writeFileSync(lock, String(zombie));
      await app.startServer();
      await app.stopServer();
    } finally {
      parent.kill("SIGKILL");
    }
    // A live process with the recorded pid but another start time is not the holder either.
    fs.writeFileSync(lock, `${process.pid} 1`);
    await app.startServer();
    expect(fs.readFileSync(lock, "utf8")).toMatch(new RegExp(`^${app.server.pid} \\d+$`));
  }, 120_000);
});

describe(`a ladder document the database cannot store (${databaseLabel})`, () => {
  let content: string;
  let app: TestApp;

  beforeAll(async () => {
    content = fs.mkdtempSync(path.join(os.tmpdir(), "lp-content-"));
    fs.copyFileSync(path.join("content", `${LADDER}.md`), path.join(content, `${LADDER}.md`));
    const broken = fs.readFileSync(path.join("content", `${LADDER}.md`), "utf8").replace("# L5:", "# L6:").split("\n");
    broken[6] = `${broken[6]}\u0000`;
    fs.writeFileSync(path.join(content, "L6-Broken.md"), broken.join("\n"));
    app = await TestApp.start({ CONTENT_DIR: content });
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(content, { recursive: true, force: true });
  });

  it("is reported with its file and line, and the server starts with the other ladders loaded", async () => {
    expect(app.logs()).toContain(`Ladder not loaded: ${path.join(content, "L6-Broken.md")}:7: The document contains a NUL character`);
    const admin = await firstAdmin(app);
    const page = await admin.client.get("/ladders");
    expect(page.status).toBe(200);
    expect(page.text).toContain(LADDER);
    expect(page.text).not.toContain("L6-Broken");
  });
});
