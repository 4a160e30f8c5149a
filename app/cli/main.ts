// The command line: `npm run -s cli -- <command>` (tsx). It reads the same environment as the
// server (DATABASE_URL, PGLITE_DIR, CONTENT_DIR, MIGRATIONS_DIR) and boots the same way, so it is
// refused while a server holds the same PGlite directory.
//
// Exit codes: 0 success, 1 failure, 2 usage error.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { Database } from "../lib/db.server";
import { CliError, commandHelp, PROGRAM, UsageError, usageLine, type Command, type RunContext } from "./command";
import { backupCommands } from "./commands/backup";
import { caseCommands } from "./commands/case";
import { casesCommands } from "./commands/cases";
import { dbCommands } from "./commands/db";
import { demoCommands } from "./commands/demo";
import { gapsCommands } from "./commands/gaps";
import { ladderCommands } from "./commands/ladder";
import { packetCommands } from "./commands/packet";
import { sessionCommands } from "./commands/session";
import { userCommands } from "./commands/user";
import { wordingCommands } from "./commands/wording";

export const COMMANDS: Command[] = [
  ...ladderCommands,
  ...userCommands,
  ...casesCommands,
  ...caseCommands,
  ...demoCommands,
  ...gapsCommands,
  ...packetCommands,
  ...sessionCommands,
  ...dbCommands,
  ...backupCommands,
  ...wordingCommands,
];

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  stdin: RunContext["stdin"];
}

const HELP_FLAGS = new Set(["-h", "--help"]);

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Ladderproof command line.",
    "",
    `Usage: ${PROGRAM} <command> [arguments] [options]`,
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "The database is the server's: DATABASE_URL for PostgreSQL, otherwise the embedded database in",
    "PGLITE_DIR (default ./data/pglite), which one process at a time may open: stop the server first.",
    "Ladders are read from CONTENT_DIR (default ./content).",
    "",
    `Run \`${PROGRAM} <command> --help\` for a command's arguments and options.`,
    "Exit codes: 0 success, 1 failure, 2 usage error.",
  ].join("\n");
}

function groupHelp(group: string): string {
  const members = COMMANDS.filter((c) => c.name.startsWith(`${group} `));
  const width = Math.max(...members.map((c) => usageLine(c).length));
  return [
    `Usage: ${PROGRAM} ${group} <${members.map((c) => c.name.slice(group.length + 1)).join("|")}> ...`,
    "",
    ...members.map((c) => `  ${usageLine(c).padEnd(width)}  ${c.summary}`),
    "",
    `Run \`${PROGRAM} ${group} <subcommand> --help\` for details.`,
  ].join("\n");
}

type Resolved = { command: Command; rest: string[] } | { help: string; code: 0 };

function resolve(argv: string[]): Resolved {
  const [first, second] = argv;
  if (first === undefined) return { help: generalHelp(), code: 0 };
  if (HELP_FLAGS.has(first)) return { help: generalHelp(), code: 0 };
  if (first === "help") {
    if (argv.length === 1) return { help: generalHelp(), code: 0 };
    const found = resolve([...argv.slice(1), "--help"]);
    return "help" in found ? found : { help: commandHelp(found.command), code: 0 };
  }
  const two = second === undefined ? undefined : COMMANDS.find((c) => c.name === `${first} ${second}`);
  if (two) return { command: two, rest: argv.slice(2) };
  const one = COMMANDS.find((c) => c.name === first);
  if (one) return { command: one, rest: argv.slice(1) };
  if (COMMANDS.some((c) => c.name.startsWith(`${first} `))) {
    if (second !== undefined && HELP_FLAGS.has(second)) return { help: groupHelp(first), code: 0 };
    const subs = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name);
    throw new UsageError(
      second === undefined || second.startsWith("-")
        ? `"${first}" needs a subcommand: ${subs.join(", ")}.`
        : `Unknown command "${first} ${second}"; "${first}" has: ${subs.join(", ")}.`,
      first,
    );
  }
  throw new UsageError(`Unknown command "${first}".`);
}

