// What every command module provides, and the errors that decide the exit code.
//
// Command modules import the models inside run(), not at the top: the models pull in the web
// stack (about a second to load), which `--help` and `ladder check` have no use for.
import type { Database, Db } from "../lib/db.server";

export const PROGRAM = "npm run -s cli --";

export interface OptionSpec {
  type: "string" | "boolean";
  /** Shown in help after the option name, e.g. EMAIL. */
  value?: string;
  description: string;
  required?: boolean;
  /** Allowed values of a string option; anything else is a usage error. */
  choices?: readonly string[];
}

export interface RunContext {
  /** Positional arguments after the command words. */
  args: string[];
  options: Record<string, string | boolean | undefined>;
  /** A line (or lines) on standard output. */
  out(text: string): void;
  /** A line (or lines) on standard error. */
  err(text: string): void;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Boots the database (migrating it) on first call; commands that never call it never open it. */
  db(): Promise<Db>;
  /** The same, with where the data lives. */
  database(): Promise<Database>;
}

export interface Command {
  /** The command words, e.g. "case export". */
  name: string;
  /** Positional argument names, all required, e.g. ["case-id"]. */
  args: string[];
  /** Name of optional further positional arguments, any number of them (e.g. "path"). */
  rest?: string;
  options: Record<string, OptionSpec>;
  /** One line for the command list. */
  summary: string;
  /** Paragraphs for `<command> --help`. */
  description: string;
  /** Returns the exit code; throws CliError (exit 1) or UsageError (exit 2). */
  run(ctx: RunContext): Promise<number>;
}

/** Wrong command line: exit code 2 and a pointer to --help. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The command could not do its job: exit code 1 with this message (and any detail lines). */
export class CliError extends Error {
  constructor(message: string, readonly details: string[] = []) {
    super(message);
    this.name = "CliError";
  }
}

export function usageLine(command: Command): string {
  const parts = [command.name, ...command.args.map((a) => `<${a}>`)];
  if (command.rest) parts.push(`[${command.rest}...]`);
  for (const [name, spec] of Object.entries(command.options)) {
    const flag = spec.type === "string" ? `--${name} ${spec.value ?? "VALUE"}` : `--${name}`;
    parts.push(spec.required ? flag : `[${flag}]`);
  }
  return parts.join(" ");
}

export function commandHelp(command: Command): string {
  const rows: [string, string][] = Object.entries(command.options).map(([name, spec]) => [
    spec.type === "string" ? `--${name} ${spec.value ?? "VALUE"}` : `--${name}`,
    spec.description + (spec.choices ? ` (${spec.choices.join(" or ")})` : "") + (spec.required ? " Required." : ""),
  ]);
  rows.push(["-h, --help", "Show this help."]);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `Usage: ${PROGRAM} ${usageLine(command)}`,
    "",
    command.description,
    "",
    "Options:",
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
  ].join("\n");
}

/** Reads all of standard input, refusing more than `maxBytes`. */
export async function readStdin(stdin: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) throw new CliError(`Standard input is longer than ${maxBytes} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
