import { DrizzleQueryError } from "drizzle-orm/errors";

// The server log must not become a copy of the cases: a failed query's parameters are candidate
// names, notes and evidence text, so database errors are logged with the query and the database's
// reason only.

/** Quoted values inside a database message (`invalid input syntax for type uuid: "…"`). */
const QUOTED_VALUE = /: "(?:[^"\\]|\\.)*"/g;

interface DatabaseCause {
  message?: unknown;
  code?: unknown;
}

/** The error as it may be written to the log: a failed query without its parameter values. */
export function loggableError(error: unknown): unknown {
  const failed = findQueryError(error);
  if (!failed) return error;
  const cause = (failed.cause ?? {}) as DatabaseCause;
  const reason = typeof cause.message === "string" ? cause.message.replace(QUOTED_VALUE, ": (value not logged)") : "unknown reason";
  const code = typeof cause.code === "string" ? ` [${cause.code}]` : "";
  const safe = new Error(`A database query failed${code}: ${reason}\n  query: ${failed.query}\n  (parameter values are not logged)`);
  safe.name = "DatabaseQueryError";
  // Keep where it happened, not what it said: the original stack starts with the full message.
  const frames = (failed.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  safe.stack = [`${safe.name}: ${safe.message}`, ...frames].join("\n");
  return safe;
}

function findQueryError(error: unknown): DrizzleQueryError | null {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof DrizzleQueryError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export function logError(error: unknown): void {
  console.error(loggableError(error));
}
