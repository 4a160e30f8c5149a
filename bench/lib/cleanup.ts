// Everything the benchmark starts (servers, a PostgreSQL cluster, scratch databases, temporary
// folders) registers how to undo it here. On a normal end, a failure, Ctrl-C or SIGTERM the undo
// steps run newest first; if the process is leaving without a chance to await them, the
// synchronous fallbacks run instead (kill the child by its pid, stop the cluster, remove folders).
import { spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";

interface Task {
  name: string;
  run: () => Promise<void>;
  /** Used when the process exits before `run` could finish. */
  runSync?: () => void;
  done: boolean;
}

const tasks: Task[] = [];
let cleaning: Promise<void> | null = null;

/** Registers an undo step; returns a function that runs it now (once) and unregisters it. */
export function onCleanup(name: string, run: () => Promise<void>, runSync?: () => void): () => Promise<void> {
  const task: Task = { name, run, runSync, done: false };
  tasks.push(task);
  return async () => {
    if (task.done) return;
    task.done = true;
    tasks.splice(tasks.indexOf(task), 1);
    await run();
  };
}

export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    for (const task of tasks.splice(0).reverse()) {
      if (task.done) continue;
      task.done = true;
      try {
        await task.run();
      } catch (error) {
        console.error(`bench: cleanup "${task.name}" failed: ${(error as Error).message}`);
        try {
          task.runSync?.();
        } catch {
          // Best effort.
        }
      }
    }
  })();
  return cleaning;
}

function cleanupSync(): void {
  for (const task of tasks.splice(0).reverse()) {
    if (task.done) continue;
    task.done = true;
    try {
      task.runSync?.();
    } catch {
      // Best effort: the process is leaving.
    }
  }
}

let installed = false;

/** Ctrl-C, SIGTERM, SIGHUP and crashes clean up before leaving. */
export function installCleanupHandlers(): void {
  if (installed) return;
  installed = true;
  let leaving = false;
  const leave = (code: number, why: string) => {
    // Stopping a database under a running query makes its client throw: that is not news.
    if (leaving) return;
    leaving = true;
    console.error(`\nbench: ${why}; stopping everything the benchmark started...`);
    const force = setTimeout(() => {
      cleanupSync();
      process.exit(code);
    }, 20_000);
    force.unref();
    void cleanupAll().finally(() => process.exit(code));
  };
  process.on("SIGINT", () => leave(130, "interrupted"));
  process.on("SIGTERM", () => leave(143, "terminated"));
  process.on("SIGHUP", () => leave(129, "hung up"));
  process.on("uncaughtException", (error) => {
    if (!leaving) console.error(error);
    leave(1, "crashed");
  });
  process.on("unhandledRejection", (error) => {
    if (!leaving) console.error(error);
    leave(1, "crashed");
  });
  process.on("exit", cleanupSync);
}

/** Sends SIGTERM to a child we started, waits, then SIGKILL. Only ever by the child's own pid. */
export async function stopChild(child: ChildProcess, timeoutMs = 10_000, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** Tracks a child so that it is stopped at cleanup; returns the undo step. */
export function trackChild(name: string, child: ChildProcess, options: { processGroup?: boolean } = {}): () => Promise<void> {
  const killSync = () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    try {
      // A detached child leads its own process group (npm and the node it runs): end the group we created.
      if (options.processGroup) process.kill(-child.pid, "SIGKILL");
      else child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  };
  return onCleanup(
    name,
    async () => {
      if (options.processGroup && child.pid && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // Already gone.
        }
        const timer = setTimeout(killSync, 10_000);
        await exited;
        clearTimeout(timer);
        return;
      }
      await stopChild(child);
    },
    killSync,
  );
}

/** A temporary folder removed at cleanup. */
export function trackDir(dir: string): () => Promise<void> {
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  return onCleanup(`remove ${dir}`, async () => remove(), remove);
}

/** Runs a command synchronously, for cleanup fallbacks. */
export function runSyncQuiet(command: string, args: string[]): void {
  spawnSync(command, args, { stdio: "ignore", timeout: 30_000 });
}
