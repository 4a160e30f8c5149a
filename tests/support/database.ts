// A fresh, migrated database with the ladders from content/ loaded, for integration tests.
//
// With TEST_DATABASE_URL set (scripts/test.sh points it at a throwaway PostgreSQL cluster) every
// call creates its own uniquely named database on that server and drops it again in close();
// without it, every call gets an in-memory PGlite.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { loadLadders } from "../../app/lib/content.server";
import { openDatabase, type Database, type Db } from "../../app/lib/db.server";

export const MIGRATIONS_DIR = "db/migrations";
export const CONTENT_DIR = "content";

export interface TestDatabase {
  db: Db;
  database: Database;
  /** Closes the handle and, on a server, drops the database. Safe to call twice. */
  close(): Promise<void>;
}

/** The server tests run against, or undefined for PGlite. */
export function testServerUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url ? url : undefined;
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Creates an empty, uniquely named database on the server behind `serverUrl` (any database on
 *  it will do for the admin connection) and returns its URL and a drop() that removes it. */
export async function createScratchDatabase(serverUrl: string, prefix = "lp_test"): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
      try {
        // FORCE ends connections a test forgot to close (PostgreSQL 13+).
        await sql.unsafe(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const scratch = serverUrl ? await createScratchDatabase(serverUrl) : undefined;
  let database: Database;
  try {
    database = await openDatabase({
      databaseUrl: scratch?.url,
      pgliteDir: "memory://",
      migrationsDir: MIGRATIONS_DIR,
    });
  } catch (error) {
    await scratch?.drop().catch(() => {});
    throw error;
  }
  try {
    const problems = await loadLadders(database.db, CONTENT_DIR);
    if (problems.length > 0) throw new Error(`The ladders in ${CONTENT_DIR}/ did not load:\n${problems.join("\n")}`);
  } catch (error) {
    await database.close().catch(() => {});
    await scratch?.drop().catch(() => {});
    throw error;
  }
  let closed = false;
  return {
    db: database.db,
    database,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await database.close();
      } finally {
        await scratch?.drop();
      }
    },
  };
}
