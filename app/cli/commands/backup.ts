// `backup` and `restore` for the embedded database (PGlite). PostgreSQL: pg_dump and pg_restore.
import { CliError, UsageError, readStdin, type Command } from "../command";

const PG_DUMP_HINT = [
  "This installation uses PostgreSQL (DATABASE_URL): use its own tools, which copy a running database consistently:",
  '  pg_dump --format=custom --file=ladderproof.dump "$DATABASE_URL"',
  '  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" ladderproof.dump',
  "See docs/SECURITY.md.",
];

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const backup: Command = {
  name: "backup",
  args: [],
  options: {
    out: { type: "string", value: "FILE", description: "Where to write the backup (a .tar.gz).", required: true },
    server: {
      type: "string",
      value: "URL",
      description: "Take the copy from this running server (needed while a server uses the database).",
    },
    email: { type: "string", value: "EMAIL", description: "With --server: an administrator's email address." },
    "password-stdin": {
      type: "boolean",
      description: "With --server: read that administrator's password from standard input.",
    },
    force: { type: "boolean", description: "Overwrite FILE if it exists." },
  },
  summary: "Write a consistent copy of the embedded database to a file.",
  description: [
    "Copies the embedded database (PGLITE_DIR) into one file, readable by you only: every account,",
    "case, evidence item, packet and history entry. The copy is consistent: it is taken between two",
    "transactions, never in the middle of one.",
    "",
    "With the server stopped, the command opens the database itself:",
    "  npm run -s cli -- backup --out ladderproof.tar.gz",
    "",
    "While the server runs (it holds the database), ask it for the copy as an administrator",
    "(the same as the Download button on the Backup page, /admin/backup):",
    `  printf '%s' "$ADMIN_PASSWORD" | npm run -s cli -- backup --out ladderproof.tar.gz \\`,
    "      --server http://127.0.0.1:3000 --email admin@example.com --password-stdin",
    "",
    "Put a backup back with `restore`. PostgreSQL installations use pg_dump instead.",
  ].join("\n"),
  async run(ctx) {
    const out = String(ctx.options.out);
    const { BackupError, backupDirectory, describeSummary, fetchServerBackup, writeBackupFile } = await import(
      "../../lib/backup.server"
    );
    const { DatabaseLockedError } = await import("../../lib/db.server");
    const { env } = await import("../../lib/env.server");
    try {
      if (ctx.options.server !== undefined) {
        const email = ctx.options.email;
        if (typeof email !== "string" || !ctx.options["password-stdin"]) {
          throw new UsageError("--server needs --email and --password-stdin (an administrator's account).", "backup");
        }
        if (ctx.stdin.isTTY) throw new UsageError("--password-stdin reads the password from a pipe, not from the terminal.", "backup");
        const password = (await readStdin(ctx.stdin, 4096)).replace(/\r?\n$/, "");
        const archive = await fetchServerBackup(String(ctx.options.server), email, password);
        writeBackupFile(out, archive, { force: Boolean(ctx.options.force) });
        ctx.out(`Wrote ${out} (${megabytes(archive.byteLength)}), taken from the running server at ${String(ctx.options.server)}.`);
        return 0;
      }
      const config = env();
      if (config.DATABASE_URL) throw new CliError(PG_DUMP_HINT[0]!, PG_DUMP_HINT.slice(1));
      const { archive, summary } = await backupDirectory(config.PGLITE_DIR);
      writeBackupFile(out, archive, { force: Boolean(ctx.options.force) });
      ctx.out(`Wrote ${out} (${megabytes(archive.byteLength)}): ${describeSummary(summary)}.`);
      return 0;
    } catch (error) {
      if (error instanceof DatabaseLockedError) {
        throw new CliError(`The embedded database in ${error.dir} is in use by the server (process ${error.pid}).`, [
          "Take the copy from the running server instead:",
          `  printf '%s' "$ADMIN_PASSWORD" | npm run -s cli -- backup --out ${out} --server http://HOST:PORT --email ADMIN_EMAIL --password-stdin`,
          "or download it from the Backup page (/admin/backup) as an administrator, or stop the server first.",
        ]);
      }
      if (error instanceof BackupError) throw new CliError(error.message);
      throw error;
    }
  },
};

const restore: Command = {
  name: "restore",
  args: [],
  options: {
    from: { type: "string", value: "FILE", description: "A backup made by `backup` (or the Backup page).", required: true },
    force: {
      type: "boolean",
      description: "Replace the database already in PGLITE_DIR (it is kept beside it, not deleted).",
    },
  },
  summary: "Put a backup of the embedded database back (with the server stopped).",
  description: [
    "Restores a backup into PGLITE_DIR. The server must be stopped: the command is refused while",
    "a server uses the directory. The backup is unpacked and opened beside PGLITE_DIR first, so a",
    "damaged file changes nothing. When PGLITE_DIR already holds a database, --force is needed; that",
    "database is then kept as PGLITE_DIR.before-restore-<time>, to delete once you are satisfied.",
    "",
    "  npm run -s cli -- restore --from ladderproof.tar.gz",
    "",
    "PostgreSQL installations use pg_restore instead.",
  ].join("\n"),
  async run(ctx) {
    const fs = await import("node:fs");
    const from = String(ctx.options.from);
    const { BackupError, describeSummary, restoreDirectory } = await import("../../lib/backup.server");
    const { DatabaseLockedError } = await import("../../lib/db.server");
    const { env } = await import("../../lib/env.server");
    const config = env();
    if (config.DATABASE_URL) throw new CliError(PG_DUMP_HINT[0]!, PG_DUMP_HINT.slice(1));
    if (!fs.existsSync(from)) throw new CliError(`There is no file ${from}.`);
    try {
      const { summary, keptAs } = await restoreDirectory(new Uint8Array(fs.readFileSync(from)), config.PGLITE_DIR, {
        force: Boolean(ctx.options.force),
      });
      ctx.out(`Restored ${from} into ${config.PGLITE_DIR}: ${describeSummary(summary)}.`);
      if (keptAs) ctx.out(`The database that was there is kept in ${keptAs}.`);
      return 0;
    } catch (error) {
      if (error instanceof DatabaseLockedError) {
        throw new CliError(`The embedded database in ${error.dir} is in use by process ${error.pid}. Stop the server, then restore.`);
      }
      if (error instanceof BackupError) throw new CliError(error.message);
      throw error;
    }
  },
};

export const backupCommands = [backup, restore];
