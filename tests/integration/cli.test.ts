// The command line as a user runs it: a child process per command, on a fresh PGlite directory or,
// with TEST_DATABASE_URL set, a fresh PostgreSQL database. Spawns are slow (1-3 s), so they are few.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseAnalysis } from "~/domain/types";
import { acquireDirectoryLock } from "~/lib/db.server";
import { cli } from "../support/cli";
import { createScratchDatabase, testServerUrl, type ScratchDatabase } from "../support/database";

const L5 = "content/L5-Principal-DevOps-Support-Engineer.md";
// Seven spawns that each boot the database: generous for a cold machine with no tsx cache.
const WORKFLOW_TIMEOUT_MS = 240_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe(`the command line (${testServerUrl() ? "PostgreSQL" : "PGlite"})`, () => {
  let tmp: string;
  let scratch: ScratchDatabase | undefined;
  let env: Record<string, string>;
  const run = (args: string[], input?: string) => cli(args, env, input);

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "lp-cli-"));
    const serverUrl = testServerUrl();
    scratch = serverUrl ? await createScratchDatabase(serverUrl, "lp_cli") : undefined;
    env = scratch ? { DATABASE_URL: scratch.url } : { PGLITE_DIR: path.join(tmp, "pglite") };
  });

  afterAll(async () => {
    await scratch?.drop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it("explains itself with --help and refuses an unknown command with exit code 2", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    for (const name of [
      "ladder check",
      "ladder list",
      "user create",
      "cases list",
      "case export",
      "case import",
      "demo seed",
      "gaps",
      "db migrate",
    ]) {
      expect(help.stdout).toContain(`  ${name}`);
    }
    const importHelp = await run(["case", "import", "--help"]);
    expect(importHelp.code).toBe(0);
    expect(importHelp.stdout).toContain("Usage: npm run -s cli -- case import <file.json> --owner EMAIL");

    const unknown = await run(["promote", "everyone"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "promote"');
    expect(unknown.stderr).toContain("--help");
  });

  it("checks a ladder document: the real L5 passes, one with nothing usable fails with its line, notes are listed", async () => {
    const good = await run(["ladder", "check", L5]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain("5 sections, 24 expectations");

    const bad = path.join(tmp, "bad-ladder.md");
    await fs.writeFile(bad, "# Principal Engineer\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    const checked = await run(["ladder", "check", bad]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain(`${bad}:1: No expectations were found`);

    const odd = path.join(tmp, "odd-ladder.md");
    await fs.writeFile(odd, "# Principal Engineer\n\n## Impact\n\n- I lead\n  - nested\n\n## Culture\n\nNo bullets here.\n");
    const noted = await run(["ladder", "check", odd]);
    expect(noted.code).toBe(0);
    expect(noted.stdout).toContain("Principal Engineer");
    expect(noted.stdout).toContain("1 section, 1 expectation");
    expect(noted.stdout).toContain(`${odd}:8: Section "Culture" has no expectations`);
    expect(noted.stdout).toContain(`${odd}:1: "Principal Engineer" states no level number`);
  });

  it(
    "creates an account, seeds, lists, analyses, exports and imports a case",
    async () => {
      const user = await run(
        [
          "user",
          "create",
          "--email",
          "Ada@Example.com",
          "--name",
          "Ada Lovelace",
          "--role",
          "admin",
          "--password-stdin",
        ],
        "correct horse battery staple\n",
      );
      expect(user.stderr).toBe("");
      expect(user.code).toBe(0);
      expect(user.stdout.trim()).toMatch(UUID);

      const weak = await run(
        ["user", "create", "--email", "bo@example.com", "--name", "Bo", "--role", "manager", "--password-stdin"],
        "short\n",
      );
      expect(weak.code).toBe(1);
      expect(weak.stderr).toContain("password: Use at least 10 characters.");

      const seeded = await run(["demo", "seed"]);
      expect(seeded.code).toBe(0);
      const caseId = seeded.stdout.trim();
      expect(caseId).toMatch(UUID);

      const gaps = await run(["gaps", caseId, "--json"]);
      expect(gaps.code).toBe(0);
      const analysis = JSON.parse(gaps.stdout) as CaseAnalysis;
      expect(analysis.counts.total).toBe(24);
      expect(analysis.sections.flatMap((s) => s.expectations)).toHaveLength(24);

      const docx = path.join(tmp, "packet.docx");
      const packet = await run(["packet", caseId, "--out", docx]);
      expect(packet.code).toBe(0);
      const [, fingerprintLine] = packet.stdout.trim().split("\n");
      expect(fingerprintLine).toMatch(/^SHA-256 fingerprint [0-9a-f]{64}$/);
      const bytes = await fs.readFile(docx);
      expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
      expect(bytes.includes(Buffer.from("word/document.xml"))).toBe(true);

      const file = path.join(tmp, "case.json");
      const exported = await run(["case", "export", caseId, "--out", file]);
      expect(exported.code).toBe(0);
      const written = JSON.parse(await fs.readFile(file, "utf8")) as { format: string; evidence: unknown[] };
      expect(written.format).toBe("ladderproof.case");
      expect(written.evidence).toHaveLength(15);

      // A hostile copy is refused before the database is touched, with every problem listed.
      const hostile = path.join(tmp, "hostile.json");
      const broken = JSON.parse(await fs.readFile(file, "utf8")) as { evidence: Record<string, unknown>[] };
      broken.evidence[0]!.links = ["javascript:alert(1)"];
      broken.evidence[4]!.dateStart = "2026-13-01";
      broken.evidence[7]!.ref = broken.evidence[6]!.ref;
      await fs.writeFile(hostile, JSON.stringify(broken));
      const refused = await run(["case", "import", hostile, "--owner", "ada@example.com"]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("was not imported (3 problems); nothing was changed");
      expect(refused.stderr).toContain("evidence[0].links[0]: Enter a web address");
      expect(refused.stderr).toContain("evidence[4].dateStart: The date must be a real date.");
      expect(refused.stderr).toContain("evidence[7].ref: ");

      const imported = await run(["case", "import", file, "--owner", "ada@example.com"]);
      expect(imported.code).toBe(0);
      const importedId = imported.stdout.trim();
      expect(importedId).toMatch(UUID);
      expect(importedId).not.toBe(caseId);

      // The refused file added nothing: two cases, the seeded one and its imported copy.
      const listed = await run(["cases", "list", "--json"]);
      expect(listed.code).toBe(0);
      const cases = JSON.parse(listed.stdout) as {
        id: string;
        ownerEmail: string;
        level: number;
        evidenceCount: number;
        readiness: string;
      }[];
      expect(cases.map((c) => c.id).sort()).toEqual([caseId, importedId].sort());
      for (const c of cases) {
        expect(c).toMatchObject({
          ownerEmail: "ada@example.com",
          level: 5,
          evidenceCount: 15,
          readiness: analysis.summary,
        });
      }
    },
    WORKFLOW_TIMEOUT_MS,
  );

  it("is refused while another process holds the PGlite directory, but ladder check still works", async () => {
    const dir = path.join(tmp, "held");
    await fs.mkdir(dir, { recursive: true });
    // This test process plays the running server: the lock names its pid.
    const release = acquireDirectoryLock(dir);
    try {
      const held = { PGLITE_DIR: dir };
      const refused = await cli(["cases", "list"], held);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `The embedded database in ${path.resolve(dir)} is in use by process ${process.pid}.`,
      );
      expect(refused.stdout).toBe("");

      const checked = await cli(["ladder", "check", L5], held);
      expect(checked.code).toBe(0);
    } finally {
      release();
    }
  });
});
