// The wording commands as an operator runs them: `wording check` on standard input (no database),
// `wording rules` on a document, and `wording <case id>` on the seeded demo case.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLadders } from "~/lib/content.server";
import { openDatabase } from "~/lib/db.server";
import { seedDemoCase } from "~/models/demo-case.server";
import { createUser } from "~/models/users.server";
import { cli } from "../support/cli";
import { CONTENT_DIR, createScratchDatabase, MIGRATIONS_DIR, testServerUrl, type ScratchDatabase } from "../support/database";

describe(`the wording commands (${testServerUrl() ? "PostgreSQL" : "PGlite"})`, () => {
  let tmp: string;
  let scratch: ScratchDatabase | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "lp-wording-"));
    const serverUrl = testServerUrl();
    scratch = serverUrl ? await createScratchDatabase(serverUrl, "lp_wording") : undefined;
    env = scratch ? { DATABASE_URL: scratch.url } : { PGLITE_DIR: path.join(tmp, "pglite") };
  });

  afterAll(async () => {
    await scratch?.drop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it("prints one JSON array of findings per input line, with offsets into that line", async () => {
    const lines = [
      "She can come across as abrasive in reviews.",
      "",
      "He cut p95 latency from 900 ms to 300 ms.",
      "\"We shipped it without her,\" said nobody; we migrated the cluster.",
    ];
    const run = await cli(["wording", "check", "--json"], {}, `${lines.join("\n")}\n`);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as { code: string; start: number; end: number; match: string }[]);
    expect(out).toHaveLength(lines.length);
    out.forEach((findings, i) => {
      for (const f of findings) expect(lines[i]!.slice(f.start, f.end)).toBe(f.match);
    });
    expect(out[0]!.map((f) => f.code)).toContain("personality");
    expect(out[1]).toEqual([]);
    expect(out[2]).toEqual([]);
    expect(out[3]!.map((f) => [f.code, f.match])).toEqual([["whose-part", "we migrated"]]);
  });

  it("checks a rules document and reports its problems as file:line", async () => {
    const good = await cli(["wording", "rules"], {});
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/valid, version [0-9a-f]{12}/);
    const source = await fs.readFile("content/wording/rules.yaml", "utf8");
    const file = path.join(tmp, "rules.yaml");
    await fs.writeFile(file, source.replace("    min_cases: 3", "    min_cases: -1"));
    const bad = await cli(["wording", "rules", "--file", file], {});
    expect(bad.code).toBe(1);
    const line = source.slice(0, source.indexOf("    min_cases: 3")).split("\n").length;
    expect(bad.stdout).toContain(`${file}:${line}: rules.parity.min_cases`);
    const refused = await cli(["wording", "check", "--rules", file], {}, "She is brilliant.\n");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${file}:${line}:`);
  });

  it(
    "lists the demo case's findings with where they are",
    async () => {
      // Seeded here rather than by two more spawns; the handle is closed before the command opens it.
      const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR ?? "", migrationsDir: MIGRATIONS_DIR });
      let caseId: string;
      try {
        await loadLadders(database.db, CONTENT_DIR);
        const ada = await createUser(database.db, { email: "ada@example.com", name: "Ada Lovelace", role: "admin" });
        caseId = (await seedDemoCase(database.db, ada.id))!;
      } finally {
        await database.close();
      }
      const run = await cli(["wording", caseId, "--json"], env);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as {
        rulesVersion: string;
        counts: { open: number };
        findings: { code: string; ref: string; field: string; match: string; status: string }[];
      };
      expect(report.rulesVersion).toMatch(/^[0-9a-f]{64}$/);
      expect(report.findings.map((f) => [f.ref, f.field, f.code, f.match])).toEqual([
        ["E-11", "whatHappened", "whose-part", "We started"],
        ["E-11", "outcome", "vague-outcome", "The team says priorities are clearer; fewer tickets go stale."],
      ]);
      expect(report.counts.open).toBe(2);
      const text = await cli(["wording", caseId], env);
      expect(text.stdout).toContain("2 open, 0 dismissed, 0 fixed");
    },
    180_000,
  );
});
