import { describe, expect, it } from "vitest";
import { describeChanges } from "~/domain/history";

describe("describeChanges", () => {
  it("lists only the fields that changed, with readable labels", () => {
    const changes = describeChanges(
      { title: "Old", outcome: "Same", links: ["https://a.example"] },
      { title: "New", outcome: "Same", links: ["https://a.example", "https://b.example"] },
    );
    expect(changes).toEqual([
      { field: "Title", before: "Old", after: "New" },
      { field: "Links", before: "https://a.example", after: "https://a.example; https://b.example" },
    ]);
  });

  it("treats a creation as every field going from nothing to its value", () => {
    const changes = describeChanges(null, { title: "Item", vouchers: [{ name: "Dana", role: "Director" }], metric: null });
    expect(changes).toEqual([
      { field: "Title", before: null, after: "Item" },
      { field: "Who can vouch", before: null, after: "Dana (Director)" },
    ]);
  });

  it("treats a deletion as every field going to nothing", () => {
    expect(describeChanges({ ref: "E-03", title: "Gone" }, null)).toEqual([
      { field: "Title", before: "Gone", after: null },
      { field: "Evidence", before: "E-03", after: null },
    ]);
  });

  it("sees no change when empty string and null are swapped", () => {
    expect(describeChanges({ metric: "" }, { metric: null })).toEqual([]);
  });
});

describe("describeChanges with expectation texts", () => {
  it("names expectations by their text, not their key", () => {
    const text = (key: string) => (key === "impact.abc" ? "I lead large-scale initiatives" : key);
    expect(
      describeChanges(null, { expectationKey: "impact.abc", rationale: "Led the rota" }, text),
    ).toEqual([
      { field: "Rationale", before: null, after: "Led the rota" },
      { field: "Expectation", before: null, after: "I lead large-scale initiatives" },
    ]);
    expect(describeChanges(null, { supports: [{ expectationKey: "impact.abc", rationale: "Why" }] }, text)).toEqual([
      { field: "Expectations", before: null, after: "I lead large-scale initiatives: Why" },
    ]);
  });
});
