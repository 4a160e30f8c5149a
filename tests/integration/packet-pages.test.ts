// The packet read as a committee member reads it: laid out by LibreOffice, page by page. The demo case fits in
// eight pages with the brief alone on page one, no page is left nearly empty, and no long sentence is repeated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packetInput } from "~/models/packets.server";
import { createUser } from "~/models/users.server";
import { seedDemoCase } from "~/models/demo-case.server";
import { buildPacket, SECTION_TITLES } from "~/packet/build";
import { bigCase } from "../fixtures/packet-cases";
import { missingTools, renderPages, repeatedSentences, type RenderedPage } from "../fixtures/packet-pdf";
import { openTestDatabase, type TestDatabase } from "../support/database";

let t: TestDatabase;
const missing = missingTools();

beforeAll(async () => {
  if (missing.length > 0 && process.env.CI === "true") throw new Error(`${missing.join(", ")} not on PATH`);
  t = await openTestDatabase();
});

afterAll(async () => {
  await t?.close();
});

function expectBriefOnPageOne(pages: readonly RenderedPage[], candidate: string): void {
  const [first, second] = pages;
  expect(first?.text).toContain(`Promotion packet: ${candidate}`);
  for (const heading of ["Recommendation", "Readiness by section", "Strongest evidence", "Open risks"]) {
    expect(first?.blocks, heading).toContain(heading);
  }
  expect(first?.text).not.toContain(SECTION_TITLES.evidence);
  expect(second?.blocks[0]).toBe(SECTION_TITLES.contents);
}

function expectNoNearlyEmptyPage(pages: readonly RenderedPage[]): void {
  const thin = pages.slice(0, -1).flatMap((p, i) => (p.fill < 0.25 ? [`page ${i + 1}: ${Math.round(p.fill * 100)}% full`] : []));
  expect(thin).toEqual([]);
}

describe.skipIf(missing.length > 0)("the packet laid out by LibreOffice", () => {
  it("the demo case: at most 8 pages, the brief alone on page one, every page at least a quarter full, no long sentence more than three times", async () => {
    const actor = { id: "", name: "Mia Manager" };
    actor.id = (await createUser(t.db, { email: "pages@example.com", name: actor.name, role: "manager" })).id;
    const caseId = (await seedDemoCase(t.db, actor.id, "2026-11-30"))!;
    const input = (await packetInput(t.db, caseId, actor, new Date("2026-11-30T09:00:00Z")))!;
    const pages = await renderPages((await buildPacket(input)).buffer);

    expect(pages.length).toBeLessThanOrEqual(8);
    expectBriefOnPageOne(pages, "Priya Raman");
    expectNoNearlyEmptyPage(pages);
    expect(repeatedSentences(pages)).toEqual([]);
    // Every heading has text after it on its own page: none ends a page.
    for (const [i, page] of pages.entries()) {
      const last = page.blocks.at(-1) ?? "";
      expect([...Object.values(SECTION_TITLES)], `page ${i + 1} ends with a heading`).not.toContain(last);
    }
  }, 240_000);

  it("a 400-item case: the brief alone on page one, no page nearly empty, no long sentence of ours repeated", async () => {
    const pages = await renderPages((await buildPacket(bigCase(400))).buffer);
    expect(pages.length).toBeGreaterThan(8);
    expectBriefOnPageOne(pages, "Bulk Candidate");
    expectNoNearlyEmptyPage(pages);
    expect(repeatedSentences(pages)).toEqual([]);
    // The evidence index repeats its header row on every page it spans.
    const indexPages = pages.filter((p) => p.blocks.some((b) => /^E-\d{4}$/.test(b)) && p.blocks.includes("Supports"));
    expect(indexPages.length).toBeGreaterThan(1);
  }, 240_000);
});
