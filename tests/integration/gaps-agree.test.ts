// The case page and `cli gaps --json` show the same analysis: the same status for every
// expectation and the same readiness line. Both read one database (PGlite directory or PostgreSQL),
// one after the other, since PGlite allows one process at a time.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseAnalysis } from "~/domain/types";
import { createUser } from "~/models/users.server";
import { seedDemoCase } from "~/models/demo-case.server";
import { cli } from "../support/cli";
import { createScratchDatabase, testServerUrl, type ScratchDatabase } from "../support/database";
import { startServer } from "../support/server";
import { loadLadders } from "~/lib/content.server";
import { openDatabase } from "~/lib/db.server";

const PASSWORD = "a long and unguessable test password";

async function cliGapsJson(caseId: string, env: Record<string, string>): Promise<CaseAnalysis> {
  const run = await cli(["gaps", caseId, "--json"], env);
  if (run.code !== 0) throw new Error(`cli exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as CaseAnalysis;
}

describe(`the case page and the gaps JSON (${testServerUrl() ? "PostgreSQL" : "PGlite"})`, () => {
  let env: Record<string, string>;
  let dir: string | undefined;
  let scratch: ScratchDatabase | undefined;
  let caseId: string;

  beforeAll(async () => {
    const serverUrl = testServerUrl();
    if (serverUrl) {
      scratch = await createScratchDatabase(serverUrl, "lp_agree");
      env = { DATABASE_URL: scratch.url };
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "ladderproof-agree-"));
      env = { PGLITE_DIR: dir };
    }
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: dir ?? "", migrationsDir: "db/migrations" });
    try {
      await loadLadders(database.db, "content");
      const { id } = await createUser(database.db, { email: "mia@example.com", name: "Mia Manager", role: "manager", password: PASSWORD });
      caseId = (await seedDemoCase(database.db, id))!;
    } finally {
      await database.close();
    }
  }, 60_000);

  afterAll(async () => {
    await scratch?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("agree on every expectation's status and on the readiness line", async () => {
    const server = await startServer({ ...env, DEMO: "0" });
    let html: string;
    try {
      const login = await fetch(`${server.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "mia@example.com", password: PASSWORD }),
      });
      expect(login.status).toBe(302);
      const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
      const page = await fetch(`${server.url}/cases/${caseId}`, { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      html = await page.text();
    } finally {
      await server.stop();
    }
    const analysis = await cliGapsJson(caseId, env);

    const onPage = new Map([...html.matchAll(/data-expectation="([^"]+)" data-status="([^"]+)"/g)].map((m) => [m[1], m[2]]));
    const inJson = new Map(analysis.sections.flatMap((s) => s.expectations).map((e) => [e.key, e.status]));
    expect(onPage.size).toBe(24);
    expect(onPage).toEqual(inJson);
    expect(html).toContain(analysis.summary);
    // The demo case is a realistic mix, so agreement is not agreement on all-missing.
    expect(new Set(inJson.values())).toEqual(new Set(["strong", "weak", "missing"]));
  }, 120_000);
});
