import { describe, expect, it } from "vitest";
import { examplesFor, ladderLabel, parseLadder, parseLadderDocument, readLevelHeading } from "~/domain/ladder";
import { readLadderFiles } from "~/domain/ladder-folder";
import { resolveRules } from "~/domain/gaps";
import type { Ladder, LadderNote } from "~/domain/types";

// Every document here is written for the test: small, made up, in the shapes companies use.
const md = (...lines: string[]): string => `${lines.join("\n")}\n`;

function read(source: string, options = {}): { ladder: Ladder; notes: LadderNote[] } {
  const result = parseLadder(source, options);
  if (!result.ok) throw new Error(`expected a ladder, got ${JSON.stringify(result.problems)}`);
  return { ladder: result.ladder, notes: result.notes };
}

function levels(source: string): Ladder[] {
  const result = parseLadderDocument(source);
  if (!result.ok) throw new Error(`expected levels, got ${JSON.stringify(result.problems)}`);
  return result.levels.map((l) => l.ladder);
}

const texts = (ladder: Ladder) => ladder.sections.flatMap((s) => s.expectations.map((e) => e.text));

describe("title headings", () => {
  it.each([
    ["# L5: Staff Gardener", 5, "L5", "Staff Gardener"],
    ["# L4 Orchard Manager", 4, "L4", "Orchard Manager"],
    ["# L1.0: Graduate Gardener", 1, "L1.0", "Graduate Gardener"],
    ["# L2.5 - Gardener", 2.5, "L2.5", "Gardener"],
    ["# Level 3 — Senior Gardener", 3, "Level 3", "Senior Gardener"],
    ["# IC4: Lead Gardener", 4, "IC4", "Lead Gardener"],
    ["# Head Gardener (L6)", 6, "L6", "Head Gardener"],
    ["# 🌱 L2: Gardener 🌿", 2, "L2", "Gardener"],
  ])("reads %s", (heading, level, label, title) => {
    const { ladder } = read(md(heading, "## Planting", "- I plant"));
    expect({ level: ladder.level, label: ladderLabel(ladder), title: ladder.title }).toEqual({
      level,
      label: `${label}: ${title}`,
      title,
    });
  });

  it("keeps L5's document exactly as before: no level label stored when it is the plain L<n>", () => {
    const { ladder } = read(md("# L5: Staff Gardener", "## Planting", "- I plant"));
    expect(ladder).toEqual({
      level: 5,
      title: "Staff Gardener",
      summary: "",
      rules: {},
      sections: [{ key: "planting", title: "Planting", intro: null, line: 2, expectations: [expect.objectContaining({ text: "I plant" })] }],
    });
  });

  it("reads a title with no level, and says the operator should state it", () => {
    const { ladder, notes } = read(md("# Senior Gardener", "## Planting", "- I plant"));
    expect(ladder).toMatchObject({ level: 0, levelLabel: "", title: "Senior Gardener" });
    expect(ladderLabel(ladder)).toBe("Senior Gardener");
    expect(notes[0]!.message).toMatch(/set "level:"/);
  });

  it("takes the level from front matter, and a title that is only in front matter", () => {
    const { ladder } = read(md("---", "title: Senior Gardener", "level: 3", "track: Gardens", "---", "## Planting", "- I plant"));
    expect(ladder).toMatchObject({ level: 3, title: "Senior Gardener", track: "Gardens" });
    expect(ladderLabel(ladder)).toBe("L3: Senior Gardener");
  });

  it("takes the level the operator passes when the document states none", () => {
    expect(read(md("# Senior Gardener", "## Planting", "- I plant"), { level: 4 }).ladder.level).toBe(4);
  });

  it("does not take words for a level", () => {
    expect(readLevelHeading("Engineering Manager").number).toBeNull();
    expect(readLevelHeading("Lead 2024 planning").number).toBeNull();
  });
});

describe("section headings with decoration", () => {
  it("strips emoji and symbols from titles and keys", () => {
    const { ladder } = read(md("# L3: Gardener", "## 🦉 Domain expertise", "- a", "## ★ Craft ★", "- b", "## 1. Growth", "- c"));
    expect(ladder.sections.map((s) => [s.title, s.key])).toEqual([
      ["Domain expertise", "domain-expertise"],
      ["Craft", "craft"],
      ["1. Growth", "1-growth"],
    ]);
  });

  it("gives a title with no ascii letters a key of its own", () => {
    const { ladder } = read(md("# L3: 庭師", "## 専門性", "- a"));
    expect(ladder.sections[0]!.key).toMatch(/^section-[0-9a-f]{8}$/);
  });
});

