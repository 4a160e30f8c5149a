import { env } from "./env.server";
import { openDatabase, type Database, type Db } from "./db.server";
import { loadLadders } from "./content.server";
import { ensureDemo } from "./demo.server";
import { purgeExpiredDrafts } from "../models/drafts.server";
import { purgeExpiredTrash } from "../models/evidence.server";
import { purgeOldLoginFailures } from "../models/users.server";

export interface BootReport {
  database: Database;
  ladderProblems: string[];
  demo: { email: string; password: string } | null;
}

// Cached on globalThis so that `remix dev` rebuilds do not reopen PGlite.
const holder = globalThis as typeof globalThis & { __ladderproofBoot?: Promise<BootReport> };

/** Opens the database, applies migrations, loads ladders from content/ and (on a brand-new
 *  embedded database) creates the demo account. The server and the CLI both start here. */
export function boot(options: { demo?: boolean } = {}): Promise<BootReport> {
  holder.__ladderproofBoot ??= (async () => {
    const config = env();
    const database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      pgliteDir: config.PGLITE_DIR,
      migrationsDir: config.MIGRATIONS_DIR,
    });
    try {
      const ladderProblems = await loadLadders(database.db, config.CONTENT_DIR);
      await purgeExpiredTrash(database.db);
      await purgeExpiredDrafts(database.db);
      await purgeOldLoginFailures(database.db);
      const wantDemo = options.demo ?? true;
      const demo =
        wantDemo && database.kind === "pglite" && config.DEMO === "1"
          ? await ensureDemo(database.db)
          : null;
      return { database, ladderProblems, demo };
    } catch (error) {
      await database.close();
      throw error;
    }
  })();
  holder.__ladderproofBoot.catch(() => {
    holder.__ladderproofBoot = undefined;
  });
  return holder.__ladderproofBoot;
}

export async function getDatabase(): Promise<Database> {
  return (await boot()).database;
}

export async function getDb(): Promise<Db> {
  return (await boot()).database.db;
}

export async function shutdown(): Promise<void> {
  const pending = holder.__ladderproofBoot;
  holder.__ladderproofBoot = undefined;
  if (!pending) return;
  const report = await pending.catch(() => null);
  await report?.database.close();
}
