import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "../../db/schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle: the same query API as Db. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, for messages (a directory or the server URL without password). */
  location: string;
  ping(): Promise<boolean>;
  /** Raw SQL for a library that brings its own (the job queue): text with $1.. parameters, or
   *  several statements without parameters. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  databaseUrl?: string;
  pgliteDir: string;
  migrationsDir: string;
}

export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dir} is in use by process ${pid}. ` +
        `Stop that process first (PGlite allows one process per data directory).`,
    );
    this.name = "DatabaseLockedError";
  }
}

const LOCK_FILE = "ladderproof.lock";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** PGlite takes no lock of its own; two processes on one directory corrupt it. */
export function acquireDirectoryLock(dir: string): () => void {
  const lockPath = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(lockPath, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(fs.readFileSync(lockPath, "utf8").trim(), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new DatabaseLockedError(path.resolve(dir), holder);
      }
      // A stale lock from a killed process (or our own pid reused): take it over.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${dir}`);
}

function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v);
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres";
  }
}

/** PGlite runs Postgres inside the server process, so its shared buffers are the server's resident
 *  memory. The default 128 MB made the server ~410 MB at rest; with 32 MB it is ~300 MB and the case
 *  pages of the benchmark (up to 1,600 items) are as fast: the operating system's file cache holds the
 *  rest (bench/, issue 7). */
export const PGLITE_SHARED_BUFFERS = "32MB";

export function pgliteStartParams(): string[] {
  return [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`];
}

/** PGlite has no autovacuum, so nothing gathers planner statistics: without them every query plans
 *  on guesses (and each simple query took about twice as long in the benchmark). Analyzes the tables
 *  that have grown by more than a fifth since they were last analyzed, or never were; returns their
 *  names. Cheap when nothing grew: one catalog query. */
export async function refreshPlannerStatistics(client: PGlite): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r'
       and pg_relation_size(c.oid) / current_setting('block_size')::int > greatest(c.relpages, 1) * 1.2
     order by c.relname`,
  );
  for (const { name } of rows) await client.query(`ANALYZE "${name.replace(/"/g, '""')}"`);
  return rows.map((r) => r.name);
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const migrationsFolder = path.resolve(config.migrationsDir);
  if (config.databaseUrl) {
    const client = postgres(config.databaseUrl, {
      max: 10,
      onnotice: () => {},
      // Fail fast while the server is down instead of queueing requests forever.
      connect_timeout: 5,
      idle_timeout: 60,
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder });
    return {
      db,
      kind: "postgres",
      location: redactUrl(config.databaseUrl),
      async executeSql(text, values = []) {
        // As node-postgres does: undefined is NULL, plain objects go as JSON. Statements without parameters may hold a
        // BEGIN ... COMMIT of their own, which postgres.js allows only on a connection of its own.
        if (values.length > 0) {
          const params = values.map((v) => (v === undefined ? null : isPlainObject(v) ? JSON.stringify(v) : v));
          return { rows: (await client.unsafe(text, params as never[])) as unknown as Record<string, unknown>[] };
        }
        const connection = await client.reserve();
        try {
          return { rows: (await connection.unsafe(text).simple()) as unknown as Record<string, unknown>[] };
        } finally {
          connection.release();
        }
      },
      async ping() {
        try {
          await client`select 1`;
          return true;
        } catch {
          return false;
        }
      },
      async close() {
        await client.end({ timeout: 2 });
      },
    };
  }

  const memory = config.pgliteDir.startsWith("memory://");
  let release = () => {};
  if (!memory) {
    fs.mkdirSync(config.pgliteDir, { recursive: true });
    release = acquireDirectoryLock(config.pgliteDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(memory ? undefined : path.resolve(config.pgliteDir), {
      startParams: pgliteStartParams(),
    });
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder });
    await refreshPlannerStatistics(client);
  } catch (error) {
    release();
    throw error;
  }
  let closed = false;
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: "pglite",
    location: memory ? config.pgliteDir : path.resolve(config.pgliteDir),
    async executeSql(text, values = []) {
      if (values.length > 0) return { rows: (await client.query<Record<string, unknown>>(text, values)).rows };
      const results = await client.exec(text);
      return { rows: (results[results.length - 1]?.rows ?? []) as Record<string, unknown>[] };
    },
    async ping() {
      try {
        await client.query("select 1");
        return !client.closed;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.query("CHECKPOINT");
        await client.close();
      } finally {
        release();
      }
    },
  };
}
