// Background work that must outlive a request and a restart, on the app's own database: pg-boss
// (a well-kept PostgreSQL job queue) over the same connection the app uses, so that it runs on PGlite
// as on PostgreSQL. Jobs are rows: a queued job waits for the next start; a job whose process died
// mid-run is failed when its time runs out and retried; on PostgreSQL every instance works the queue
// and SKIP LOCKED hands each job to one of them.
import PgBoss from "pg-boss";
import type { Database } from "./db.server";

export const JOB_SCHEMA = "pgboss";

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

export interface JobOptions {
  /** A running job not finished in this time is taken to have died with its process, and retried. */
  expireInSeconds: number;
  /** How often expired jobs are looked for. */
  maintenanceIntervalSeconds: number;
  pollingIntervalSeconds: number;
  retryLimit: number;
}

export const DEFAULT_JOB_OPTIONS: JobOptions = {
  expireInSeconds: 120,
  maintenanceIntervalSeconds: 30,
  pollingIntervalSeconds: 2,
  retryLimit: 3,
};

export interface JobQueue {
  send(name: string, data: Record<string, unknown>): Promise<string | null>;
  stop(): Promise<void>;
}

/** Starts the queue and, for each handler, a worker taking one job at a time. */
export async function startJobQueue(
  database: Database,
  handlers: Record<string, JobHandler>,
  options: Partial<JobOptions> = {},
): Promise<JobQueue> {
  const config = { ...DEFAULT_JOB_OPTIONS, ...options };
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
    schema: JOB_SCHEMA,
    maintenanceIntervalSeconds: config.maintenanceIntervalSeconds,
    schedule: false,
  });
  boss.on("error", (error: Error) => console.error(`Job queue: ${error.message}`));
  await boss.start();
  for (const [name, handle] of Object.entries(handlers)) {
    await boss.createQueue(name, {
      name,
      expireInSeconds: config.expireInSeconds,
      retryLimit: config.retryLimit,
      retryDelay: 1,
    });
    await boss.work<Record<string, unknown>>(name, { pollingIntervalSeconds: config.pollingIntervalSeconds, batchSize: 1 }, async (jobs) => {
      for (const job of jobs) await handle(job.data);
    });
  }
  return {
    send: (name, data) => boss.send(name, data),
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 3_000 });
    },
  };
}

// The server's queue, started at boot (entry.server) and used by routes to enqueue.
const holder = globalThis as typeof globalThis & { __ladderproofJobs?: Promise<JobQueue> };

export function setServerJobQueue(queue: Promise<JobQueue>): void {
  holder.__ladderproofJobs = queue;
}

export async function serverJobQueue(): Promise<JobQueue> {
  if (!holder.__ladderproofJobs) throw new Error("The job queue is not running in this process");
  return holder.__ladderproofJobs;
}

export async function stopServerJobQueue(): Promise<void> {
  const pending = holder.__ladderproofJobs;
  holder.__ladderproofJobs = undefined;
  await (await pending?.catch(() => null))?.stop();
}
