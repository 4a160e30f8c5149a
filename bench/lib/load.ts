// Load from autocannon, on 127.0.0.1 only, bounded in time.
//
// Fixed rates: autocannon's own `overallRate` hands each connection a quota per second and lets it
// send that quota back to back as soon as the second starts, with every connection's second starting
// at the same moment; at 100 req/s that is a burst of 100 requests once a second, not 100 requests a
// second. So a fixed rate R is made of R autocannon instances of one connection each, each limited to
// one request a second (`overallRate: 1`) and started 1000/R ms after the previous one: one request
// every 1000/R ms, evenly spaced. A connection waits for its response before its next second, so
// while responses take under a second (they do, by far) the rate is met; the achieved rate is
// reported beside every figure so a shortfall would show.
//
// Latencies are recorded from every response as autocannon reports it (its own histogram keeps only
// 2xx and, with a rate, adds synthetic samples), so redirects (the add-evidence action's 302) count.
import autocannon, { type AutocannonInstance, type AutocannonOptions } from "autocannon";
import { percentile } from "./stats";

export interface Request {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Which statuses count as success; default 200 only. */
  ok?: (status: number) => boolean;
}

export interface LoadResult {
  /** Completed responses per second over the measured window. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  completed: number;
  /** Responses with an unexpected status, and connection errors: the run is not trusted. */
  failures: number;
  /** Requests with no answer within the timeout (an overloaded server): each counted in the
   *  percentiles as a latency of the timeout, a lower bound. */
  timeouts: number;
  statuses: Record<string, number>;
  seconds: number;
}

function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (host !== "127.0.0.1") throw new Error(`The benchmark only sends load to 127.0.0.1, not ${host}`);
}

const TIMEOUT_S = 10;

interface Collector {
  latencies: number[];
  statuses: Record<string, number>;
  failures: number;
  timeouts: number;
}

function attach(instance: AutocannonInstance, request: Request, into: Collector): void {
  const ok = request.ok ?? ((s: number) => s === 200);
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    into.latencies.push(ms);
    into.statuses[status] = (into.statuses[status] ?? 0) + 1;
    if (!ok(status)) into.failures++;
  });
}

function run(options: AutocannonOptions, request: Request, into: Collector): { done: Promise<void>; stop: () => void } {
  let instance: AutocannonInstance | undefined;
  const done = new Promise<void>((resolve, reject) => {
    instance = autocannon(options, (error, result) => {
      if (error) return reject(error);
      // autocannon counts a timeout as an error too.
      into.failures += result.errors - result.timeouts;
      into.timeouts += result.timeouts;
      for (let i = 0; i < result.timeouts; i++) into.latencies.push(TIMEOUT_S * 1000);
      resolve();
    });
    attach(instance, request, into);
  });
  return { done, stop: () => instance?.stop() };
}

function summarise(into: Collector, seconds: number): LoadResult {
  const answered = into.latencies.length - into.timeouts;
  return {
    rps: answered / seconds,
    p50: percentile(into.latencies, 50),
    p95: percentile(into.latencies, 95),
    p99: percentile(into.latencies, 99),
    max: into.latencies.length ? Math.max(...into.latencies) : Number.NaN,
    completed: answered,
    failures: into.failures,
    timeouts: into.timeouts,
    statuses: into.statuses,
    seconds,
  };
}

function base(request: Request): AutocannonOptions {
  assertLocal(request.url);
  return {
    url: request.url,
    method: request.method ?? "GET",
    headers: request.headers,
    body: request.body,
    timeout: TIMEOUT_S,
  };
}

/** As many requests as `connections` keep-alive connections can complete in `seconds`. */
export async function maxThroughput(request: Request, connections: number, seconds: number): Promise<LoadResult> {
  const into: Collector = { latencies: [], statuses: {}, failures: 0, timeouts: 0 };
  const started = performance.now();
  await run({ ...base(request), connections, duration: seconds }, request, into).done;
  return summarise(into, (performance.now() - started) / 1000);
}

/** `rate` requests a second, evenly spaced, for `seconds` (see the note at the top of the file). */
export async function fixedRate(request: Request, rate: number, seconds: number): Promise<LoadResult> {
  const into: Collector = { latencies: [], statuses: {}, failures: 0, timeouts: 0 };
  const spacing = 1000 / rate;
  const runs: Promise<void>[] = [];
  const stops: Array<() => void> = [];
  const started = performance.now();
  for (let i = 0; i < rate; i++) {
    const target = started + i * spacing;
    const wait = target - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const one = run({ ...base(request), connections: 1, overallRate: 1, duration: seconds }, request, into);
    runs.push(one.done);
    stops.push(one.stop);
  }
  try {
    await Promise.all(runs);
  } finally {
    for (const stop of stops) stop();
  }
  // Each instance sends about one request a second for `seconds`; the stagger only shifts them.
  return summarise(into, seconds);
}

/** A short unmeasured run so that the JIT, caches and connection pools are warm. */
export async function warmUp(request: Request, seconds = 1): Promise<void> {
  await maxThroughput(request, 4, seconds);
}
