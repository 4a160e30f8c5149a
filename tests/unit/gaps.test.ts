import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_RULES,
  analyseCase,
  defaultRulesForLevel,
  gapExplanations,
  gapReasons,
  overstretchedItems,
  resolveRules,
  ruleBelowScope,
  ruleMissing,
  ruleSelfReportedOnly,
  ruleStale,
  ruleThin,
  ruleUnverified,
  isVerified,
  staleWindowStart,
  type GapRule,
} from "~/domain/gaps";
import {
  EVIDENCE_SOURCES,
  GAP_CODES,
  SCOPES,
  type EvidenceRecord,
  type ExpectationMark,
  type ExpectationStatus,
  type GapRules,
  type Ladder,
} from "~/domain/types";

/* ---------- Fixtures ---------- */

let nextId = 0;
function item(overrides: Partial<EvidenceRecord> & { keys?: string[] } = {}): EvidenceRecord {
  const n = ++nextId;
  const { keys = [], ...rest } = overrides;
  return {
    id: `ev-${n}`,
    ref: `E-${String(n).padStart(3, "0")}`,
    title: `Item ${n}`,
    whatHappened: "Something happened.",
    outcome: "It went well.",
    metric: null,
    dateStart: "2026-01-15",
    dateEnd: null,
    kind: "initiative",
    scope: "team",
    source: "observed",
    links: ["https://tickets.example/1"],
    vouchers: [],
    supports: keys.map((expectationKey) => ({ expectationKey, rationale: "Shows it." })),
    ...rest,
  };
}

function ladder(overrides: Partial<Ladder> = {}): Ladder {
  return {
    level: 3,
    title: "Support Engineer III",
    summary: "Owns customer outcomes for a product area.",
    rules: {},
    sections: [
      {
        key: "impact",
        title: "Impact",
        intro: null,
        line: 5,
        expectations: [
          { key: "impact-a", text: "Resolves complex escalations end to end.", line: 6 },
          { key: "impact-b", text: "Improves a support process.", line: 7 },
          { key: "impact-c", text: "Spots trends across tickets.", line: 8 },
        ],
      },
      { key: "empty", title: "Nothing yet", intro: "Reserved.", line: 10, expectations: [] },
      {
        key: "people",
        title: "People",
        intro: null,
        line: 12,
        expectations: [
          { key: "people-a", text: "Mentors newer engineers.", line: 13 },
          { key: "people-b", text: "Writes knowledge articles.", line: 14 },
        ],
      },
    ],
    ...overrides,
  };
}

const ASOF = "2026-06-15";
const L3: GapRules = defaultRulesForLevel(3);

function na(expectationKey: string, reason = "Not part of this role."): ExpectationMark {
  return { expectationKey, notApplicableReason: reason, gapNote: null };
}

function byKey(analysis: ReturnType<typeof analyseCase>) {
  return new Map(analysis.sections.flatMap((s) => s.expectations).map((e) => [e.key, e]));
}

/* ---------- Defaults and overrides ---------- */

describe("rules", () => {
  it("has the documented defaults", () => {
    expect(DEFAULT_RULES).toEqual({ minItems: 2, staleMonths: 12, minScope: "individual", maxExpectationsPerItem: 4 });
  });

  it("sets the scope each level expects", () => {
    expect([1, 2, 3, 4, 5, 6].map((l) => defaultRulesForLevel(l).minScope)).toEqual([
      "individual",
      "team",
      "team",
      "several-teams",
      "several-teams",
      "several-teams",
    ]);
    expect(defaultRulesForLevel(0).minScope).toBe("individual");
  });

  it("accepts several teams, organisation or customers at L5, and nothing narrower", () => {
    const l5 = defaultRulesForLevel(5);
    for (const scope of ["several-teams", "organisation", "customers"] as const) {
      expect(ruleBelowScope([item({ scope })], l5)).toBeNull();
    }
    expect(ruleBelowScope([item({ scope: "team" })], l5)?.code).toBe("below-scope");
  });

  it("merges front-matter overrides over the level defaults", () => {
    expect(resolveRules(ladder({ level: 4, rules: { minItems: 3, staleMonths: 18 } }))).toEqual({
      minItems: 3,
      staleMonths: 18,
      minScope: "several-teams",
      maxExpectationsPerItem: 4,
    });
    expect(resolveRules(ladder({ level: 2, rules: { minScope: "organisation", maxExpectationsPerItem: 6 } }))).toEqual({
      minItems: 2,
      staleMonths: 12,
      minScope: "organisation",
      maxExpectationsPerItem: 6,
    });
  });

  it("ignores malformed overrides", () => {
    const rules = { minItems: -1, staleMonths: 1.5, maxExpectationsPerItem: Number.NaN, minScope: "galaxy" };
    expect(resolveRules(ladder({ rules: rules as unknown as Partial<GapRules> }))).toEqual(defaultRulesForLevel(3));
  });

  it("does not let one resolution change the shared defaults", () => {
    resolveRules(ladder({ rules: { minItems: 9 } }));
    expect(DEFAULT_RULES.minItems).toBe(2);
  });
});