function parse(command: Command, rest: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        ...Object.fromEntries(Object.entries(command.options).map(([name, spec]) => [name, { type: spec.type }])),
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs reports unknown options and missing values as TypeErrors with ERR_PARSE_ARGS_* codes.
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code.startsWith("ERR_PARSE_ARGS")) throw new UsageError((error as Error).message, command.name);
    throw error;
  }
  const positionals = parsed.positionals;
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { help: true as const };
  if (positionals.length < command.args.length) {
    throw new UsageError(
      `Missing ${command.args
        .slice(positionals.length)
        .map((a) => `<${a}>`)
        .join(" ")}.`,
      command.name,
    );
  }
  if (positionals.length > command.args.length && !command.rest) {
    throw new UsageError(`Unexpected argument "${positionals[command.args.length]}".`, command.name);
  }
  for (const [name, spec] of Object.entries(command.options)) {
    const value = values[name];
    if (spec.required && value === undefined)
      throw new UsageError(`Missing --${name}${spec.value ? ` ${spec.value}` : ""}.`, command.name);
    if (spec.choices && typeof value === "string" && !spec.choices.includes(value)) {
      throw new UsageError(`--${name} must be ${spec.choices.join(" or ")}, not "${value}".`, command.name);
    }
  }
  return { help: false as const, args: positionals, options: values };
}

/** Runs one command line and returns its exit code. Always closes the database it opened. */
export async function main(argv: string[], io: Io): Promise<number> {
  let opened = false;
  let booting: Promise<Database> | undefined;
  const database = () =>
    (booting ??= (async () => {
      opened = true;
      const { boot } = await import("../lib/services.server");
      const report = await boot({ demo: false });
      for (const problem of report.ladderProblems) io.stderr(`Ladder not loaded: ${problem}`);
      return report.database;
    })());

  if (argv.length === 0) {
    io.stderr(generalHelp());
    return 2;
  }
  let commandName: string | undefined;
  try {
    const resolved = resolve(argv);
    if ("help" in resolved) {
      io.stdout(resolved.help);
      return resolved.code;
    }
    const { command, rest } = resolved;
    commandName = command.name;
    const parsed = parse(command, rest);
    if (parsed.help) {
      io.stdout(commandHelp(command));
      return 0;
    }
    return await command.run({
      args: parsed.args,
      options: parsed.options,
      out: io.stdout,
      err: io.stderr,
      stdin: io.stdin,
      database,
      db: async () => (await database()).db,
    });
  } catch (error) {
    return report(error, io, commandName);
  } finally {
    if (opened) {
      const { shutdown } = await import("../lib/services.server");
      await shutdown().catch((error: unknown) => io.stderr(`Closing the database failed: ${(error as Error).message}`));
    }
  }
}

function report(error: unknown, io: Io, commandName: string | undefined): number {
  if (error instanceof UsageError) {
    const about = error.command ?? commandName;
    io.stderr(error.message);
    io.stderr(`Run \`${PROGRAM} ${about ? `${about} ` : ""}--help\` for usage.`);
    return 2;
  }
  if (error instanceof CliError) {
    io.stderr(error.message);
    for (const line of error.details) io.stderr(`  ${line}`);
    return 1;
  }
  // Known start-up failures carry a message written for people: no stack trace.
  const e = error as Error;
  if (e?.name === "DatabaseLockedError" || e?.message?.startsWith("Invalid configuration")) {
    io.stderr(e.message);
    return 1;
  }
  io.stderr(`Error: ${e?.message ?? String(error)}`);
  // drizzle wraps driver errors ("Failed query: ..."): the cause says what really went wrong.
  for (
    let cause = e?.cause as Error | undefined, depth = 0;
    cause && depth < 5;
    cause = cause.cause as Error, depth++
  ) {
    io.stderr(`Caused by: ${cause.message ?? String(cause)}`);
  }
  if (process.env.LADDERPROOF_DEBUG) io.stderr(String(e?.stack ?? ""));
  return 1;
}

/** True when this file is the program being run (not imported, e.g. by a test). ESM resolves
 *  symbolic links in import.meta.url, so compare against the real path of the script. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(fs.realpathSync(path.resolve(script))).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const io: Io = {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    // Only touched by commands that read it: opening stdin needlessly can hold the process open.
    get stdin() {
      return process.stdin;
    },
  };
  let interrupted = false;
  const stop = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    io.stderr(`${signal}: closing the database and stopping.`);
    import("../lib/services.server").then(({ shutdown }) => shutdown()).finally(() => process.exit(130));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const code = await main(process.argv.slice(2), io);
  process.exitCode = code;
  // Everything is closed by now; should a stray handle keep the process alive, do not hang.
  setTimeout(() => process.exit(code), 3000).unref();
}
