// `npm run bench`: the benchmark of issue 7. Seeds synthetic cases, starts the app on PGlite and on
// PostgreSQL, loads it with autocannon on 127.0.0.1, measures the rest in-process or in child
// processes, prints a table of every figure against its budget and writes bench/results.json.
//
//   npm run bench                 full mode: 40, 400 and 1,600 items; 10 s per measurement, 3 times
//   npm run bench -- --short      short mode (also BENCH_SHORT=1): 40 and 100 items, 1 s per
//                                 measurement, once; PGlite only unless TEST_DATABASE_URL or
//                                 DATABASE_URL names a PostgreSQL server. For CI: it cannot rot.
//   --seconds N / --repeats N     override the measurement length and the repetitions
//   --out FILE                    write the JSON elsewhere (default bench/results.json)
//   --strict                      exit 1 when a budget is missed (default: only on errors)
//   --only PARTS                  measure only these, comma-separated: analysis, page, exports,
//                                 writes, start, packet, js (default: all). For working on one figure.
//   --pglite-only                 skip PostgreSQL even in full mode
//
// PostgreSQL: with DATABASE_URL or TEST_DATABASE_URL set, a scratch database is created on that server
// (and dropped afterwards); otherwise, in full mode, a throwaway cluster is started with scripts/pg.sh.
// Everything started is stopped at the end, on failure and on Ctrl-C (bench/lib/cleanup.ts).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { analyseCase } from "../app/domain/gaps";
import { parseLadder } from "../app/domain/ladder";
import { checkCase } from "../app/domain/wording/case";
import { parseWordingRules } from "../app/domain/wording/rules-document";
import type { Ladder } from "../app/domain/types";
import { cleanupAll, installCleanupHandlers, trackChild, trackDir } from "./lib/cleanup";
import { fixedRate, maxThroughput, warmUp, type LoadResult, type Request } from "./lib/load";
import { machine, score, table, toJson, type Figure } from "./lib/report";
import { LADDER_SLUG, seedDatabase, type SeededDatabase } from "./lib/seed";
import {
  freePort,
  getPage,
  healthy,
  login,
  processMemory,
  ROOT,
  settle,
  scratchDatabase,
  startApp,
  startCeiling,
  startCluster,
  appEnv,
  type AppDatabase,
  type AppServer,
} from "./lib/servers";
import { median, percentile } from "./lib/stats";
import { CALIBRATION_DATE, evidenceFormBody, syntheticRecords } from "./lib/synthetic";

