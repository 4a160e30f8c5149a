// Backups of the embedded database (PGlite). A backup is PGlite's own archive of the data
// directory (a gzipped tar, `dumpDataDir`), taken between two transactions, so it is a consistent
// copy whatever the app is doing. Three ways to make one:
//
//   - from the running server: an administrator's POST /admin/backup/download (the Backup page,
//     or `npm run -s cli -- backup --out FILE --server URL --email ADMIN --password-stdin`);
//   - from a stopped server: `npm run -s cli -- backup --out FILE` opens the directory itself;
//   - `npm run -s cli -- restore --from FILE` puts one back, with the server stopped.
//
// PostgreSQL installations use pg_dump and pg_restore instead (docs/SECURITY.md).
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { acquireDirectoryLock, type Database } from "./db.server";

export const BACKUP_CONTENT_TYPE = "application/gzip";

// The directory lock of db.server.ts: inside the data directory, so it is part of the archive and
// must not come back to life in a restored directory.
const LOCK_FILE = "ladderproof.lock";

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

export interface DatabaseSummary {
  people: number;
  cases: number;
  evidence: number;
  packets: number;
  auditEvents: number;
}

export function backupFileName(now = new Date()): string {
  return `ladderproof-backup-${now.toISOString().slice(0, 19).replace(/:/g, "-")}.tar.gz`;
}

export function describeSummary(s: DatabaseSummary): string {
  return `${s.people} people, ${s.cases} cases, ${s.evidence} evidence items, ${s.packets} packets, ${s.auditEvents} history entries`;
}

/** The archive of an open PGlite. One transaction at a time runs in PGlite: holding one while the
 *  archive is written keeps every other transaction out, so none is half-way through in the copy.
 *  The checkpoint first leaves little write-ahead log to replay when the copy is opened. */
async function dump(client: PGlite): Promise<Uint8Array> {
  const file = await client.transaction(async (tx) => {
    await tx.exec("CHECKPOINT");
    return client.dumpDataDir("gzip");
  });
  return new Uint8Array(await file.arrayBuffer());
}

async function summarize(client: PGlite): Promise<DatabaseSummary> {
  const { rows } = await client.query<Record<keyof DatabaseSummary, number>>(
    `select (select count(*) from users)::int as "people",
            (select count(*) from cases)::int as "cases",
            (select count(*) from evidence where deleted_at is null)::int as "evidence",
            (select count(*) from packets)::int as "packets",
            (select count(*) from audit_events)::int as "auditEvents"`,
  );
  return rows[0]!;
}

function pgliteClient(database: Database): PGlite {
  const client = (database.db as unknown as { $client?: PGlite }).$client;
  if (database.kind !== "pglite" || !client || typeof client.dumpDataDir !== "function") {
    throw new BackupError("This installation uses PostgreSQL: back it up with pg_dump (see docs/SECURITY.md).");
  }
  return client;
}

/** A consistent copy of the app's own (running) embedded database. */
export async function backupRunningDatabase(database: Database): Promise<Uint8Array> {
  return dump(pgliteClient(database));
}

/** A copy of the embedded database in `dir`, which no server may be using (DatabaseLockedError). */
export async function backupDirectory(dir: string): Promise<{ archive: Uint8Array; summary: DatabaseSummary }> {
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
    throw new BackupError(`There is no embedded database in ${path.resolve(dir)}.`);
  }
  const release = acquireDirectoryLock(dir);
  try {
    const client = await PGlite.create(path.resolve(dir));
    try {
      const summary = await summarize(client);
      return { archive: await dump(client), summary };
    } finally {
      await client.close();
    }
  } finally {
    release();
  }
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Replaces (or creates) the embedded database in `dir` with the archive's. Refused while a server
 *  uses `dir` (DatabaseLockedError) and, without `force`, when `dir` already holds a database. The
 *  archive is unpacked and opened beside `dir` first; only a copy that opens replaces anything.
 *  A database that was there is kept as `<dir>.before-restore-<time>`. */