/* ---------- Each rule ---------- */

describe("ruleMissing", () => {
  it("flags no evidence and nothing else", () => {
    expect(ruleMissing([])?.code).toBe("missing");
    expect(ruleMissing([item()])).toBeNull();
  });
});

describe("the other rules on no evidence", () => {
  it("stay silent so missing is the only reason", () => {
    const rules: GapRule[] = [ruleThin, ruleStale, ruleUnverified, ruleSelfReportedOnly, ruleBelowScope];
    for (const rule of rules) expect(rule([], L3, ASOF)).toBeNull();
    expect(gapReasons([], L3, ASOF).map((r) => r.code)).toEqual(["missing"]);
  });
});

describe("ruleThin", () => {
  it("flags 1 item and clears at exactly minItems", () => {
    expect(ruleThin([item()], L3)).toEqual({
      code: "thin",
      message: "Only 1 piece of evidence; the committee will look for at least 2.",
      remedy: "Add another example from a different piece of work.",
    });
    expect(ruleThin([item(), item()], L3)).toBeNull();
  });

  it("counts the same item once even when it appears twice", () => {
    const one = item();
    expect(ruleThin([one, one], L3)?.code).toBe("thin");
    expect(ruleThin([one, { ...one }], L3)?.code).toBe("thin");
  });

  it("follows an overridden minimum", () => {
    const rules = { ...L3, minItems: 3 };
    const reason = ruleThin([item()], rules);
    expect(reason?.message).toBe("Only 1 piece of evidence; the committee will look for at least 3.");
    expect(reason?.remedy).toBe("Add 2 more examples from different pieces of work.");
    expect(ruleThin([item(), item()], rules)?.message).toContain("Only 2 pieces");
    expect(ruleThin([item(), item(), item()], rules)).toBeNull();
    expect(ruleThin([item()], { ...L3, minItems: 1 })).toBeNull();
  });
});

describe("staleWindowStart", () => {
  it("subtracts calendar months", () => {
    expect(staleWindowStart("2026-06-15", 12)).toBe("2025-06-15");
    expect(staleWindowStart("2026-01-15", 1)).toBe("2025-12-15");
    expect(staleWindowStart("2026-06-15", 0)).toBe("2026-06-15");
    expect(staleWindowStart("2026-06-15", 30)).toBe("2023-12-15");
  });

  it("clamps to the end of a shorter month", () => {
    expect(staleWindowStart("2026-03-31", 1)).toBe("2026-02-28");
    expect(staleWindowStart("2028-03-31", 1)).toBe("2028-02-29");
    expect(staleWindowStart("2026-05-31", 1)).toBe("2026-04-30");
  });

  it("handles leap days", () => {
    expect(staleWindowStart("2028-02-29", 12)).toBe("2027-02-28");
    expect(staleWindowStart("2028-02-29", 48)).toBe("2024-02-29");
  });

  it("rejects a malformed as-of date", () => {
    for (const bad of ["2026-6-15", "2026-02-30", "2026-13-01", "", "15/06/2026"]) {
      expect(() => staleWindowStart(bad, 12)).toThrow(RangeError);
    }
  });
});

