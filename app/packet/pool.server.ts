// Packet export off the request thread: a lazily created piscina pool running worker.ts.
//
// The Remix server bundle (build/index.js) holds this module but not the worker, and import.meta.url points into
// build/ there, so the worker is found from the project root (process.cwd(), as `npm start` runs) and run as
// TypeScript through tsx's loader, which is a runtime dependency. Under vitest/tsx the same path works unchanged.
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import type { PacketInput } from "../domain/types";
import type { BuiltPacket } from "./build";
import type { PacketTaskResult } from "./worker";

let pool: Piscina | null = null;

function projectRoot(): string {
  return process.cwd();
}

/** tsx resolved from the project, as a file URL: a bare "tsx" would be resolved against the cwd anyway, but fail late and obscurely. */
function tsxLoaderUrl(root: string): string {
  const require = createRequire(join(root, "package.json"));
  try {
    return pathToFileURL(require.resolve("tsx")).href;
  } catch (cause) {
    throw new Error(`Packet export needs tsx installed and the server started from the project root (cwd is ${root})`, {
      cause,
    });
  }
}

function getPool(): Piscina {
  if (pool) return pool;
  const root = projectRoot();
  pool = new Piscina({
    filename: join(root, "app", "packet", "worker.ts"),
    execArgv: ["--import", tsxLoaderUrl(root)],
    // Leave a core for the request thread; one warm thread avoids paying tsx's start-up on every export.
    maxThreads: Math.max(1, availableParallelism() - 1),
    minThreads: 1,
    idleTimeout: 60_000,
  });
  return pool;
}

export async function exportPacket(input: PacketInput): Promise<BuiltPacket> {
  const { bytes, fingerprint } = (await getPool().run(input)) as PacketTaskResult;
  // A view over the transferred memory: no copy.
  return { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), fingerprint };
}

export async function closePacketPool(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.destroy();
}
