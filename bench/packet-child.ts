// Packet export time and peak memory, measured in a process of its own so that nothing else the
// benchmark holds shows up in its memory.
//
//   node --expose-gc --import tsx bench/packet-child.ts INPUT.json RUNS   (run from the project to measure)
//
// INPUT.json is a PacketInput (the benchmark writes one per case size from the seeded database). The
// packet code is the one under the working directory (the benchmark's private copy), as the server's is.
// Two ways are timed, each after one unmeasured warm-up:
//   export  exportPacket(), the app's own path: the piscina worker thread builds the document and
//           hands the bytes back (what POST /cases/:id/packets waits for between reading the case and
//           storing the file);
//   build   buildPacket() on the calling thread, for comparison.
// Memory: the process's resident set size is sampled every 2 ms from a separate thread (the build
// blocks the thread it runs on), and the growth is the peak during a run minus the size just before it,
// after a garbage collection. Prints one JSON object on stdout.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PacketInput } from "../app/domain/types";

const fromApp = (file: string) => import(pathToFileURL(path.join(process.cwd(), "app/packet", file)).href);
const { buildPacket } = (await fromApp("build.ts")) as typeof import("../app/packet/build");
const { closePacketPool, exportPacket } = (await fromApp("pool.server.ts")) as typeof import("../app/packet/pool.server");

const [file, runsArg] = process.argv.slice(2);
if (!file) throw new Error("usage: packet-child.ts INPUT.json RUNS");
const runs = Number(runsArg ?? 3);
const input = JSON.parse(fs.readFileSync(file, "utf8")) as PacketInput;

// Peak RSS in kB, written by the sampler thread, reset by this one.
const peak = new Int32Array(new SharedArrayBuffer(4));
const sampler = new Worker(
  `const { workerData } = require("node:worker_threads");
   const peak = new Int32Array(workerData);
   setInterval(() => {
     const kb = Math.round(process.memoryUsage.rss() / 1024);
     if (kb > Atomics.load(peak, 0)) Atomics.store(peak, 0, kb);
   }, 2);`,
  { eval: true, workerData: peak.buffer },
);
sampler.unref();

const gc = (globalThis as { gc?: () => void }).gc;
const rssKb = () => Math.round(process.memoryUsage.rss() / 1024);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Run {
  ms: number;
  growthMb: number;
  bytes: number;
}

async function measure(work: () => Promise<{ buffer: Uint8Array }>): Promise<Run> {
  gc?.();
  await sleep(30);
  const before = rssKb();
  Atomics.store(peak, 0, before);
  const started = performance.now();
  const { buffer } = await work();
  const ms = performance.now() - started;
  await sleep(10);
  const top = Math.max(Atomics.load(peak, 0), rssKb());
  return { ms, growthMb: (top - before) / 1024, bytes: buffer.byteLength };
}

async function series(work: () => Promise<{ buffer: Uint8Array }>) {
  const warm = await measure(work);
  const measured: Run[] = [];
  for (let i = 0; i < runs; i++) measured.push(await measure(work));
  return { warmUp: warm, runs: measured };
}

const result = {
  items: input.evidence.length,
  export: await series(() => exportPacket(input)),
  build: await series(() => buildPacket(input)),
  maxRssMb: process.resourceUsage().maxRSS / 1024,
};
await closePacketPool();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
