// Runs the real production server (node scripts/server.mjs against the Remix build in build/)
// for integration tests, each on a free port and a fresh database.
//
// Database: with TEST_DATABASE_URL set, a new database on that server (dropped on stop);
// otherwise a new PGlite directory under the system temp folder (removed on stop). Passing
// DATABASE_URL or PGLITE_DIR in `env` uses that database instead, and stop() leaves it alone.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createScratchDatabase, testServerUrl, type ScratchDatabase } from "./database";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SERVER_SCRIPT = path.join(ROOT, "scripts/server.mjs");
const BUILD = path.join(ROOT, "build/index.js");
const READY = /Ladderproof is running at (http:\/\/\S+?:(\d+))\b/;

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  port: number;
  pid: number;
  /** The PGlite directory, when the server runs on PGlite. */
  pgliteDir?: string;
  /** The database URL, when the server runs on PostgreSQL. */
  databaseUrl?: string;
  /** Everything the server printed so far (stdout and stderr interleaved). */
  logs(): string;
  /** Resolves when the process has exited. */
  exited: Promise<ServerExit>;
  /** Sends a signal without waiting (SIGKILL to simulate a crash). */
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM, wait for the exit (SIGKILL after `timeoutMs`), then remove what startServer created.
   *  Resolves with how the process ended and how long that took. Safe to call twice. */
  stop(timeoutMs?: number): Promise<ServerExit & { ms: number }>;
}

export interface ServerFailure extends ServerExit {
  output: string;
}

function assertBuilt(): void {
  if (!fs.existsSync(BUILD)) {
    throw new Error(`There is no server build at ${BUILD}: run \`npx remix build\` first (scripts/test.sh does).`);
  }
}

function baseEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  // Never inherit the test runner's own database settings by accident.
  delete merged.DATABASE_URL;
  delete merged.PGLITE_DIR;
  // Vitest sets NODE_ENV=test and VITEST*; the server runs as it does in production.
  for (const key of Object.keys(merged)) if (key.startsWith("VITEST")) delete merged[key];
  return {
    ...merged,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: "0",
    DEMO: "0",
    NO_COLOR: "1",
    ...env,
  };
}

function spawnServer(env: NodeJS.ProcessEnv): {
  child: ChildProcess;
  logs: () => string;
  exited: Promise<ServerExit>;
} {
  const child = spawn(process.execPath, [SERVER_SCRIPT], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<ServerExit>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  return { child, logs: () => output, exited };
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a server and resolves once GET /healthz answers 200. */
export async function startServer(env: Record<string, string> = {}, options: { timeoutMs?: number } = {}): Promise<RunningServer> {
  assertBuilt();
  // A busy shared machine can take longer to start a server: SERVER_START_TIMEOUT_MS raises the limit.
  const timeoutMs =
    options.timeoutMs ?? (Number(process.env.SERVER_START_TIMEOUT_MS ?? process.env.TEST_SERVER_START_MS) || 90_000);
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
  };

  const serverEnv = { ...env };
  let pgliteDir: string | undefined;
  let databaseUrl: string | undefined;
  if (serverEnv.DATABASE_URL) {
    databaseUrl = serverEnv.DATABASE_URL;
  } else if (serverEnv.PGLITE_DIR) {
    pgliteDir = serverEnv.PGLITE_DIR;
  } else if (testServerUrl()) {
    const scratch: ScratchDatabase = await createScratchDatabase(testServerUrl()!, "lp_server");
    cleanups.push(() => scratch.drop());
    databaseUrl = serverEnv.DATABASE_URL = scratch.url;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ladderproof-server-"));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    pgliteDir = serverEnv.PGLITE_DIR = dir;
  }

  const { child, logs, exited } = spawnServer(baseEnv(serverEnv));
  let done: ServerExit | undefined;
  void exited.then((e) => (done = e));

  let stopping: Promise<ServerExit & { ms: number }> | undefined;
  const stop = (stopTimeoutMs = 10_000) => {
    stopping ??= (async () => {
      const started = Date.now();
      if (!done) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
        await exited;
        clearTimeout(timer);
      }
      const result = { ...(await exited), ms: Date.now() - started };
      await cleanup();
      return result;
    })();
    return stopping;
  };

  try {
    const port = await waitFor("the server to print its address", timeoutMs, async () => {
      if (done) throw new Error(`The server exited (${JSON.stringify(done)}) before it was ready:\n${logs()}`);
      const match = READY.exec(logs());
      return match ? Number(match[2]) : undefined;
    });
    const url = `http://127.0.0.1:${port}`;
    await waitFor("GET /healthz to answer 200", timeoutMs, async () => {
      if (done) throw new Error(`The server exited (${JSON.stringify(done)}) before it was healthy:\n${logs()}`);
      try {
        const response = await fetch(`${url}/healthz`);
        await response.arrayBuffer();
        return response.status === 200 ? true : undefined;
      } catch {
        return undefined;
      }
    });
    return {
      url,
      port,
      pid: child.pid!,
      pgliteDir,
      databaseUrl,
      logs,
      exited,
      kill: (signal = "SIGTERM") => void child.kill(signal),
      stop,
    };
  } catch (error) {
    await stop(2_000);
    throw error instanceof Error ? new Error(`${error.message}\n--- server output ---\n${logs()}`) : error;
  }
}

/** Runs a server that is expected to refuse to start, and resolves with its exit and output.
 *  Rejects if it is still running after `timeoutMs` (it is then killed). */
export async function runServerExpectingFailure(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerFailure> {
  assertBuilt();
  const { child, logs, exited } = spawnServer(baseEnv(env));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const result = await exited;
  clearTimeout(timer);
  if (result.signal === "SIGKILL") throw new Error(`The server did not exit within ${timeoutMs} ms:\n${logs()}`);
  return { ...result, output: logs() };
}