describe("nested bullets", () => {
  it("makes a parent ending with a colon a group label, and each child an expectation", () => {
    const { ladder } = read(md("# L4: Head Gardener", "## Leadership", "- Within my group:", "  - I plan the seasons", "  - I grow people", "- I mentor others"));
    expect(ladder.sections[0]!.expectations.map((e) => [e.text, e.group])).toEqual([
      ["I plan the seasons", "Within my group"],
      ["I grow people", "Within my group"],
      ["I mentor others", undefined],
    ]);
  });

  it("makes a bold-only or short parent over two or more children a group label", () => {
    const { ladder } = read(md("# L4: X", "## Craft", "- **Soil**", "  - a", "- Beds and borders", "  - b", "  - c"));
    expect(ladder.sections[0]!.expectations.map((e) => e.group)).toEqual(["Soil", "Beds and borders", "Beds and borders"]);
  });

  it("keeps children that elaborate a sentence as part of it", () => {
    const { ladder } = read(md("# L4: X", "## Craft", "- I mentor junior gardeners on pruning.", "  - through pairing", "  - through reviews"));
    expect(texts(ladder)).toEqual(["I mentor junior gardeners on pruning. (through pairing; through reviews)"]);
    expect(ladder.sections[0]!.expectations[0]!.group).toBeUndefined();
  });

  it("keeps a single child of a short parent as elaboration", () => {
    const { ladder } = read(md("# L4: X", "## Craft", "- I prune", "  - mostly roses"));
    expect(texts(ladder)).toEqual(["I prune (mostly roses)"]);
  });

  it("nests group labels", () => {
    const { ladder } = read(md("# L4: X", "## Craft", "- Outside:", "  - Borders:", "    - I edge borders", "    - I weed borders"));
    expect(ladder.sections[0]!.expectations.map((e) => e.group)).toEqual(["Outside › Borders", "Outside › Borders"]);
  });
});

describe("attributes before the first section", () => {
  const doc = md(
    "# L4 Head Gardener",
    "",
    "- **Thinking horizon**: 1 year",
    "- **Impact radius**: Group",
    "- **Evaluation**: Director",
    "",
    "## Craft",
    "- I prune",
  );

  it("keeps them as the level's attributes", () => {
    expect(read(doc).ladder.attributes).toEqual([
      { name: "Thinking horizon", value: "1 year", line: 3 },
      { name: "Impact radius", value: "Group", line: 4 },
      { name: "Evaluation", value: "Director", line: 5 },
    ]);
  });

  it("uses a stated reach for the below-scope rule instead of the default by level", () => {
    const { ladder } = read(doc);
    expect(ladder.reach).toBe("several-teams");
    expect(resolveRules(ladder).minScope).toBe("several-teams");
    const team = read(doc.replace("Group", "Team")).ladder;
    expect(resolveRules(team).minScope).toBe("team");
    const company = read(doc.replace("Group", "The whole company")).ladder;
    expect(resolveRules(company).minScope).toBe("organisation");
  });

  it("lets front matter rules win over the stated reach", () => {
    const { ladder } = read(md("---", "rules:", "  minScope: customers", "---", doc));
    expect(resolveRules(ladder).minScope).toBe("customers");
  });

  it("notes a reach it cannot place and keeps the default", () => {
    const { ladder, notes } = read(doc.replace("Group", "Galaxy"));
    expect(ladder.reach).toBeUndefined();
    expect(resolveRules(ladder).minScope).toBe("several-teams");
    expect(notes.some((n) => n.line === 4 && /no reach/.test(n.message))).toBe(true);
  });

  it("reads attributes written as lines of a paragraph", () => {
    const { ladder } = read(md("# L2: X", "**Horizon**: 3 months  ", "**Reach**: Team", "", "## Craft", "- a"));
    expect(ladder.attributes?.map((a) => [a.name, a.value])).toEqual([
      ["Horizon", "3 months"],
      ["Reach", "Team"],
    ]);
    expect(ladder.reach).toBe("team");
  });
});

