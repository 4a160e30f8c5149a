// The server log must not copy case content: a failed query is logged with the query and the
// database's reason, never its parameter values. Real failures from a real database (PGlite, or
// PostgreSQL when TEST_DATABASE_URL is set).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggableError } from "~/lib/log.server";
import { openTestDatabase, testServerUrl, type TestDatabase } from "../support/database";

const label = testServerUrl() ? "PostgreSQL" : "PGlite";
const SECRET = "Priya Raman is being managed out";

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("the query did not fail");
}

describe(`database errors in the log (${label})`, () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it("keeps the query and the reason, and drops the values: a NUL in a parameter", async () => {
    const error = await failure(() => t.db.execute(sql`select ${`${SECRET}\u0000`}::text as name`));
    expect(String((error as Error).message)).toContain(SECRET); // what used to reach the log
    const logged = loggableError(error) as Error;
    expect(logged.name).toBe("DatabaseQueryError");
    expect(logged.message).toContain("select $1::text as name");
    expect(`${logged.message}\n${logged.stack}`).not.toContain(SECRET);
    expect(logged.stack).toMatch(/\n\s+at /);
  });

  it("hides a value the database quotes in its own message (invalid input syntax)", async () => {
    const error = await failure(() => t.db.execute(sql`select ${SECRET}::uuid as id`));
    const logged = loggableError(error) as Error;
    expect(logged.message).toMatch(/invalid input syntax for type uuid: \(value not logged\)/);
    expect(`${logged.message}\n${logged.stack}`).not.toContain(SECRET);
  });

  it("leaves other errors as they are", () => {
    const plain = new Error("not a query");
    expect(loggableError(plain)).toBe(plain);
  });
});
