// Export and import of case files against a real database (PGlite, or PostgreSQL when
// TEST_DATABASE_URL is set): round trip, ownership, and that a refused or failed import changes nothing.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, cases, evidence, evidenceSupports, expectationMarks } from "../../db/schema";
import { parseCaseFile, serializeCaseFile, type CaseFile } from "~/domain/case-file";
import { loadLadders } from "~/lib/content.server";
import type { Db } from "~/lib/db.server";
import { exportCase, importCase, CaseNotFoundError } from "~/models/case-transfer.server";
import { getCase, listCasesForUser, loadCaseAnalysis, setMark } from "~/models/cases.server";
import { seedDemoCase } from "~/models/demo-case.server";
import { deleteEvidence, listEvidenceRecords } from "~/models/evidence.server";
import { createUser } from "~/models/users.server";
import { CONTENT_DIR, openTestDatabase, testServerUrl, type TestDatabase } from "../support/database";

const L5_FILE = "L5-Principal-DevOps-Support-Engineer.md";

interface Person {
  id: string;
  name: string;
  role: "admin" | "manager";
}

/** The file without what an import is allowed to change: the export time and the references. */
function comparable(file: CaseFile) {
  const { exportedAt: _exportedAt, evidence: items, ...rest } = file;
  return { ...rest, evidence: items.map(({ ref: _ref, ...item }) => item) };
}

async function rowCounts(db: Db) {
  const n = async (
    table: typeof cases | typeof evidence | typeof evidenceSupports | typeof expectationMarks | typeof auditEvents,
  ) => Number((await db.select({ n: count() }).from(table))[0]!.n);
  return {
    cases: await n(cases),
    evidence: await n(evidence),
    supports: await n(evidenceSupports),
    marks: await n(expectationMarks),
    audit: await n(auditEvents),
  };
}