describe("examples in <details> blocks", () => {
  it("keeps a section's examples, never as expectations, and shows them beside its expectations", () => {
    const { ladder } = read(
      md("# L3: X", "## Craft", "- I prune", "- I plant", "", "<details>", "<summary>Examples</summary>", "", "- Pruned the orchard", "- Replanted a bed", "", "</details>"),
    );
    const craft = ladder.sections[0]!;
    expect(texts(ladder)).toEqual(["I prune", "I plant"]);
    expect(craft.examples?.map((e) => e.text)).toEqual(["Pruned the orchard", "Replanted a bed"]);
    expect(examplesFor(craft, craft.expectations[0]!)).toEqual(["Pruned the orchard", "Replanted a bed"]);
  });

  it("reads a block written as raw HTML on consecutive lines", () => {
    const { ladder } = read(md("# L3: X", "## Craft", "- I prune", "", "<details><summary>Examples</summary>", "<ul><li>Pruned the orchard</li>", "<li>Cut back &amp; mulched</li></ul>", "</details>"));
    expect(ladder.sections[0]!.examples?.map((e) => e.text)).toEqual(["Pruned the orchard", "Cut back & mulched"]);
  });

  it("gives examples inside a bullet to that expectation only", () => {
    const { ladder } = read(
      md("# L3: X", "## Craft", "- I prune", "", "  <details>", "  <summary>Examples</summary>", "", "  - Pruned the orchard", "", "  </details>", "", "- I plant"),
    );
    const [prune, plant] = ladder.sections[0]!.expectations;
    expect(prune!.examples).toEqual(["Pruned the orchard"]);
    expect(plant!.examples).toBeUndefined();
    expect(texts(ladder)).toEqual(["I prune", "I plant"]);
  });

  it("keeps group examples for that group", () => {
    const { ladder } = read(md("# L3: X", "## Craft", "### Trees", "- I prune", "", "<details><summary>Examples</summary>", "", "Pruned the orchard", "", "</details>", "", "### Beds", "- I plant"));
    const craft = ladder.sections[0]!;
    expect(examplesFor(craft, craft.expectations[0]!)).toEqual(["Pruned the orchard"]);
    expect(examplesFor(craft, craft.expectations[1]!)).toEqual([]);
  });

  it("ignores other <details> blocks with a note", () => {
    const { ladder, notes } = read(md("# L3: X", "## Craft", "- I prune", "", "<details><summary>History of this page</summary>", "", "Changed in May", "", "</details>"));
    expect(ladder.sections[0]!.examples).toBeUndefined();
    expect(notes[0]!.message).toMatch(/History of this page/);
  });
});

describe("H3 subsections", () => {
  it("makes each H3 a group of its H2", () => {
    const { ladder } = read(md("# L5: X", "## Functional competencies", "### Management", "- I run 1:1s", "### Organisation building", "- I design teams", "## Craft", "- I prune"));
    expect(ladder.sections.map((s) => s.title)).toEqual(["Functional competencies", "Craft"]);
    expect(ladder.sections[0]!.expectations.map((e) => [e.text, e.group])).toEqual([
      ["I run 1:1s", "Management"],
      ["I design teams", "Organisation building"],
    ]);
    expect(ladder.sections[1]!.expectations[0]!.group).toBeUndefined();
  });
});

describe("bold lead-ins", () => {
  it("makes the lead-in the short name and keeps the whole line as the text", () => {
    const { ladder } = read(md("# L3: X", "## Traits", "- **Tenacity**: I keep going when it is hard", "- **Care:** I look after the tools", "- **Curiosity** - I ask why", "- I am **bold** mid-sentence"));
    expect(ladder.sections[0]!.expectations.map((e) => [e.shortName, e.text])).toEqual([
      ["Tenacity", "Tenacity: I keep going when it is hard"],
      ["Care", "Care: I look after the tools"],
      ["Curiosity", "Curiosity - I ask why"],
      [undefined, "I am bold mid-sentence"],
    ]);
  });
});

describe("several levels in one document", () => {
  const doc = md(
    "# Gardener I",
    "",
    "## Craft",
    "- I water the beds",
    "",
    "# Gardener II",
    "",
    "## Craft",
    "- I plan the beds",
    "",
    "# Senior Gardener",
    "",
    "## Craft",
    "- I design the garden",
  );

  it("makes each heading its own level, in order", () => {
    const all = levels(doc);
    expect(all.map((l) => [l.level, l.title, texts(l)])).toEqual([
      [1, "Gardener I", ["I water the beds"]],
      [2, "Gardener II", ["I plan the beds"]],
      [3, "Senior Gardener", ["I design the garden"]],
    ]);
  });

  it("starts the numbering at the front matter's level, and keeps stated numbers", () => {
    expect(levels(md("---", "level: 3", "---", doc)).map((l) => l.level)).toEqual([3, 4, 5]);
    expect(levels(doc.replace("# Gardener II", "# L7: Gardener II")).map((l) => l.level)).toEqual([1, 7, 8]);
  });

  it("reads levels written as '## ' headings under one title", () => {
    const all = levels(md("# Garden ladder", "## L1: Gardener", "### Craft", "- I water", "## L2: Senior Gardener", "### Craft", "- I plan"));
    expect(all.map((l) => [l.level, l.title, l.sections.map((s) => s.title)])).toEqual([
      [1, "Gardener", ["Craft"]],
      [2, "Senior Gardener", ["Craft"]],
    ]);
  });

  it("gives each level its own part of the source for its version", () => {
    const result = parseLadderDocument(doc);
    if (!result.ok) throw new Error("expected levels");
    expect(result.levels.map((l) => l.source.trim().split("\n")[0])).toEqual(["# Gardener I", "# Gardener II", "# Senior Gardener"]);
  });
});