/* ---------- Settings ---------- */

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const SHORT = flag("--short") || process.env.BENCH_SHORT === "1";
const PARTS = ["analysis", "wording", "page", "exports", "writes", "start", "packet", "js"] as const;
type Part = (typeof PARTS)[number];
const ONLY = option("--only")?.split(",").map((p) => p.trim());
for (const p of ONLY ?? []) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only: unknown part "${p}" (parts: ${PARTS.join(", ")})`);
/** Whether this run measures `part` (all of them unless --only says otherwise). */
const want = (part: Part) => !ONLY || ONLY.includes(part);

const settings = SHORT
  ? {
      mode: "short" as const,
      pageSize: 100,
      packetSizes: [40, 100],
      seconds: 1,
      repeats: 1,
      analysisRuns: 50,
      wordingRuns: 20,
      packetRuns: 1,
      coldStarts: 1,
    }
  : {
      mode: "full" as const,
      pageSize: 400,
      packetSizes: [400, 1600],
      seconds: 10,
      repeats: 3,
      analysisRuns: 200,
      wordingRuns: 100,
      packetRuns: 3,
      coldStarts: 3,
    };
if (option("--seconds")) settings.seconds = Number(option("--seconds"));
if (option("--repeats")) settings.repeats = Number(option("--repeats"));
const SIZES = [...new Set([40, settings.pageSize, ...settings.packetSizes])].sort((a, b) => a - b);
const OUT = path.resolve(option("--out") ?? path.join(ROOT, "bench/results.json"));
const ANALYSIS_LINKS = 10_000;
const WORDING_ITEMS = 400;
const PAGE_RATE = 100;
const WRITE_RATE = 50;
const EXPORT_PAGE_RATE = 50;
const CONNECTIONS = 20;
const SHORT_NOTE = "short mode: smaller case";

const figures: Figure[] = [];
const notes: string[] = [];

function log(message: string): void {
  console.error(`bench: ${message}`);
}

function add(figure: Figure): void {
  if (SHORT && figure.budget && !figure.budgetNote && figure.detail?.sizeDependent) figure.budgetNote = SHORT_NOTE;
  figures.push(figure);
}

function failures(results: LoadResult[]): string | undefined {
  const bad = results.filter((r) => r.failures > 0);
  if (bad.length === 0) return undefined;
  return bad.map((r) => `${r.failures} failed of ${r.completed} (statuses ${JSON.stringify(r.statuses)})`).join("; ");
}

async function repeat<T>(times: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < times; i++) out.push(await fn(i));
  return out;
}

/* ---------- The build: a private copy, so a rebuild elsewhere cannot change it mid-run ---------- */

/** The sources the app is built from: this checkout, or `--source DIR` (another copy of the project,
 *  such as `git archive` of an older commit, to measure "before"). */
const SOURCE = path.resolve(option("--source") ?? ROOT);
const COPIED = ["app", "db", "content", "scripts", "public", "package.json", "remix.config.js", "tsconfig.json", "remix.env.d.ts"];

/** A copy of the sources with node_modules linked, built there with `remix build`: the servers, the
 *  cold start and the packet worker all run from it, and nothing in the checkout is written. */
async function prepareCopy(work: string): Promise<string> {
  const copy = path.join(work, "app-copy");
  fs.mkdirSync(copy, { recursive: true });
  for (const name of COPIED) {
    const from = path.join(SOURCE, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(copy, name), { recursive: true });
  }
  fs.rmSync(path.join(copy, "public/build"), { recursive: true, force: true });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
  log(`building a private copy of ${SOURCE === ROOT ? "the checkout" : SOURCE}`);
  const child = spawn(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], {
    cwd: copy,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const stop = trackChild("remix build", child);
  let errors = "";
  child.stderr!.setEncoding("utf8").on("data", (c: string) => (errors += c));
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  await stop();
  if (code !== 0) throw new Error(`remix build failed (exit ${code}):\n${errors}`);
  return copy;
}

/* ---------- 3. Gap analysis alone ---------- */

function measureAnalysis(ladder: Ladder): void {
  const records = syntheticRecords(ladder, ANALYSIS_LINKS / 2);
  const links = records.reduce((n, r) => n + r.supports.length, 0);
  const input = { ladder, evidence: records, marks: [], asOf: CALIBRATION_DATE };
  for (let i = 0; i < 20; i++) analyseCase(input);
  const times: number[] = [];
  for (let i = 0; i < settings.analysisRuns; i++) {
    const started = performance.now();
    analyseCase(input);
    times.push(performance.now() - started);
  }
  // One figure per batch of runs, so the spread shows batch-to-batch noise.
  const batches = Math.max(1, settings.repeats);
  const size = Math.floor(times.length / batches);
  const runs = Array.from({ length: batches }, (_, b) => median(times.slice(b * size, (b + 1) * size)));
  add({
    id: "analysis.ms",
    item: 3,
    label: `Gap analysis of ${links.toLocaleString("en-GB")} links (${records.length.toLocaleString("en-GB")} items), median of ${times.length}`,
    unit: "ms",
    runs,
    budget: { max: 10 },
    detail: { p95: percentile(times, 95), items: records.length, links },
  });
}

/* ---------- Wording checks of a whole case ---------- */

// Phrases a real draft might hold, worked into some items so that the rules have findings to report
// (the synthetic items are clean, specific write-ups).
const DRAFT_PHRASES = [
  " She is hard-working and a true rockstar.",
  " We migrated the rest of the services afterwards.",
  " While she has not yet led a hiring loop, she might be able to.",
  " Some peers find her abrasive in reviews.",
  " It made a big difference.",
];

function measureWording(ladder: Ladder): void {
  const loaded = parseWordingRules(fs.readFileSync(path.join(ROOT, "content", "wording", "rules.yaml"), "utf8"));
  if (!loaded.ok) throw new Error("The wording rules document does not parse");
  const records = syntheticRecords(ladder, WORDING_ITEMS).map((r, i) =>
    i % 3 === 0 ? { ...r, whatHappened: r.whatHappened + DRAFT_PHRASES[i % DRAFT_PHRASES.length]! } : r,
  );
  const texts = {
    summary: "The strongest evidence is in cross-team initiatives. She is somewhat less proven on strategy.",
    recommendation: "I recommend her for promotion: a brilliant engineer whose work had a big impact.",
    evidence: records,
  };
  let findings = 0;
  for (let i = 0; i < 5; i++) findings = checkCase(texts, loaded.rules).length;
  const times: number[] = [];
  for (let i = 0; i < settings.wordingRuns; i++) {
    const started = performance.now();
    checkCase(texts, loaded.rules);
    times.push(performance.now() - started);
  }
  const batches = Math.max(1, settings.repeats);
  const size = Math.floor(times.length / batches);
  const runs = Array.from({ length: batches }, (_, b) => median(times.slice(b * size, (b + 1) * size)));
  add({
    id: "wording.ms",
    item: 3,
    label: `Wording checks of a ${records.length}-item case (every field, summary, recommendation), median of ${times.length}`,
    unit: "ms",
    runs,
    budget: { max: 50 },
    detail: { p95: percentile(times, 95), items: records.length, findings },
  });
}

/* ---------- Against a running server ---------- */

interface Session {
  server: AppServer;
  owner: string;
  coOwner: string;
}

function caseUrl(server: AppServer, caseId: string): string {
  return `${server.url}/cases/${caseId}`;
}

async function exportLoops(
  server: AppServer,
  caseId: string,
  cookies: string[],
): Promise<{ stop: () => Promise<{ completed: number; failed: number; ms: number[] }> }> {
  let running = true;
  const ms: number[] = [];
  let failed = 0;
  const loop = async (cookie: string) => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(`${caseUrl(server, caseId)}/packets`, {
          method: "POST",
          redirect: "manual",
          headers: { Cookie: cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
          body: "",
        });
        await response.arrayBuffer();
        if (response.status === 302 || response.status === 303) ms.push(performance.now() - started);
        else failed++;
      } catch {
        failed++;
      }
    }
  };
  // Two at a time per person (the app's limit): the owner twice and the co-owner twice.
  const loops = cookies.flatMap((c) => [loop(c), loop(c)]);
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { completed: ms.length, failed, ms };
    },
  };
}

async function measureServer(
  label: "PGlite" | "PostgreSQL",
  session: Session,
  seeded: SeededDatabase,
  captured: { html?: string },
): Promise<void> {
  const { server, owner } = session;
  const pageCase = seeded.cases.get(settings.pageSize)!;
  const page: Request = { url: caseUrl(server, pageCase), headers: { Cookie: owner } };
  const floor: Request = { url: `${server.url}/account`, headers: { Cookie: owner } };

  // Every run starts on an idle server, whatever the previous one left queued.
  const fixed_ = async (r: Request, rate: number) => {
    await settle(server.url);
    return fixedRate(r, rate, settings.seconds);
  };
  const max_ = async (r: Request) => {
    await settle(server.url);
    return maxThroughput(r, CONNECTIONS, settings.seconds);
  };

  const first = await getPage(page.url, owner);
  if (first.status !== 200 || !first.html.includes(`Candidate with ${settings.pageSize} items`)) {
    throw new Error(`The case page did not render (HTTP ${first.status})`);
  }
  const floorPage = await getPage(floor.url, owner);
  if (floorPage.status !== 200) throw new Error(`/account answered ${floorPage.status}`);
  captured.html ??= first.html;
  const htmlFile = path.join(workDir, "case-page.html");
  if (!fs.existsSync(htmlFile)) fs.writeFileSync(htmlFile, first.html);

  log(`${label}: case page (${settings.pageSize} items, ${Math.round(first.html.length / 1024)} KB of HTML), warming up`);
  await warmUp(page, SHORT ? 0.5 : 2);
  await warmUp(floor, SHORT ? 0.5 : 1);

  const sizeDependent = true;
  if (want("page")) {
    // 1. Fixed rate: latency.
    const fixed = await repeat(settings.repeats, async (i) => {
      log(`${label}: case page at ${PAGE_RATE} req/s (${i + 1}/${settings.repeats})`);
      return fixed_(page, PAGE_RATE);
    });
    for (const [key, name, budget] of [
      ["p50", "p50", undefined],
      ["p95", "p95", label === "PGlite" ? 60 : 50],
      ["p99", "p99", undefined],
    ] as const) {
      add({
        id: `casePage.fixedRate.${key}`,
        item: 1,
        label: `Case page (${settings.pageSize} items) at ${PAGE_RATE} req/s: ${name}`,
        database: label,
        unit: "ms",
        runs: fixed.map((r) => r[key]),
        budget: budget === undefined ? undefined : { max: budget },
        error: failures(fixed),
        detail: {
          sizeDependent,
          achievedRps: fixed.map((r) => r.rps),
          completed: fixed.map((r) => r.completed),
          timeouts: fixed.map((r) => r.timeouts),
        },
      });
    }

    // 1. Throughput at 20 connections, with the floor and the ceiling measured in the same round.
    const ceiling = await startCeiling(htmlFile);
    const ceilingReq: Request = { url: ceiling.url };
    await warmUp(ceilingReq, SHORT ? 0.5 : 1);
    const rounds = await repeat(settings.repeats, async (i) => {
      log(`${label}: throughput at ${CONNECTIONS} connections: case page, floor, ceiling (${i + 1}/${settings.repeats})`);
      const pageMax = await max_(page);
      const floorMax = await max_(floor);
      const ceilingMax = await max_(ceilingReq);
      return { pageMax, floorMax, ceilingMax };
    });
    await ceiling.stop();
    const pageError = failures(rounds.map((r) => r.pageMax));
    const floorError = failures(rounds.map((r) => r.floorMax));
    const ceilingError = failures(rounds.map((r) => r.ceilingMax));
    add({
      id: "casePage.max.rps",
      item: 1,
      label: `Case page (${settings.pageSize} items), most req/s at ${CONNECTIONS} connections`,
      database: label,
      unit: "req/s",
      runs: rounds.map((r) => r.pageMax.rps),
      error: pageError,
      detail: { p95: rounds.map((r) => r.pageMax.p95) },
    });
    add({
      id: "floor.max.rps",
      item: 1,
      label: `Stack's floor (/account, signed in), most req/s at ${CONNECTIONS} connections`,
      database: label,
      unit: "req/s",
      runs: rounds.map((r) => r.floorMax.rps),
      error: floorError,
    });
    add({
      id: "ceiling.max.rps",
      item: 1,
      label: `Machine's ceiling (node:http, the page's bytes), most req/s at ${CONNECTIONS} connections`,
      database: label,
      unit: "req/s",
      runs: rounds.map((r) => r.ceilingMax.rps),
      error: ceilingError,
    });
    add({
      id: "casePage.max.ratioToFloor",
      item: 1,
      label: "Case page throughput ÷ floor's (same round)",
      database: label,
      unit: "ratio",
      runs: rounds.map((r) => r.pageMax.rps / r.floorMax.rps),
      budget: { min: 0.5 },
      error: pageError ?? floorError,
      detail: { sizeDependent },
    });
    add({
      id: "casePage.max.ratioToCeiling",
      item: 1,
      label: "Case page throughput ÷ ceiling's (same round)",
      database: label,
      unit: "ratio",
      runs: rounds.map((r) => r.pageMax.rps / r.ceilingMax.rps),
      error: pageError ?? ceilingError,
    });
  }

  if (want("exports")) {
    // 5. The case page at 50 req/s at rest, then while four exports of the biggest case run.
    const exportCase = seeded.cases.get(Math.max(...settings.packetSizes))!;
    log(`${label}: one export to warm the packet worker`);
    {
      const warm = await exportLoops(server, exportCase, [owner]);
      await new Promise((r) => setTimeout(r, 50));
      const done = await warm.stop();
      if (done.failed > 0 || done.completed === 0) throw new Error("The warm-up export failed");
    }
    const duringExports = await repeat(settings.repeats, async (i) => {
      log(`${label}: case page at ${EXPORT_PAGE_RATE} req/s at rest, then during four exports (${i + 1}/${settings.repeats})`);
      const rest = await fixed_(page, EXPORT_PAGE_RATE);
      const loops = await exportLoops(server, exportCase, [owner, session.coOwner]);
      // Let the four exports get going before measuring.
      await new Promise((r) => setTimeout(r, 300));
      const busy = await fixedRate(page, EXPORT_PAGE_RATE, settings.seconds);
      const exports = await loops.stop();
      return { rest, busy, exports };
    });
    const exportErrors = duringExports.filter((r) => r.exports.failed > 0);
    add({
      id: "exports.casePage.p95.rest",
      item: 5,
      label: `Case page at ${EXPORT_PAGE_RATE} req/s at rest: p95`,
      database: label,
      unit: "ms",
      runs: duringExports.map((r) => r.rest.p95),
      error: failures(duringExports.map((r) => r.rest)),
      detail: { timeouts: duringExports.map((r) => r.rest.timeouts) },
    });
    add({
      id: "exports.casePage.p95.busy",
      item: 5,
      label: `Case page at ${EXPORT_PAGE_RATE} req/s during 4 exports (${Math.max(...settings.packetSizes)} items): p95`,
      database: label,
      unit: "ms",
      runs: duringExports.map((r) => r.busy.p95),
      error: failures(duringExports.map((r) => r.busy)),
      detail: {
        timeouts: duringExports.map((r) => r.busy.timeouts),
        exportsCompleted: duringExports.map((r) => r.exports.completed),
        exportMedianMs: duringExports.map((r) => median(r.exports.ms)),
      },
    });
    add({
      id: "exports.casePage.p95.rise",
      item: 5,
      label: "Rise of that p95 during the exports",
      database: label,
      unit: "ms",
      runs: duringExports.map((r) => r.busy.p95 - r.rest.p95),
      budget: { max: 20 },
      error:
        failures(duringExports.flatMap((r) => [r.rest, r.busy])) ??
        (exportErrors.length ? `${exportErrors.reduce((n, r) => n + r.exports.failed, 0)} exports failed` : undefined),
      detail: { sizeDependent },
    });
    add({
      id: "exports.httpMs",
      item: 5,
      label: "One export over HTTP while four run (POST to redirect), median",
      database: label,
      unit: "ms",
      runs: duringExports.map((r) => median(r.exports.ms)),
      detail: { completed: duringExports.map((r) => r.exports.completed) },
    });
  }

  if (want("writes")) {
    // 2. Add evidence (the budget is for PostgreSQL; on PGlite it is shown for comparison).
    const write: Request = {
      url: `${caseUrl(server, seeded.writesCaseId)}/evidence/new`,
      method: "POST",
      headers: {
        Cookie: owner,
        Origin: server.url,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: evidenceFormBody(seeded.ladder),
      ok: (s) => s === 302 || s === 303,
    };
    {
      const probe = await fetch(write.url, { method: "POST", redirect: "manual", headers: write.headers, body: write.body });
      await probe.arrayBuffer();
      if (!write.ok!(probe.status)) throw new Error(`Adding evidence answered ${probe.status}, not a redirect`);
    }
    await warmUp(write, SHORT ? 0.5 : 1);
    const writes = await repeat(settings.repeats, async (i) => {
      log(`${label}: add evidence at ${WRITE_RATE} req/s, then at ${CONNECTIONS} connections (${i + 1}/${settings.repeats})`);
      const fixedWrite = await fixed_(write, WRITE_RATE);
      const maxWrite = await max_(write);
      return { fixedWrite, maxWrite };
    });
    const writeNote = label === "PGlite" ? "budget is for PostgreSQL" : undefined;
    add({
      id: "addEvidence.fixedRate.p95",
      item: 2,
      label: `Add evidence at ${WRITE_RATE} req/s: p95`,
      database: label,
      unit: "ms",
      runs: writes.map((w) => w.fixedWrite.p95),
      budget: { max: 60 },
      budgetNote: writeNote,
      error: failures(writes.map((w) => w.fixedWrite)),
      detail: { p50: writes.map((w) => w.fixedWrite.p50), p99: writes.map((w) => w.fixedWrite.p99), achievedRps: writes.map((w) => w.fixedWrite.rps) },
    });
    add({
      id: "addEvidence.max.rps",
      item: 2,
      label: `Add evidence, most req/s at ${CONNECTIONS} connections`,
      database: label,
      unit: "req/s",
      runs: writes.map((w) => w.maxWrite.rps),
      error: failures(writes.map((w) => w.maxWrite)),
      detail: { p95: writes.map((w) => w.maxWrite.p95) },
    });
  }

  const memory = processMemory(server.pid);
  if (memory) {
    add({
      id: "server.rssAfterLoad",
      item: 6,
      label: "Server resident memory after all of the above (peak in detail)",
      database: label,
      unit: "MB",
      runs: [memory.rssMb],
      detail: { peakMb: memory.hwmMb },
    });
  }
}

