import { describe, expect, it } from "vitest";
import { buildTimeline, describeChanges, tell, type AuditEvent, type TimelineNames } from "~/domain/history";

const names: TimelineNames = {
  timeZone: "Europe/Paris",
  caseHref: "/cases/c",
  expectationHref: (key) => `/cases/c/expectations/${key}`,
  expectation: (key) => (key === "impact.abc" ? "I lead large-scale initiatives" : `text of ${key}`),
  evidence: (id) => (id === "e1" ? { name: "E-01 Ran the bridge", href: "/cases/c/evidence/e1" } : null),
};

function event(over: Partial<AuditEvent>): AuditEvent {
  return { id: 1, at: "2026-12-02T10:00:00.000Z", actorName: "Avery", action: "edited", entityType: "evidence", entityId: "e1", before: null, after: null, ...over };
}

describe("describeChanges", () => {
  it("names fields and stored values in words: Reach, not scope; labels, not codes; display dates", () => {
    expect(
      describeChanges(
        { ref: "E-01", scope: "team", kind: "improvement", source: "metric", dateStart: "2026-03-02", title: "Same" },
        { ref: "E-01", scope: "organisation", kind: "incident", source: "observed", dateStart: "2026-03-12", title: "Same" },
        names,
      ),
    ).toEqual([
      { field: "Date", before: "2 Mar 2026", after: "12 Mar 2026", long: false },
      { field: "Kind", before: "Process or tooling improvement", after: "Customer escalation or incident", long: false },
      { field: "Reach", before: "Team", after: "Organisation", long: false },
      { field: "Source", before: "Metric", after: "Observed by the manager", long: false },
    ]);
  });

  it("says which expectations an item gained or lost instead of listing both sets", () => {
    expect(
      describeChanges(
        { supports: [{ expectationKey: "a", rationale: "x" }, { expectationKey: "impact.abc", rationale: "y" }] },
        { supports: [{ expectationKey: "impact.abc", rationale: "y" }, { expectationKey: "b", rationale: "z" }] },
        names,
      ),
    ).toEqual([
      { field: "Now also shows", before: null, after: "text of b", long: false },
      { field: "No longer shows", before: null, after: "text of a", long: false },
    ]);
  });

  it("marks long or multi-line texts to be shown on request", () => {
    const [change] = describeChanges({ whatHappened: "short" }, { whatHappened: "line one\nline two" }, names);
    expect(change).toMatchObject({ field: "What happened", long: true });
  });

  it("sees no change when empty string and null are swapped", () => {
    expect(describeChanges({ metric: "" }, { metric: null }, names)).toEqual([]);
  });
});

describe("tell", () => {
  it("says a creation in one sentence, without a column of empty fields", () => {
    const told = tell(event({ action: "added", after: { ref: "E-01", title: "Ran the bridge", scope: "team" } }), names);
    expect(told).toMatchObject({ did: "added E-01", subject: "E-01 Ran the bridge", changes: [] });
  });

  it("names an expectation note by the expectation, once", () => {
    const told = tell(
      event({ entityType: "mark", entityId: "impact.abc", action: "expectation note updated", before: null, after: { notApplicableReason: null, gapNote: "Asking Dana" } }),
      names,
    );
    expect(told.subject).toBe("I lead large-scale initiatives");
    expect(told.did).toBe("updated the note on this expectation");
    expect(told.changes).toEqual([{ field: "Gap note", before: null, after: "Asking Dana", long: false }]);
  });

  it("tells an event of a kind it does not know by its action, never failing", () => {
    expect(tell(event({ entityType: "calibration", action: "calibration booked" }), names)).toMatchObject({ did: "calibration booked", subject: "The case" });
  });

  it("tells a confirmation request and its answer under the item, with the person in the sentence", () => {
    const sent = tell(
      event({ entityType: "vouch", entityId: "v1", action: "sent", after: { evidenceId: "e1", name: "Pat Peer", relation: "Staff engineer", email: null, shows: ["the title", "the outcome"] } }),
      names,
    );
    expect(sent).toMatchObject({ subject: "E-01 Ran the bridge", href: "/cases/c/evidence/e1", did: "asked Pat Peer to confirm it" });
    expect(sent.changes).toEqual([
      { field: "Relation", before: null, after: "Staff engineer", long: false },
      { field: "Shown to them", before: null, after: "the title; the outcome", long: false },
    ]);
    const answered = tell(
      event({ entityType: "vouch", entityId: "v1", action: "answered", actorName: "Pat Peer (Staff engineer), through their link", after: { evidenceId: "e1", answer: "corrected", correctionPart: "I did half.", correctionOutcome: null, comment: null } }),
      names,
    );
    expect(answered.did).toBe("confirmed it, with a correction");
    expect(answered.changes).toEqual([{ field: "Their words on the candidate's part", before: null, after: "I did half.", long: false }]);
    expect(tell(event({ entityType: "vouch", action: "declined", after: { evidenceId: "e1" } }), names).did).toBe("said they can't speak to it");
    expect(tell(event({ entityType: "vouch", action: "revoked", before: { evidenceId: "e1", name: "Pat Peer" } }), names).did).toBe("withdrew the request to Pat Peer");
  });

  it("tells the candidate's contributions and the manager's decisions on them", () => {
    expect(tell(event({ entityType: "contribution", action: "added", after: { title: "Fixed deploys" } }), names)).toMatchObject({ subject: "From the candidate", did: "sent “Fixed deploys”" });
    expect(tell(event({ entityType: "contribution", action: "accepted", after: { title: "Fixed deploys", ref: "E-04" } }), names).did).toBe("accepted “Fixed deploys” as E-04");
    expect(tell(event({ entityType: "contribution", action: "dismissed", after: { title: "Old news", reason: "Covered already." } }), names)).toMatchObject({
      did: "dismissed “Old news”",
      changes: [{ field: "Reason", before: null, after: "Covered already.", long: false }],
    });
  });
});

describe("buildTimeline", () => {
  it("groups by day in the viewer's time zone, then by what changed", () => {
    const days = buildTimeline(
      [
        event({ id: 4, at: "2026-12-02T23:30:00.000Z", action: "edited", before: { scope: "team" }, after: { scope: "organisation" } }),
        event({ id: 3, at: "2026-12-02T20:00:00.000Z", entityType: "case", entityId: "c", action: "updated", before: { status: "draft" }, after: { status: "ready" } }),
        event({ id: 2, at: "2026-12-02T19:00:00.000Z", action: "added", after: { ref: "E-01", title: "Ran the bridge" } }),
      ],
      names,
    );
    // 23:30 UTC is already 3 December in Paris.
    expect(days.map((d) => d.label)).toEqual(["3 Dec 2026", "2 Dec 2026"]);
    expect(days[0]!.groups[0]!.entries[0]).toMatchObject({ time: "00:30", did: "edited E-01" });
    expect(days[1]!.groups.map((g) => g.subject)).toEqual(["The case", "E-01 Ran the bridge"]);
    expect(days[1]!.groups[0]!.entries[0]!.changes).toEqual([
      { field: "Status", before: "Draft", after: "Ready for calibration", long: false },
    ]);
  });

  it("says UTC when the viewer's time zone is not known", () => {
    const days = buildTimeline([event({ at: "2026-12-02T23:30:00.000Z" })], { ...names, timeZone: "Not/AZone" });
    expect(days[0]!.groups[0]!.entries[0]!.time).toBe("23:30 UTC");
  });
});
