// Direct access to a server's database from a test, to check what the HTTP answers claim.
//
// PostgreSQL: a small pool, usable while the app runs. PGlite: one process per directory, so the
// directory is opened only while the server is stopped (TestApp.sql does the stop and restart);
// taking the directory lock first makes a forgotten running server an error, not a corruption.
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { acquireDirectoryLock } from "../../../app/lib/db.server";

export type Target = { kind: "pglite"; dir: string } | { kind: "postgres"; url: string };

export type Row = Record<string, unknown>;

export interface Sql {
  query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface OpenSql extends Sql {
  close(): Promise<void>;
}

export async function openSql(target: Target): Promise<OpenSql> {
  if (target.kind === "postgres") {
    const client = postgres(target.url, { max: 2, onnotice: () => {}, connect_timeout: 10 });
    return {
      async query<T extends Row = Row>(text: string, params: unknown[] = []) {
        return (await client.unsafe(text, params as never[])) as unknown as T[];
      },
      async close() {
        await client.end({ timeout: 5 });
      },
    };
  }
  const release = acquireDirectoryLock(target.dir);
  let pg: PGlite;
  try {
    pg = await PGlite.create(target.dir);
  } catch (error) {
    release();
    throw error;
  }
  return {
    async query<T extends Row = Row>(text: string, params: unknown[] = []) {
      return (await pg.query<T>(text, params)).rows;
    },
    async close() {
      try {
        await pg.query("CHECKPOINT");
        await pg.close();
      } finally {
        release();
      }
    },
  };
}

export interface TableState {
  rows: number;
  digest: string;
}

/** Every table of the app: its row count and a digest of every row's content. */
export type Snapshot = Record<string, TableState>;

// Columns left out of the digest: a session's expiry slides forward when it is used (at most once
// an hour), which is allowed on a GET; everything else about a session must stay put.
const IGNORED: Record<string, string[]> = { sessions: ["expires_at"] };
// Rows left out: a download (the case's JSON copy, a stored packet) is recorded in the case's
// history on the GET that serves it, on purpose (docs/SECURITY.md); nothing else may change.
const IGNORED_ROWS: Record<string, string> = { audit_events: "where action <> 'downloaded'" };

export async function snapshot(sql: Sql): Promise<Snapshot> {
  const tables = await sql.query<{ table_name: string }>(
    `select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const result: Snapshot = {};
  for (const { table_name: table } of tables) {
    const columns = await sql.query<{ column_name: string }>(
      `select column_name from information_schema.columns
        where table_schema = 'public' and table_name = $1 order by ordinal_position`,
      [table],
    );
    const kept = columns.map((c) => c.column_name).filter((c) => !(IGNORED[table] ?? []).includes(c));
    const list = kept.map((c) => `"${c}"`).join(", ");
    const [state] = await sql.query<{ rows: number; digest: string }>(
      `select count(*)::int as rows,
              coalesce(md5(string_agg(r::text, E'\\n' order by r::text)), '') as digest
         from (select ${list} from "${table}" ${IGNORED_ROWS[table] ?? ""}) r`,
    );
    result[table] = { rows: Number(state!.rows), digest: state!.digest };
  }
  return result;
}

/** The tables whose rows differ between two snapshots, with their counts: [] when nothing changed. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names
    .filter((t) => before[t]?.rows !== after[t]?.rows || before[t]?.digest !== after[t]?.digest)
    .map((t) => `${t}: ${before[t]?.rows ?? "none"} rows -> ${after[t]?.rows ?? "none"} rows${before[t]?.rows === after[t]?.rows ? " (content changed)" : ""}`);
}

/** Row counts only, for messages. */
export function counts(state: Snapshot): Record<string, number> {
  return Object.fromEntries(Object.entries(state).map(([t, s]) => [t, s.rows]));
}