describe("ruleStale", () => {
  const stale = (evidence: EvidenceRecord[], asOf = ASOF, rules = L3) => ruleStale(evidence, rules, asOf)?.code ?? null;

  it("counts an item dated exactly on the window start, not the day before", () => {
    expect(stale([item({ dateStart: "2025-06-15" })])).toBeNull();
    expect(stale([item({ dateStart: "2025-06-14" })])).toBe("stale");
  });

  it("judges a range by its end, so ranges straddling the window start count", () => {
    expect(stale([item({ dateStart: "2024-01-01", dateEnd: "2025-06-15" })])).toBeNull();
    expect(stale([item({ dateStart: "2024-01-01", dateEnd: "2025-06-14" })])).toBe("stale");
  });

  it("counts items after the as-of date as recent", () => {
    expect(stale([item({ dateStart: "2027-01-01" })])).toBeNull();
  });

  it("needs only one recent item", () => {
    expect(stale([item({ dateStart: "2020-01-01" }), item({ dateStart: "2026-06-15" })])).toBeNull();
  });

  it("clamps at month end", () => {
    const oneMonth = { ...L3, staleMonths: 1 };
    expect(stale([item({ dateStart: "2026-02-28" })], "2026-03-31", oneMonth)).toBeNull();
    expect(stale([item({ dateStart: "2026-02-27" })], "2026-03-31", oneMonth)).toBe("stale");
  });

  it("handles a leap-day as-of date", () => {
    expect(stale([item({ dateStart: "2027-02-28" })], "2028-02-29")).toBeNull();
    expect(stale([item({ dateStart: "2027-02-27" })], "2028-02-29")).toBe("stale");
  });

  it("says how old the newest item is and what date would clear it", () => {
    const reason = ruleStale([item({ dateStart: "2024-03-01", dateEnd: "2024-11-30" }), item({ dateStart: "2023-05-01" })], L3, ASOF);
    expect(reason?.message).toBe(
      "The most recent evidence is from 2024-11-30; the committee looks for something from the last 12 months.",
    );
    expect(reason?.remedy).toBe("Add an example dated on or after 2025-06-15.");
  });

  it("does not treat an unparseable date as recent", () => {
    expect(stale([item({ dateStart: "someday" })])).toBe("stale");
    expect(stale([item({ dateStart: "2099-1-1" })])).toBe("stale");
  });

  describe("time zones", () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it("gives the same answer in every time zone", () => {
      const evidence = [item({ dateStart: "2025-06-15" })];
      for (const tz of ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/St_Johns", "Asia/Kolkata"]) {
        process.env.TZ = tz;
        expect(staleWindowStart("2026-06-15", 12)).toBe("2025-06-15");
        expect(ruleStale(evidence, L3, ASOF)).toBeNull();
        expect(ruleStale([item({ dateStart: "2025-06-14" })], L3, ASOF)?.code).toBe("stale");
      }
    });
  });
});

describe("ruleUnverified", () => {
  const confirmation = { name: "Ana Ruiz", relation: "Team lead", date: "2026-05-02", correction: null, correctionAccepted: false };

  it("flags items with neither links nor confirmations", () => {
    const reason = ruleUnverified([item({ links: [] }), item({ links: [] })]);
    expect(reason?.code).toBe("unverified");
  });

  it("clears with one link or one confirmation on any item", () => {
    expect(ruleUnverified([item({ links: [] }), item({ links: ["https://doc.example"] })])).toBeNull();
    expect(ruleUnverified([item({ links: [] }), item({ links: [], confirmations: [confirmation] })])).toBeNull();
  });

  it("counts a confirmation with a correction as a confirmation", () => {
    const corrected = { ...confirmation, correction: { part: "She led the second half.", outcome: null } };
    expect(ruleUnverified([item({ links: [], confirmations: [corrected] })])).toBeNull();
  });

  it("does not take a named person who has not confirmed as verification, and says to ask them", () => {
    const reason = ruleUnverified([item({ links: [], vouchers: [{ name: "Ana Ruiz", role: "Team lead" }] })]);
    expect(reason?.code).toBe("unverified");
    expect(reason?.remedy).toMatch(/Ask a person who can vouch to confirm/);
  });

  it("ignores blank links", () => {
    expect(ruleUnverified([item({ links: ["  "], vouchers: [{ name: "", role: "Peer" }] })])?.code).toBe("unverified");
  });

  it("isVerified reads one item the same way", () => {
    expect(isVerified(item({ links: [] }))).toBe(false);
    expect(isVerified(item({ links: [], confirmations: [] }))).toBe(false);
    expect(isVerified(item({ links: [], confirmations: [confirmation] }))).toBe(true);
  });
});