/* ---------- 6. Cold start and memory at rest ---------- */

async function measureColdStart(copy: string, pgliteDir: string, seeded: SeededDatabase): Promise<void> {
  const starts: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < settings.coldStarts; i++) {
    log(`cold start ${i + 1}/${settings.coldStarts}: node scripts/start.mjs on the embedded database`);
    // start.mjs rebuilds when the sources look newer than the build: the copy is the build to use.
    const now = new Date();
    fs.utimesSync(path.join(copy, "build/index.js"), now, now);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const started = performance.now();
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: copy,
      env: appEnv({ pgliteDir }, port),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stop = trackChild("cold-start server", child);
    let output = "";
    child.stdout!.setEncoding("utf8").on("data", (c: string) => (output += c));
    child.stderr!.setEncoding("utf8").on("data", (c: string) => (output += c));
    try {
      while (!(await healthy(url))) {
        if (child.exitCode !== null) throw new Error(`start.mjs exited (${child.exitCode}):\n${output}`);
        if (performance.now() - started > 60_000) throw new Error(`start.mjs was not healthy after 60 s:\n${output}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      starts.push(performance.now() - started);
      if (/Building Ladderproof/.test(output)) throw new Error("start.mjs rebuilt: the cold start would include a build");
      // A few requests, as someone opening the app would make, then rest.
      const cookie = await login(url, seeded.manager.email, seeded.manager.password);
      for (const p of ["/cases", `/cases/${seeded.cases.get(settings.pageSize)}`, "/account", `/cases/${seeded.cases.get(40)}`]) {
        const r = await getPage(`${url}${p}`, cookie);
        if (r.status !== 200) throw new Error(`${p} answered ${r.status} after the cold start`);
      }
      await new Promise((r) => setTimeout(r, SHORT ? 1000 : 3000));
      const memory = processMemory(child.pid!);
      if (memory) rss.push(memory.rssMb);
    } finally {
      await stop();
    }
  }
  add({
    id: "coldStart.ms",
    item: 6,
    label: "Cold start: spawn `node scripts/start.mjs` (built) to first 200 on /healthz, PGlite",
    database: "PGlite",
    unit: "ms",
    runs: starts,
    budget: { max: 2000 },
  });
  add({
    id: "rssAtRest.mb",
    item: 6,
    label: "Server resident memory at rest (after start and a few pages), PGlite",
    database: "PGlite",
    unit: "MB",
    runs: rss,
    budget: { max: 350 },
  });

  // The same through npm, once (full mode): `npm start` adds npm's own start-up to the figure above.
  if (SHORT) return;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const now = new Date();
  fs.utimesSync(path.join(copy, "build/index.js"), now, now);
  const started = performance.now();
  const child = spawn("npm", ["start", "--silent"], {
    cwd: copy,
    env: { ...appEnv({ pgliteDir }, port), npm_config_update_notifier: "false" },
    stdio: "ignore",
    detached: true,
  });
  const stop = trackChild("npm start", child, { processGroup: true });
  try {
    while (!(await healthy(url))) {
      if (child.exitCode !== null) throw new Error("npm start exited");
      if (performance.now() - started > 60_000) throw new Error("npm start was not healthy after 60 s");
      await new Promise((r) => setTimeout(r, 10));
    }
    add({
      id: "coldStart.npmStart.ms",
      item: 6,
      label: "Cold start through `npm start` (npm's own start-up included), once",
      database: "PGlite",
      unit: "ms",
      runs: [performance.now() - started],
    });
  } finally {
    await stop();
  }
}

/* ---------- 4. Packets, in child processes ---------- */

async function measurePackets(copy: string, packetDir: string): Promise<void> {
  for (const size of settings.packetSizes) {
    log(`packet export of the ${size}-item case (child process)`);
    const child = spawn(
      process.execPath,
      [
        "--expose-gc",
        "--import",
        "tsx",
        path.join(ROOT, "bench/packet-child.ts"),
        path.join(packetDir, `packet-${size}.json`),
        String(settings.packetRuns),
      ],
      { cwd: copy, stdio: ["ignore", "pipe", "inherit"] },
    );
    const stop = trackChild("packet child", child);
    let output = "";
    child.stdout!.setEncoding("utf8").on("data", (c: string) => (output += c));
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    await stop();
    if (code !== 0) throw new Error(`The packet child failed (exit ${code})`);
    const result = JSON.parse(output.trim().split("\n").pop()!) as {
      export: { runs: { ms: number; growthMb: number; bytes: number }[]; warmUp: { ms: number; growthMb: number } };
      build: { runs: { ms: number; growthMb: number }[] };
      maxRssMb: number;
    };
    const budgetMs = size >= 1600 ? 800 : 250;
    const packetBudgetNote = SHORT ? SHORT_NOTE : undefined;
    add({
      id: `packet.${size}.ms`,
      item: 4,
      label: `Packet export, ${size} items (exportPacket, warm worker): time`,
      unit: "ms",
      runs: result.export.runs.map((r) => r.ms),
      budget: { max: SHORT ? 250 : budgetMs },
      budgetNote: packetBudgetNote,
      detail: { bytes: result.export.runs[0]?.bytes, coldMs: result.export.warmUp.ms },
    });
    add({
      id: `packet.${size}.growthMb`,
      item: 4,
      label: `Packet export, ${size} items: peak memory growth`,
      unit: "MB",
      runs: result.export.runs.map((r) => r.growthMb),
      budget: { max: 200 },
      budgetNote: packetBudgetNote,
      detail: { coldGrowthMb: result.export.warmUp.growthMb, childMaxRssMb: result.maxRssMb },
    });
    add({
      id: `packet.${size}.buildOnThread.ms`,
      item: 4,
      label: `Packet build alone on the calling thread, ${size} items (for comparison)`,
      unit: "ms",
      runs: result.build.runs.map((r) => r.ms),
      detail: { growthMb: result.build.runs.map((r) => r.growthMb) },
    });
  }
}

/* ---------- 7. Client JavaScript ---------- */

function measureClientJs(copy: string, html: string): void {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]*href="([^"]+)"/g)) urls.add(m[1]!);
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) urls.add(m[1]!);
  for (const m of html.matchAll(/import\s*(?:[^"']*from\s*)?["'](\/build\/[^"']+\.js)["']/g)) urls.add(m[1]!);
  let raw = 0;
  let gzipped = 0;
  const files: Record<string, number> = {};
  for (const url of urls) {
    if (!url.startsWith("/build/")) continue;
    const bytes = fs.readFileSync(path.join(copy, "public", url));
    const gz = zlib.gzipSync(bytes).length;
    raw += bytes.length;
    gzipped += gz;
    files[url] = gz;
  }
  if (urls.size === 0) {
    add({ id: "clientJs.kb", item: 7, label: "Client JavaScript", unit: "KB", runs: [], error: "no scripts found in the page" });
    return;
  }
  add({
    id: "clientJs.kb",
    item: 7,
    label: `Client JavaScript for the case page, gzipped (${urls.size} files)`,
    unit: "KB",
    runs: [gzipped / 1024],
    budget: { max: 150 },
    detail: { rawKb: raw / 1024, filesGzipBytes: files },
  });
}

/* ---------- Main ---------- */

let workDir = "";

async function main(): Promise<void> {
  installCleanupHandlers();
  const startedAt = new Date();
  const machineInfo = machine();
  log(`${settings.mode} mode: ${settings.seconds} s per measurement, ${settings.repeats}x; sizes ${SIZES.join(", ")}`);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "ladderproof-bench-"));
  trackDir(workDir);
  const copy = await prepareCopy(workDir);

  const ladderSource = fs.readFileSync(path.join(ROOT, "content", `${LADDER_SLUG}.md`), "utf8");
  const parsed = parseLadder(ladderSource);
  if (!parsed.ok) throw new Error("The benchmark ladder does not parse");
  if (want("analysis")) {
    log("gap analysis (in-process)");
    measureAnalysis(parsed.ladder);
  }
  if (want("wording")) {
    log("wording checks (in-process)");
    measureWording(parsed.ladder);
  }

  const targets: { label: "PGlite" | "PostgreSQL"; database: () => Promise<AppDatabase> }[] = [
    { label: "PGlite", database: async () => ({ pgliteDir: path.join(workDir, "pglite") }) },
  ];
  const serverUrl = process.env.TEST_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim();
  if ((serverUrl || !SHORT) && !flag("--pglite-only")) {
    targets.push({
      label: "PostgreSQL",
      database: async () => ({ databaseUrl: await scratchDatabase(serverUrl || (await startCluster())) }),
    });
  } else {
    notes.push("Short mode without TEST_DATABASE_URL or DATABASE_URL: PostgreSQL figures were not measured.");
  }

  const captured: { html?: string } = {};
  let pgliteSeed: { dir: string; seeded: SeededDatabase } | null = null;
  const packetDir = path.join(workDir, "packets");
  for (const target of targets) {
    const database = await target.database();
    log(`${target.label}: seeding ${SIZES.join(" + ")} items`);
    const seeded = await seedDatabase(database, {
      sizes: SIZES,
      packetSizes: target.label === "PGlite" ? settings.packetSizes : [],
      packetDir,
    });
    log(`${target.label}: seeded ${seeded.items} items in ${seeded.seconds.toFixed(1)} s`);
    if (target.label === "PGlite") pgliteSeed = { dir: database.pgliteDir!, seeded };
    const server = await startApp(copy, database, { name: `app server (${target.label})` });
    try {
      const owner = await login(server.url, seeded.manager.email, seeded.manager.password);
      const coOwner = await login(server.url, seeded.coManager.email, seeded.coManager.password);
      await measureServer(target.label, { server, owner, coOwner }, seeded, captured);
    } finally {
      await server.stop();
    }
  }

  if (pgliteSeed && want("start")) await measureColdStart(copy, pgliteSeed.dir, pgliteSeed.seeded);
  if (want("packet")) await measurePackets(copy, packetDir);
  if (captured.html && want("js")) measureClientJs(copy, captured.html);

  const scored = figures.map(score).sort((a, b) => a.item - b.item);
  console.log("");
  console.log(`Ladderproof benchmark, ${settings.mode} mode, ${startedAt.toISOString()}`);
  console.log(
    `${machineInfo.cores} cores (${machineInfo.cpuModel}), ${machineInfo.memoryGb} GB, Node ${machineInfo.node}; ` +
      `load average at start ${machineInfo.loadAverageAtStart.join(" ")}`,
  );
  console.log(`Each figure: median of ${settings.repeats} run(s) of ${settings.seconds} s (load) or of the runs shown.`);
  console.log("");
  console.log(table(scored));
  for (const note of notes) console.log(`\nNote: ${note}`);
  const missed = scored.filter((f) => f.verdict === "MISS");
  const errors = scored.filter((f) => f.verdict === "ERROR");
  console.log(
    `\n${scored.filter((f) => f.verdict === "PASS").length} within budget, ${missed.length} missed, ${errors.length} errors.`,
  );
  for (const f of errors) console.log(`ERROR ${f.label}${f.database ? ` (${f.database})` : ""}: ${f.error ?? "no value"}`);

  const results = {
    date: startedAt.toISOString(),
    finished: new Date().toISOString(),
    mode: settings.mode,
    machine: { ...machineInfo, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    settings: { ...settings, sizes: SIZES, pageRate: PAGE_RATE, writeRate: WRITE_RATE, exportPageRate: EXPORT_PAGE_RATE, connections: CONNECTIONS },
    notes,
    figures: scored.map(toJson),
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), OUT) || OUT}`);
  process.exitCode = errors.length > 0 || (flag("--strict") && missed.length > 0) ? 1 : 0;
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
} finally {
  await cleanupAll();
}
