// loadCaseAnalysis keeps each case's analysis until the case row changes (issue 7). Every write path
// that changes what the analysis sees must therefore update the case row: after each of them, the
// cached answer must equal one worked out from scratch. Runs on PGlite, and on PostgreSQL when
// TEST_DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvidenceInput } from "../../app/forms/evidence";
import { evidenceInput } from "../fixtures/evidence";
import { analyseCase } from "../../app/domain/gaps";
import type { Db } from "../../app/lib/db.server";
import {
  asOfFor,
  createCase,
  getCase,
  listMarks,
  loadCaseAnalysis,
  setCaseStatus,
  setMark,
  updateCase,
} from "../../app/models/cases.server";
import {
  attachEvidence,
  createEvidence,
  deleteEvidence,
  detachEvidence,
  listEvidenceRecords,
  restoreEvidence,
  updateEvidence,
} from "../../app/models/evidence.server";
import { getCurrentLadder } from "../../app/models/ladders.server";
import { createUser } from "../../app/models/users.server";
import { openTestDatabase, type TestDatabase } from "../support/database";

const SLUG = "L5-Principal-DevOps-Support-Engineer";

let t: TestDatabase;
let db: Db;
let keys: string[];
let caseId: string;
const owner = { id: "", name: "Olivia Owner", role: "manager" as const };

function item(overrides: Partial<EvidenceInput> = {}): EvidenceInput {
  return evidenceInput(keys[0]!, { vouchers: [], ...overrides });
}

/** The analysis worked out from scratch, bypassing the cache. */
async function fresh() {
  const found = (await getCase(db, caseId))!;
  const evidence = (await listEvidenceRecords(db, [caseId])).get(caseId) ?? [];
  const marks = (await listMarks(db, [caseId])).get(caseId) ?? [];
  return { evidence, marks, analysis: analyseCase({ ladder: found.ladder, evidence, marks, asOf: asOfFor(found.calibrationDate) }) };
}

async function expectCurrent() {
  const cached = (await loadCaseAnalysis(db, caseId))!;
  const expected = await fresh();
  expect(cached.evidence).toEqual(expected.evidence);
  expect(cached.marks).toEqual(expected.marks);
  expect(cached.analysis).toEqual(expected.analysis);
  // And a second read, now from the cache, is the same object.
  expect((await loadCaseAnalysis(db, caseId))!.analysis).toBe(cached.analysis);
}

beforeAll(async () => {
  t = await openTestDatabase();
  db = t.db;
  owner.id = (await createUser(db, { email: "olivia@example.com", name: owner.name, role: "manager" })).id;
  const ladder = await getCurrentLadder(db, SLUG);
  keys = ladder!.document.sections.flatMap((s) => s.expectations.map((e) => e.key));
  caseId = await createCase(db, owner, {
    candidateName: "Priya Raman",
    currentTitle: "Senior Engineer",
    ladderSlug: SLUG,
    calibrationDate: "2026-12-15",
    summary: "",
    recommendation: "",
    status: "draft",
  });
});

afterAll(async () => {
  await t?.close();
});

describe("the cached case analysis follows every change", () => {
  let first: string;
  let second: string;

  it("after adding evidence", async () => {
    await expectCurrent();
    first = (await createEvidence(db, owner, caseId, item())).id;
    await expectCurrent();
    second = (await createEvidence(db, owner, caseId, item({ title: "Second", scope: "team" }))).id;
    await expectCurrent();
  });

  it("after editing an item", async () => {
    await updateEvidence(db, owner, caseId, first, item({ title: "Renamed", source: "self-reported" }), 1);
    await expectCurrent();
  });

  it("after attaching and detaching an expectation", async () => {
    await attachEvidence(db, owner, caseId, second, { expectationKey: keys[1]!, rationale: "Also this." });
    await expectCurrent();
    await detachEvidence(db, owner, caseId, second, keys[1]!);
    await expectCurrent();
  });

  it("after deleting and restoring an item", async () => {
    await deleteEvidence(db, owner, caseId, second);
    await expectCurrent();
    await restoreEvidence(db, owner, caseId, second);
    await expectCurrent();
  });

  it("after marking an expectation not applicable and clearing it", async () => {
    await setMark(db, owner, caseId, keys[2]!, { notApplicableReason: "Not in this role.", gapNote: null });
    await expectCurrent();
    await setMark(db, owner, caseId, keys[2]!, { notApplicableReason: null, gapNote: null });
    await expectCurrent();
  });

  it("after changing the calibration date (the as-of date) and the status", async () => {
    const found = (await getCase(db, caseId))!;
    const result = await updateCase(
      db,
      owner,
      caseId,
      {
        candidateName: found.candidateName,
        currentTitle: found.currentTitle,
        calibrationDate: "2027-09-01",
        summary: "",
        recommendation: "",
        status: "draft",
      },
      found.version,
    );
    expect(result.ok).toBe(true);
    await expectCurrent();
    await setCaseStatus(db, owner, caseId, "ready");
    await expectCurrent();
  });
});