describe("ruleSelfReportedOnly", () => {
  it("flags only when every item is self-reported", () => {
    expect(ruleSelfReportedOnly([item({ source: "self-reported" }), item({ source: "self-reported" })])?.code).toBe(
      "self-reported-only",
    );
    expect(ruleSelfReportedOnly([item({ source: "self-reported" }), item({ source: "metric" })])).toBeNull();
  });
});

describe("ruleBelowScope", () => {
  it("flags when no item reaches the level's scope", () => {
    const reason = ruleBelowScope([item({ scope: "individual" })], L3);
    expect(reason).toEqual({
      code: "below-scope",
      message: "The widest reach shown is individual; this level expects team or wider.",
      remedy: "Add an example whose reach is team or wider.",
    });
  });

  it("clears at the level's scope or wider", () => {
    expect(ruleBelowScope([item({ scope: "individual" }), item({ scope: "team" })], L3)).toBeNull();
    expect(ruleBelowScope([item({ scope: "customers" })], L3)).toBeNull();
    expect(ruleBelowScope([item({ scope: "individual" })], defaultRulesForLevel(1))).toBeNull();
  });
});

describe("gapReasons", () => {
  it("lists reasons most important first", () => {
    const weak = item({ scope: "individual", source: "self-reported", links: [], dateStart: "2020-01-01" });
    expect(gapReasons([weak], L3, ASOF).map((r) => r.code)).toEqual([
      "below-scope",
      "thin",
      "unverified",
      "self-reported-only",
      "stale",
    ]);
  });
});

describe("gapExplanations", () => {
  it("has one plain sentence per code", () => {
    expect(Object.keys(gapExplanations).sort()).toEqual([...GAP_CODES].sort());
    for (const text of Object.values(gapExplanations)) expect(text).toMatch(/^[A-Z][^.]*[^.\s]\.$/);
  });
});

/* ---------- Item warnings ---------- */