describe("levels written as paragraphs", () => {
  it("takes each paragraph as an expectation when a level has no bullets, and asides as attributes", () => {
    const all = levels(
      md("# Gardener I", "", "*Experience: typically 2 years*", "", "Waters the beds without being asked.", "", "Asks for help early.", "", "# Gardener II", "", "**Experience: 4 years**", "", "Plans a bed for a season."),
    );
    expect(all.map((l) => [texts(l), l.attributes?.map((a) => `${a.name}=${a.value}`)])).toEqual([
      [["Waters the beds without being asked.", "Asks for help early."], ["Experience=typically 2 years"]],
      [["Plans a bed for a season."], ["Experience=4 years"]],
    ]);
  });

  it("reads paragraphs under section headings too", () => {
    const { ladder } = read(md("# L2: X", "## Craft", "Waters the beds.", "", "Prunes with care.", "## Team", "Helps others."));
    expect(ladder.sections.map((s) => [s.title, s.intro, s.expectations.map((e) => e.text)])).toEqual([
      ["Craft", null, ["Waters the beds.", "Prunes with care."]],
      ["Team", null, ["Helps others."]],
    ]);
  });
});

describe("aliases", () => {
  const folder = [
    { path: "gardens/junior.md", source: md("# L1: Junior Gardener", "## Craft", "- I water") },
    { path: "gardens/apprentice.md", source: md("# L1: Apprentice", "", "This level is equivalent to [Junior Gardener](./junior.md).") },
    { path: "gardens/trainee.md", source: md("# L1: Trainee", "", "Same as [Junior Gardener](#).") },
    { path: "gardens/ghost.md", source: md("# L1: Ghost", "", "Equivalent to [Night Gardener](./night.md).") },
  ];

  it("loads a document that points to another level as its alias, with that level's expectations", () => {
    const read = readLadderFiles(folder);
    const bySlug = new Map(read.levels.map((l) => [l.slug, l]));
    const apprentice = bySlug.get("gardens--apprentice")!;
    expect(apprentice.aliasTarget).toBe("gardens--junior");
    expect(apprentice.ladder.aliasOf).toMatchObject({ title: "L1: Junior Gardener", slug: "gardens--junior" });
    expect(apprentice.ladder.sections).toEqual(bySlug.get("gardens--junior")!.ladder.sections);
    expect(bySlug.get("gardens--trainee")!.aliasTarget).toBe("gardens--junior");
  });

  it("reports an alias whose level is missing, plainly, and loads the rest", () => {
    const read = readLadderFiles(folder);
    expect(read.levels.map((l) => l.slug)).not.toContain("gardens--ghost");
    const ghost = read.documents.find((d) => d.path === "gardens/ghost.md")!;
    expect(ghost.problems).toEqual([{ line: 1, message: expect.stringContaining('"Night Gardener"') }]);
  });
});

describe("tracks and slugs from folders", () => {
  it("takes the track from the sub-folder unless the front matter names one", () => {
    const read = readLadderFiles([
      { path: "L5-Top.md", source: md("# L5: Top", "## A", "- a") },
      { path: "customer-support/L3 Support.md", source: md("# L3: Support", "## A", "- a") },
      { path: "customer-support/L4.md", source: md("---", "track: Customer Success", "---", "# L4: Lead", "## A", "- a") },
      { path: "eng/ladder.md", source: md("# Engineer I", "## A", "- a", "# Engineer II", "## A", "- b") },
    ]);
    expect(read.levels.map((l) => [l.slug, l.ladder.track ?? null])).toEqual([
      ["customer-support--L3-Support", "Customer support"],
      ["customer-support--L4", "Customer Success"],
      ["eng--ladder--engineer-i", "Eng"],
      ["eng--ladder--engineer-ii", "Eng"],
      ["L5-Top", null],
    ]);
  });
});