describe(`case files (${testServerUrl() ? "PostgreSQL" : "PGlite"})`, () => {
  let t: TestDatabase;
  let db: Db;
  let alice: Person;
  let bob: Person;
  let sourceId: string;
  let exported: CaseFile;

  beforeAll(async () => {
    t = await openTestDatabase();
    db = t.db;
    alice = {
      ...(await createUser(db, { email: "alice@example.com", name: "Alice Adams", role: "manager" })),
      name: "Alice Adams",
      role: "manager",
    };
    bob = {
      ...(await createUser(db, { email: "bob@example.com", name: "Bob Brown", role: "manager" })),
      name: "Bob Brown",
      role: "manager",
    };
    sourceId = (await seedDemoCase(db, alice.id, "2026-05-01"))!;
    expect(sourceId).toBeTruthy();
    const analysis = await loadCaseAnalysis(db, sourceId);
    const lastKey = analysis!.analysis.sections.at(-1)!.expectations.at(-1)!.key;
    await setMark(db, alice, sourceId, lastKey, {
      notApplicableReason: "Not part of this role's remit.",
      gapNote: null,
    });
    // A deleted item leaves a hole in the references (E-01, E-03 ...) and is not exported.
    const records = (await listEvidenceRecords(db, [sourceId])).get(sourceId)!;
    await deleteEvidence(db, alice, sourceId, records[1]!.id);
    exported = await exportCase(db, sourceId);
  });

  afterAll(async () => {
    await t?.close();
  });

  it("exports a file that parses back to the same thing", () => {
    expect(exported.format).toBe("ladderproof.case");
    expect(exported.version).toBe(1);
    expect(exported.ladder.slug).toBe("L5-Principal-DevOps-Support-Engineer");
    expect(exported.ladder.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(exported.evidence.map((e) => e.ref)).not.toContain("E-02");
    expect(exported.marks).toHaveLength(2);
    const parsed = parseCaseFile(serializeCaseFile(exported));
    expect(parsed).toEqual({ ok: true, file: exported });
  });

  it("imports for another owner, pinned to the same ladder version, renumbering the evidence", async () => {
    const result = await importCase(db, bob, exported);
    if (!("caseId" in result)) throw new Error(result.problems.join("\n"));
    const imported = await getCase(db, result.caseId);
    const original = await getCase(db, sourceId);
    expect(imported!.ownerId).toBe(bob.id);
    expect(imported!.ladderVersionId).toBe(original!.ladderVersionId);

    const again = await exportCase(db, result.caseId);
    expect(comparable(again)).toEqual(comparable(exported));
    expect(again.evidence.map((e) => e.ref)).toEqual(
      exported.evidence.map((_, i) => `E-${String(i + 1).padStart(2, "0")}`),
    );

    // The same analysis, evidence for evidence.
    const [a, b] = [await loadCaseAnalysis(db, sourceId), await loadCaseAnalysis(db, result.caseId)];
    expect(b!.analysis.counts).toEqual(a!.analysis.counts);
    expect(b!.analysis.summary).toBe(a!.analysis.summary);

    // Bob sees it; Alice does not.
    expect((await listCasesForUser(db, bob)).map((c) => c.id)).toEqual([result.caseId]);
    expect((await listCasesForUser(db, alice)).map((c) => c.id)).not.toContain(result.caseId);

    const events = await db.select().from(auditEvents).where(eq(auditEvents.caseId, result.caseId));
    expect(events.every((e) => e.action === "imported" && e.actorId === bob.id)).toBe(true);
    expect(events.filter((e) => e.entityType === "case")).toHaveLength(1);
    expect(events.filter((e) => e.entityType === "evidence")).toHaveLength(exported.evidence.length);
    expect(events.filter((e) => e.entityType === "mark")).toHaveLength(exported.marks.length);
  });

  it("refuses to export a case that does not exist", async () => {
    await expect(exportCase(db, "no-such-case")).rejects.toBeInstanceOf(CaseNotFoundError);
  });

  it("refuses an unknown expectation key, naming its path, and changes nothing", async () => {
    const before = await rowCounts(db);
    const file = structuredClone(exported);
    file.evidence[2]!.supports.push({ expectationKey: "impact.0000000000", rationale: "Made up." });
    file.marks[0]!.expectationKey = "nowhere.1234567890";
    const result = await importCase(db, bob, file);
    expect(result).toEqual({
      problems: [
        expect.stringMatching(
          /^evidence\[2\]\.supports\[\d+\]\.expectationKey: "impact\.0000000000" is not an expectation/,
        ),
        expect.stringMatching(/^marks\[0\]\.expectationKey: "nowhere\.1234567890" is not an expectation/),
      ],
    });
    expect(await rowCounts(db)).toEqual(before);
  });

  it("refuses a file whose ladder version or ladder is not in this installation", async () => {
    const before = await rowCounts(db);
    const changed = structuredClone(exported);
    changed.ladder.contentHash = "f".repeat(64);
    const refused = await importCase(db, bob, changed);
    expect("problems" in refused && refused.problems).toEqual([
      expect.stringMatching(
        /^ladder\.contentHash: The ladder "L5-Principal-DevOps-Support-Engineer" .* has changed since this case was exported/,
      ),
    ]);

    const unknown = structuredClone(exported);
    unknown.ladder = { ...unknown.ladder, slug: "L9-Chief-Wizard", level: 9, title: "Chief Wizard" };
    const missing = await importCase(db, bob, unknown);
    expect("problems" in missing && missing.problems).toEqual([
      expect.stringContaining('ladder.slug: This installation has no ladder "L9-Chief-Wizard" (L9: Chief Wizard)'),
    ]);
    expect(await rowCounts(db)).toEqual(before);
  });

  it("refuses a malformed file as a whole, even when only its last item is wrong", async () => {
    const before = await rowCounts(db);
    const file = structuredClone(exported) as unknown as { evidence: Record<string, unknown>[] };
    file.evidence.at(-1)!.dateStart = "2026-02-30";
    const result = await importCase(db, bob, file as unknown as CaseFile);
    expect(result).toEqual({
      problems: [`evidence[${file.evidence.length - 1}].dateStart: The date must be a real date.`],
    });
    expect(await rowCounts(db)).toEqual(before);
  });

  it("rolls back everything when the database fails part-way through", async () => {
    // A trigger that fails the first mark insert, after the case and its evidence are written.
    await db.execute(sql`create function lp_fail_mark() returns trigger language plpgsql as $$
      begin raise exception 'injected failure'; end $$`);
    await db.execute(
      sql`create trigger lp_fail_mark before insert on expectation_marks for each row execute function lp_fail_mark()`,
    );
    try {
      const before = await rowCounts(db);
      const failure = await importCase(db, bob, exported).then(
        () => null,
        (error: unknown) => error as Error & { cause?: Error },
      );
      expect(`${failure?.message} ${failure?.cause?.message}`).toContain("injected failure");
      expect(await rowCounts(db)).toEqual(before);
    } finally {
      await db.execute(sql`drop trigger lp_fail_mark on expectation_marks`);
      await db.execute(sql`drop function lp_fail_mark()`);
    }
  });

  it("imports onto the exact version it was built on after the ladder has changed", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "lp-ladder-"));
    try {
      const source = await fs.readFile(path.join(CONTENT_DIR, L5_FILE), "utf8");
      await fs.writeFile(path.join(dir, L5_FILE), `${source.trimEnd()}\n- Write down one more expectation\n`);
      expect(await loadLadders(db, dir)).toEqual([]);
      const result = await importCase(db, bob, exported);
      if (!("caseId" in result)) throw new Error(result.problems.join("\n"));
      const imported = await getCase(db, result.caseId);
      expect(imported!.ladderHash).toBe(exported.ladder.contentHash);
      expect(imported!.ladderIsCurrent).toBe(false);
    } finally {
      // Put the real document back as the current version for anything that runs later.
      await loadLadders(db, CONTENT_DIR);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