describe("overstretchedItems", () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`);

  it("allows exactly maxExpectationsPerItem and warns above it", () => {
    expect(overstretchedItems([item({ keys: keys(4) })], L3)).toEqual([]);
    const five = item({ keys: keys(5) });
    expect(overstretchedItems([five], L3)).toEqual([
      {
        code: "overstretched",
        evidenceId: five.id,
        message: `${five.ref} is cited for 5 expectations; the committee may see one example stretched too far.`,
        remedy: "Keep it for the 4 expectations it shows best and find other examples for the rest.",
      },
    ]);
  });

  it("counts a repeated key once and skips keys the ladder lacks", () => {
    expect(overstretchedItems([item({ keys: [...keys(4), "k0", "k1"] })], L3)).toEqual([]);
    const known = new Set(keys(4));
    expect(overstretchedItems([item({ keys: [...keys(4), "gone"] })], L3, known)).toEqual([]);
  });

  it("follows an overridden maximum", () => {
    expect(overstretchedItems([item({ keys: keys(5) })], { ...L3, maxExpectationsPerItem: 5 })).toEqual([]);
  });
});

/* ---------- The whole case ---------- */

describe("analyseCase", () => {
  it("rates strong, weak, missing and not applicable", () => {
    const a = item({ keys: ["impact-a", "impact-b", "people-a"], dateStart: "2026-03-01" });
    const b = item({ keys: ["impact-a", "people-a"], dateStart: "2025-11-02", scope: "organisation" });
    const result = analyseCase({ ladder: ladder(), evidence: [a, b], marks: [na("people-a")], asOf: ASOF });
    const e = byKey(result);

    expect(e.get("impact-a")?.status).toBe("strong");
    expect(e.get("impact-a")?.reasons).toEqual([]);
    expect(e.get("impact-b")?.status).toBe("weak");
    expect(e.get("impact-b")?.reasons.map((r) => r.code)).toEqual(["thin"]);
    expect(e.get("impact-c")?.status).toBe("missing");
    expect(e.get("impact-c")?.reasons.map((r) => r.code)).toEqual(["missing"]);
    expect(e.get("people-a")).toMatchObject({
      status: "not-applicable",
      reasons: [],
      notApplicableReason: "Not part of this role.",
      evidenceIds: [a.id, b.id],
    });
    expect(result.counts).toEqual({ total: 5, strong: 1, weak: 1, missing: 2, notApplicable: 1 });
    expect(result.summary).toBe("1 of 5 strong, 1 weak, 2 missing, 1 not applicable");
    expect(result.rules).toEqual(L3);
    expect(result.asOf).toBe(ASOF);
  });

  it("gives a section with no expectations zero counts", () => {
    const result = analyseCase({ ladder: ladder(), evidence: [], marks: [], asOf: ASOF });
    const empty = result.sections.find((s) => s.key === "empty");
    expect(empty).toEqual({
      key: "empty",
      title: "Nothing yet",
      counts: { total: 0, strong: 0, weak: 0, missing: 0, notApplicable: 0 },
      expectations: [],
    });
    expect(result.summary).toBe("0 of 5 strong, 0 weak, 5 missing");
  });

  it("handles a ladder with no sections", () => {
    const result = analyseCase({ ladder: ladder({ sections: [] }), evidence: [item({ keys: ["x"] })], marks: [], asOf: ASOF });
    expect(result.summary).toBe("0 of 0 strong, 0 weak, 0 missing");
    expect(result.nextSteps).toEqual([]);
  });

  it("ignores evidence for keys the ladder does not have", () => {
    const stray = item({ keys: ["retired-expectation", "impact-a", "k1", "k2", "k3"] });
    const result = analyseCase({ ladder: ladder(), evidence: [stray], marks: [na("also-retired")], asOf: ASOF });
    const ids = result.sections.flatMap((s) => s.expectations.flatMap((e) => e.evidenceIds));
    expect(ids).toEqual([stray.id]);
    expect(result.counts.total).toBe(5);
    expect(result.counts.notApplicable).toBe(0);
    expect(result.itemWarnings).toEqual([]);
  });

  it("lists evidence newest first by end date, then by ref, once each", () => {
    const old = item({ ref: "E-1", keys: ["impact-a"], dateStart: "2025-01-01" });
    const range = item({ ref: "E-2", keys: ["impact-a"], dateStart: "2024-01-01", dateEnd: "2026-04-01" });
    const tieB = item({ ref: "E-4", keys: ["impact-a"], dateStart: "2026-02-01" });
    const tieA = item({ ref: "E-3", keys: ["impact-a", "impact-a"], dateStart: "2026-02-01" });
    const result = analyseCase({ ladder: ladder(), evidence: [old, tieB, range, tieA], marks: [], asOf: ASOF });
    expect(byKey(result).get("impact-a")?.evidenceIds).toEqual([range.id, tieA.id, tieB.id, old.id]);
  });

  it("orders references on the same date as numbers: E-99 before E-100", () => {
    const e100 = item({ ref: "E-100", keys: ["impact-a"], dateStart: "2026-02-01" });
    const e99 = item({ ref: "E-99", keys: ["impact-a"], dateStart: "2026-02-01" });
    const result = analyseCase({ ladder: ladder(), evidence: [e100, e99], marks: [], asOf: ASOF });
    expect(byKey(result).get("impact-a")?.evidenceIds).toEqual([e99.id, e100.id]);
  });

  it("applies the ladder's front-matter overrides", () => {
    const one = item({ keys: ["impact-a"], scope: "team" });
    const strict = analyseCase({ ladder: ladder(), evidence: [one], marks: [], asOf: ASOF });
    expect(byKey(strict).get("impact-a")?.status).toBe("weak");
    const lenient = analyseCase({ ladder: ladder({ rules: { minItems: 1 } }), evidence: [one], marks: [], asOf: ASOF });
    expect(byKey(lenient).get("impact-a")?.status).toBe("strong");
    const wider = analyseCase({ ladder: ladder({ rules: { minItems: 1, minScope: "organisation" } }), evidence: [one], marks: [], asOf: ASOF });
    expect(byKey(wider).get("impact-a")?.reasons.map((r) => r.code)).toEqual(["below-scope"]);
  });

  it("keeps the gap note, including on strong and not-applicable expectations", () => {
    const marks: ExpectationMark[] = [
      { expectationKey: "impact-c", notApplicableReason: null, gapNote: "Planned for Q3." },
      { expectationKey: "people-b", notApplicableReason: "No docs team.", gapNote: "Revisit." },
    ];
    const e = byKey(analyseCase({ ladder: ladder(), evidence: [], marks, asOf: ASOF }));
    expect(e.get("impact-c")).toMatchObject({ status: "missing", gapNote: "Planned for Q3.", notApplicableReason: null });
    expect(e.get("people-b")).toMatchObject({ status: "not-applicable", gapNote: "Revisit." });
  });

  it("warns about overstretched items", () => {
    const wide = item({ keys: ["impact-a", "impact-b", "impact-c", "people-a", "people-b"] });
    const result = analyseCase({ ladder: ladder(), evidence: [wide, item({ keys: ["impact-a"] })], marks: [], asOf: ASOF });
    expect(result.itemWarnings.map((w) => w.evidenceId)).toEqual([wide.id]);
  });

  it("ranks next steps: missing, then weak by number of reasons, then ladder order", () => {
    const good = { scope: "team" as const, source: "observed" as const, links: ["https://x.example"], dateStart: "2026-05-01" };
    const evidence = [
      // people-a: thin only (1 reason)
      item({ ...good, keys: ["people-a"] }),
      // impact-b: below-scope + thin + stale (3 reasons)
      item({ ...good, keys: ["impact-b"], scope: "individual", dateStart: "2020-01-01" }),
      // impact-a: thin + unverified (2 reasons)
      item({ ...good, keys: ["impact-a"], links: [] }),
    ];
    const result = analyseCase({ ladder: ladder(), evidence, marks: [na("impact-c")], asOf: ASOF });
    expect(result.nextSteps.map((s) => s.expectationKey)).toEqual(["people-b", "impact-b", "impact-a", "people-a"]);
    expect(result.nextSteps.map((s) => s.priority)).toEqual([4, 3, 2, 1]);
    expect(result.nextSteps[0]).toMatchObject({ sectionKey: "people", text: "Writes knowledge articles." });
    expect(result.nextSteps.map((s) => s.action)).toEqual([
      ruleMissing([])?.remedy,
      ruleBelowScope([item({ scope: "individual" })], L3)?.remedy,
      ruleThin([item()], L3)?.remedy,
      ruleThin([item()], L3)?.remedy,
    ]);
  });

  it("breaks ties among missing expectations by ladder order", () => {
    const result = analyseCase({ ladder: ladder(), evidence: [], marks: [], asOf: ASOF });
    expect(result.nextSteps.map((s) => s.expectationKey)).toEqual(["impact-a", "impact-b", "impact-c", "people-a", "people-b"]);
  });

  it("rejects a malformed as-of date even with no evidence", () => {
    expect(() => analyseCase({ ladder: ladder(), evidence: [], marks: [], asOf: "June 2026" })).toThrow(RangeError);
  });
});

/* ---------- Properties ---------- */

const dateArb = fc
  .date({ min: new Date("2022-01-01T00:00:00Z"), max: new Date("2027-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const ladderArb = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 5 }))
  .map(([level, sizes]): Ladder => ({
    level,
    title: `Level ${level}`,
    summary: "",
    rules: {},
    sections: sizes.map((size, s) => ({
      key: `s${s}`,
      title: `Section ${s}`,
      intro: null,
      line: s * 10 + 1,
      expectations: Array.from({ length: size }, (_, e) => ({ key: `s${s}-e${e}`, text: `Expectation ${s}.${e}`, line: s * 10 + e + 2 })),
    })),
  }));

function allKeys(l: Ladder): string[] {
  return l.sections.flatMap((s) => s.expectations.map((e) => e.key));
}

const itemShapeArb = (keys: string[]) =>
  fc.record({
    dateStart: dateArb,
    dateEnd: fc.option(dateArb, { nil: null }),
    scope: fc.constantFrom(...SCOPES),
    source: fc.constantFrom(...EVIDENCE_SOURCES),
    links: fc.boolean().map((has): string[] => (has ? ["https://t.example/1"] : [])),
    vouchers: fc.boolean().map((has) => (has ? [{ name: "Sam", role: "Peer" }] : [])),
    keys: fc.array(fc.constantFrom(...keys, "unknown-1", "unknown-2"), { maxLength: 7 }),
    ref: fc.constantFrom("E-1", "E-2", "E-3"),
  });

function toRecord(shape: { keys: string[] } & Partial<EvidenceRecord>, i: number): EvidenceRecord {
  const { keys, ...rest } = shape;
  return item({ ...rest, id: `p-${i}`, keys });
}

const caseArb = ladderArb.chain((l) => {
  const keys = allKeys(l);
  return fc.record({
    ladder: fc.constant(l),
    evidence: fc.array(itemShapeArb(keys), { maxLength: 12 }).map((shapes) => shapes.map(toRecord)),
    naKeys: fc.subarray([...keys, "unknown-1"]),
    asOf: dateArb,
    extra: itemShapeArb(keys),
  });
});

function statuses(result: ReturnType<typeof analyseCase>): Map<string, ExpectationStatus> {
  return new Map([...byKey(result)].map(([k, e]) => [k, e.status]));
}

describe("properties", () => {
  it("counts always add up to the total, per section and overall", () => {
    fc.assert(
      fc.property(caseArb, ({ ladder: l, evidence, naKeys, asOf }) => {
        const result = analyseCase({ ladder: l, evidence, marks: naKeys.map((k) => na(k)), asOf });
        const sum = (c: typeof result.counts) => c.strong + c.weak + c.missing + c.notApplicable;
        expect(sum(result.counts)).toBe(result.counts.total);
        expect(result.counts.total).toBe(allKeys(l).length);
        for (const s of result.sections) {
          expect(sum(s.counts)).toBe(s.counts.total);
          expect(s.counts.total).toBe(s.expectations.length);
        }
        expect(result.sections.reduce((n, s) => n + s.counts.strong, 0)).toBe(result.counts.strong);
      }),
    );
  });

  it("marks not applicable whenever the manager did, and missing exactly when nothing supports it", () => {
    fc.assert(
      fc.property(caseArb, ({ ladder: l, evidence, naKeys, asOf }) => {
        const result = analyseCase({ ladder: l, evidence, marks: naKeys.map((k) => na(k)), asOf });
        for (const e of byKey(result).values()) {
          if (naKeys.includes(e.key)) {
            expect(e.status).toBe("not-applicable");
            expect(e.reasons).toEqual([]);
          } else {
            expect(e.status === "missing").toBe(e.evidenceIds.length === 0);
            expect(e.status === "strong").toBe(e.reasons.length === 0);
          }
        }
      }),
    );
  });

  it("adding evidence never makes any expectation worse", () => {
    const rank: Record<ExpectationStatus, number> = { strong: 0, weak: 1, missing: 2, "not-applicable": -1 };
    fc.assert(
      fc.property(caseArb, ({ ladder: l, evidence, naKeys, asOf, extra }) => {
        const marks = naKeys.map((k) => na(k));
        const before = analyseCase({ ladder: l, evidence, marks, asOf });
        const after = analyseCase({ ladder: l, evidence: [...evidence, toRecord(extra, 999)], marks, asOf });
        expect(after.counts.missing).toBeLessThanOrEqual(before.counts.missing);
        const beforeByKey = byKey(before);
        for (const [key, a] of byKey(after)) {
          const b = beforeByKey.get(key)!;
          expect(rank[a.status]).toBeLessThanOrEqual(rank[b.status]);
          if (b.status === "weak" || b.status === "strong") {
            const had = new Set(b.reasons.map((r) => r.code));
            for (const r of a.reasons) expect(had.has(r.code)).toBe(true);
          }
        }
      }),
    );
  });

  it("adding a self-reported item never turns strong into weak or missing", () => {
    fc.assert(
      fc.property(caseArb, ({ ladder: l, evidence, asOf, extra }) => {
        const before = statuses(analyseCase({ ladder: l, evidence, marks: [], asOf }));
        const selfReported = toRecord({ ...extra, source: "self-reported", links: [], vouchers: [], scope: "individual" }, 999);
        const after = statuses(analyseCase({ ladder: l, evidence: [...evidence, selfReported], marks: [], asOf }));
        for (const [key, status] of before) if (status === "strong") expect(after.get(key)).toBe("strong");
      }),
    );
  });

  it("does not depend on the order evidence arrives in", () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) => fc.shuffledSubarray(c.evidence, { minLength: c.evidence.length }).map((shuffled) => ({ ...c, shuffled }))),
        ({ ladder: l, evidence, shuffled, naKeys, asOf }) => {
          const marks = naKeys.map((k) => na(k));
          const a = analyseCase({ ladder: l, evidence, marks, asOf });
          const b = analyseCase({ ladder: l, evidence: shuffled, marks, asOf });
          expect(b.sections).toEqual(a.sections);
          expect(b.nextSteps).toEqual(a.nextSteps);
        },
      ),
    );
  });

  it("lists each supporting item once, newest first", () => {
    fc.assert(
      fc.property(caseArb, ({ ladder: l, evidence, asOf }) => {
        const result = analyseCase({ ladder: l, evidence, marks: [], asOf });
        const byId = new Map(evidence.map((e) => [e.id, e]));
        for (const e of byKey(result).values()) {
          const expected = evidence.filter((ev) => ev.supports.some((s) => s.expectationKey === e.key)).map((ev) => ev.id);
          expect([...e.evidenceIds].sort()).toEqual(expected.sort());
          const dates = e.evidenceIds.map((id) => byId.get(id)!).map((ev) => ev.dateEnd ?? ev.dateStart);
          expect(dates).toEqual([...dates].sort().reverse());
        }
      }),
    );
  });

  it("ranks next steps consistently with their priority", () => {
    fc.assert(
      fc.property(caseArb, ({ ladder: l, evidence, naKeys, asOf }) => {
        const result = analyseCase({ ladder: l, evidence, marks: naKeys.map((k) => na(k)), asOf });
        const e = byKey(result);
        expect(result.nextSteps).toHaveLength(result.counts.weak + result.counts.missing);
        let seenWeak = false;
        let lastReasons = Infinity;
        result.nextSteps.forEach((step, i) => {
          const a = e.get(step.expectationKey)!;
          if (i > 0) expect(step.priority).toBeLessThan(result.nextSteps[i - 1]!.priority);
          expect(step.priority).toBeGreaterThan(0);
          expect(step.action).toBe(a.reasons[0]!.remedy);
          if (a.status === "weak") {
            seenWeak = true;
            expect(a.reasons.length).toBeLessThanOrEqual(lastReasons);
            lastReasons = a.reasons.length;
          } else {
            expect(a.status).toBe("missing");
            expect(seenWeak).toBe(false);
          }
        });
      }),
    );
  });

  it("moves the window back by exactly the given months without passing the as-of day", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 60 }), (asOf, months) => {
        const start = staleWindowStart(asOf, months);
        const [y, m, d] = asOf.split("-").map(Number) as [number, number, number];
        const [sy, sm, sd] = start.split("-").map(Number) as [number, number, number];
        expect(y * 12 + m - (sy * 12 + sm)).toBe(months);
        const lastDay = new Date(Date.UTC(sy, sm, 0)).getUTCDate();
        expect(sd).toBe(Math.min(d, lastDay));
        expect(start <= asOf).toBe(true);
      }),
    );
  });
});