export async function restoreDirectory(
  archive: Uint8Array,
  dir: string,
  options: { force?: boolean; now?: Date } = {},
): Promise<{ summary: DatabaseSummary; keptAs: string | null }> {
  if (!isGzip(archive)) throw new BackupError("This file is not a Ladderproof backup (a .tar.gz made by `backup`).");
  const target = path.resolve(dir);
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, "-");
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const existed = fs.existsSync(target);
  const release = existed ? acquireDirectoryLock(target) : () => {};
  const staging = `${target}.restoring-${stamp}`;
  try {
    const hasDatabase = existed && fs.existsSync(path.join(target, "PG_VERSION"));
    if (hasDatabase && !options.force) {
      throw new BackupError(
        `${target} already holds a database. Pass --force to replace it (it is kept as ${target}.before-restore-<time>).`,
      );
    }
    let summary: DatabaseSummary;
    try {
      const client = await PGlite.create(staging, {
        loadDataDir: new Blob([archive as Uint8Array<ArrayBuffer>], { type: "application/x-gzip" }),
      });
      try {
        summary = await summarize(client);
        await client.query("CHECKPOINT");
      } finally {
        await client.close();
      }
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      if (error instanceof BackupError) throw error;
      throw new BackupError(`The backup could not be opened: ${(error as Error).message}`);
    }
    // The archive carries the lock of the server it was taken from: it means nothing here.
    fs.rmSync(path.join(staging, LOCK_FILE), { force: true });
    // Hold the new directory for ourselves while it moves into place, so that a server started in
    // the meantime is refused rather than opening a half-swapped directory.
    fs.writeFileSync(path.join(staging, LOCK_FILE), String(process.pid));
    let keptAs: string | null = null;
    if (hasDatabase) {
      keptAs = `${target}.before-restore-${stamp}`;
      fs.renameSync(target, keptAs);
      fs.rmSync(path.join(keptAs, LOCK_FILE), { force: true });
    } else if (existed) {
      // Nothing but our own lock (or stray files) in it: the restored directory takes its place.
      fs.rmSync(target, { recursive: true, force: true });
    }
    fs.renameSync(staging, target);
    fs.rmSync(path.join(target, LOCK_FILE), { force: true });
    return { summary, keptAs };
  } finally {
    release();
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Takes a backup from a running server as one of its administrators: signs in, downloads, signs
 *  out. Sign-in goes through the login page, so it is throttled like any other. */
export async function fetchServerBackup(serverUrl: string, email: string, password: string): Promise<Uint8Array> {
  let base: URL;
  try {
    base = new URL(serverUrl);
  } catch {
    throw new BackupError(`--server must be the server's address, like http://127.0.0.1:3000 (got "${serverUrl}").`);
  }
  const origin = base.origin;
  const post = (pathname: string, body: URLSearchParams, cookie?: string) =>
    fetch(new URL(pathname, base), {
      method: "POST",
      redirect: "manual",
      headers: {
        Origin: origin,
        "Content-Type": "application/x-www-form-urlencoded",
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body,
    });
  let login: Response;
  try {
    login = await post("/login", new URLSearchParams({ email, password }));
  } catch (error) {
    throw new BackupError(`Could not reach ${origin}: ${(error as Error).message}`);
  }
  await login.arrayBuffer();
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => /ladderproof_session=./.test(c));
  if (login.status === 429) throw new BackupError("Too many failed sign-ins: wait a few minutes, then try again.");
  if (login.status !== 302 || !cookie) throw new BackupError("The email address or password is not right.");
  try {
    const response = await post("/admin/backup/download", new URLSearchParams(), cookie);
    if (response.status === 404) throw new BackupError(`${email} is not an administrator of ${origin}.`);
    if (!response.ok || response.headers.get("content-type") !== BACKUP_CONTENT_TYPE) {
      throw new BackupError(`${origin} did not send a backup (HTTP ${response.status}): ${(await response.text()).slice(0, 300)}`);
    }
    return new Uint8Array(await response.arrayBuffer());
  } finally {
    await post("/logout", new URLSearchParams(), cookie).then((r) => r.arrayBuffer()).catch(() => undefined);
  }
}

/** Writes a backup file readable by its owner only (it holds every case), never half-written. */
export function writeBackupFile(file: string, archive: Uint8Array, options: { force?: boolean } = {}): void {
  const target = path.resolve(file);
  if (fs.existsSync(target) && !options.force) throw new BackupError(`${target} already exists. Pass --force to overwrite it.`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  fs.writeFileSync(partial, archive, { mode: 0o600 });
  fs.renameSync(partial, target);
}
