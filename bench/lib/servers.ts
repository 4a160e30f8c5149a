// The processes the benchmark runs: the app server (scripts/server.mjs or `node scripts/start.mjs`),
// a bare node:http "ceiling" server, and a throwaway PostgreSQL cluster (scripts/pg.sh). Each one is
// registered for cleanup the moment it exists.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import postgres from "postgres";
import { onCleanup, runSyncQuiet, trackChild, trackDir } from "./cleanup";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface AppServer {
  url: string;
  pid: number;
  child: ChildProcess;
  logs(): string;
  stop(): Promise<void>;
}

export interface AppDatabase {
  pgliteDir?: string;
  databaseUrl?: string;
}

/** The environment the app runs with in the benchmark: production, on 127.0.0.1, no demo account. */
export function appEnv(database: AppDatabase, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  delete env.TEST_DATABASE_URL;
  return {
    ...env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DEMO: "0",
    NO_COLOR: "1",
    MIGRATIONS_DIR: path.join(ROOT, "db/migrations"),
    CONTENT_DIR: path.join(ROOT, "content"),
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : { PGLITE_DIR: database.pgliteDir }),
  };
}

async function waitUntil(what: string, timeoutMs: number, probe: () => Promise<boolean>, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`);
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Waits until the server has worked off what an overload left queued (autocannon closes its
 *  connections at the end of a run, but the server still finishes every request it had accepted):
 *  three /healthz answers in a row within 25 ms, or 30 s. */
export async function settle(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let quick = 0;
  while (quick < 3 && Date.now() < deadline) {
    const started = performance.now();
    const ok = await healthy(url);
    quick = ok && performance.now() - started < 25 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts `node <script>` in `cwd` (the benchmark's copy of the project) and waits for /healthz. */
export async function startApp(
  cwd: string,
  database: AppDatabase,
  options: { script?: string; name?: string; timeoutMs?: number } = {},
): Promise<AppServer> {
  const port = await freePort();
  const script = options.script ?? "scripts/server.mjs";
  const child = spawn(process.execPath, [script], {
    cwd,
    env: appEnv(database, port),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = trackChild(options.name ?? `server ${script}`, child);
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (c: string) => (output += c));
  child.stderr!.setEncoding("utf8").on("data", (c: string) => (output += c));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil("the app server to answer /healthz", options.timeoutMs ?? 60_000, async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`The app server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
      }
      return healthy(url);
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid!, child, logs: () => output, stop };
}

/** Signs in over HTTP, as a browser would; returns the Cookie header value of the session. */
export async function login(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: url },
    body: new URLSearchParams({ email, password }).toString(),
  });
  await response.arrayBuffer();
  const cookie = response.headers.getSetCookie().find((c) => /ladderproof_session=/.test(c));
  if (response.status >= 400 || !cookie) {
    throw new Error(`Sign-in as ${email} failed: HTTP ${response.status}, no session cookie`);
  }
  return cookie.split(";")[0]!;
}

export async function getPage(url: string, cookie: string): Promise<{ status: number; html: string }> {
  const response = await fetch(url, { headers: { Cookie: cookie }, redirect: "manual" });
  return { status: response.status, html: await response.text() };
}

/** Memory of a process we started, from /proc (kB → MB). */
export function processMemory(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
  } catch {
    return null;
  }
}

/* ---------- The machine's ceiling: node:http returning fixed bytes ---------- */

export interface CeilingServer {
  url: string;
  stop(): Promise<void>;
}

/** A bare node:http server in its own process, answering every request with `htmlFile`'s bytes. */
export async function startCeiling(htmlFile: string): Promise<CeilingServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, "bench/ceiling-server.mjs"), htmlFile, String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stop = trackChild("ceiling server", child);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil("the ceiling server", 10_000, async () => {
      if (child.exitCode !== null) throw new Error("The ceiling server exited");
      try {
        const r = await fetch(url);
        await r.arrayBuffer();
        return r.status === 200;
      } catch {
        return false;
      }
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/* ---------- PostgreSQL ---------- */

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")} failed: ${stderr || error.message}`));
      else resolve(stdout.trim());
    });
  });
}

/** A throwaway cluster from scripts/pg.sh, stopped and removed at cleanup; returns its server URL. */
export async function startCluster(): Promise<string> {
  // Not under a private temporary folder: the postgres user must be able to reach it.
  const dir = fs.mkdtempSync("/tmp/lpbench-pg-");
  const removeDir = trackDir(dir);
  const stopCluster = () => run("bash", [path.join(ROOT, "scripts/pg.sh"), "stop", dir]).then(() => undefined);
  onCleanup(
    "stop the PostgreSQL cluster",
    async () => {
      await stopCluster();
      await removeDir();
    },
    () => {
      runSyncQuiet("bash", [path.join(ROOT, "scripts/pg.sh"), "stop", dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  );
  const port = await freePort();
  return run("bash", [path.join(ROOT, "scripts/pg.sh"), "start", dir, String(port)]);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A new, empty database on the server behind `serverUrl`, dropped at cleanup: the benchmark never
 *  writes into a database it was given, only next to it. */
export async function scratchDatabase(serverUrl: string): Promise<string> {
  const name = `lp_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  onCleanup(`drop database ${name}`, async () => {
    const sql = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      await sql.unsafe(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
