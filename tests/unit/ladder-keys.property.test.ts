import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLadder } from "~/domain/ladder";

// A made-up ladder: sections of bullets, some under H3 groups, some with bold lead-ins or nested
// group labels, written out as Markdown in a given order.
interface Bullet {
  text: string;
  lead: string | null;
}
interface Section {
  title: string;
  groups: { title: string | null; label: string | null; bullets: Bullet[] }[];
}

const word = fc.constantFrom("soil", "roots", "prune", "seeds", "water", "light", "beds", "tools", "plan", "care", "grow", "teach");
const sentence = fc.array(word, { minLength: 2, maxLength: 7 }).map((w) => `I ${w.join(" ")}`);
const bullet = fc.record({ text: sentence, lead: fc.option(fc.constantFrom("Tenacity", "Care", "Craft"), { nil: null }) });
const group = fc.record({
  title: fc.option(fc.constantFrom("Trees", "Beds", "Lawns"), { nil: null }),
  label: fc.option(fc.constantFrom("Within my group:", "Across the garden:"), { nil: null }),
  bullets: fc.array(bullet, { minLength: 1, maxLength: 5 }),
});
const ladderSpec = fc
  .uniqueArray(fc.constantFrom("Impact", "🌱 Craft", "Growing people", "Planning", "★ Tools ★"), { minLength: 1, maxLength: 4 })
  .chain((titles) => fc.tuple(...titles.map((title) => fc.array(group, { minLength: 1, maxLength: 3 }).map((groups): Section => ({ title, groups })))));

function render(sections: Section[]): string {
  const lines = ["# L3: Gardener", ""];
  for (const s of sections) {
    lines.push(`## ${s.title}`, "");
    for (const g of s.groups) {
      if (g.title) lines.push(`### ${g.title}`, "");
      const indent = g.label ? "  " : "";
      if (g.label) lines.push(`- ${g.label}`);
      for (const b of g.bullets) lines.push(`${indent}- ${b.lead ? `**${b.lead}**: ` : ""}${b.text}`);
      lines.push("");
    }
  }
  return lines.join("\n");
}

/** Expectation text (within its section) -> key. */
function keys(source: string): Map<string, string> {
  const result = parseLadder(source);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return new Map(result.ladder.sections.flatMap((s) => s.expectations.map((e) => [`${s.title}|${e.text}`, e.key] as const)));
}

function shuffle<T>(list: T[], order: number[]): T[] {
  return list
    .map((item, i) => ({ item, rank: order[i % Math.max(order.length, 1)] ?? i }))
    .sort((a, b) => a.rank - b.rank)
    .map((x) => x.item);
}

describe("expectation keys under reordering", () => {
  it("stay the same when sections, groups and bullets are reordered", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(ladderSpec, fc.array(fc.integer(), { minLength: 1, maxLength: 12 }), (sections, order) => {
        const reordered = shuffle(sections, order).map((s) => ({
          ...s,
          groups: shuffle(s.groups, order.slice().reverse()).map((g) => ({ ...g, bullets: shuffle(g.bullets, order) })),
        }));
        expect(keys(render(reordered))).toEqual(keys(render(sections)));
      }),
      { numRuns: 60 },
    );
  });

  it("stay the same when a bullet moves to another group of its section", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(ladderSpec, (sections) => {
        const moved = sections.map((s) => {
          const all = s.groups.flatMap((g) => g.bullets);
          return { ...s, groups: [{ title: null, label: null, bullets: all }] };
        });
        expect(keys(render(moved))).toEqual(keys(render(sections)));
      }),
      { numRuns: 40 },
    );
  });
});
