// The case page stays the same size however big the case grows: under each expectation it lists
// the newest few items and links to the expectation's page for the rest; the evidence list has
// every item once. Through the production server, on PGlite or PostgreSQL (TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ITEMS_PER_EXPECTATION_ON_CASE_PAGE } from "~/domain/policy";
import { databaseLabel, TestApp } from "../security/support/app";
import { mainText, type Client } from "../security/support/http";
import { addEvidence, firstAdmin, ladderKeys, openCase, refsToIds } from "../security/support/scenario";

const ITEMS = ITEMS_PER_EXPECTATION_ON_CASE_PAGE + 2;

/** The case page's block for one expectation under "Evidence by expectation". */
function expectationBlock(html: string, key: string): string {
  const start = html.indexOf(`id="exp-${key}"`);
  if (start < 0) throw new Error(`No block for ${key} on the case page`);
  const next = html.indexOf('class="expectation-block"', start);
  return html.slice(start, next < 0 ? undefined : next);
}

describe(`the case page of a big case (${databaseLabel})`, () => {
  let app: TestApp;
  let client: Client;
  let caseId: string;
  let keys: string[];
  const refs: string[] = [];

  beforeAll(async () => {
    app = await TestApp.start();
    client = (await firstAdmin(app)).client;
    caseId = await openCase(client, "Cam Capped");
    keys = await ladderKeys(client, caseId);
    // E-01 is the oldest, E-07 the newest; every item supports the first expectation.
    for (let i = 1; i <= ITEMS; i++) {
      const day = String(i).padStart(2, "0");
      const { ref } = await addEvidence(client, caseId, {
        title: `Item number ${i}`,
        dateStart: `2026-03-${day}`,
        supports: [[keys[0]!, `Why item ${i} shows it`]],
      });
      refs.push(ref);
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it("lists the newest items under the expectation and links to all of them", async () => {
    const page = await client.get(`/cases/${caseId}`);
    expect(page.status).toBe(200);
    const block = expectationBlock(page.text, keys[0]!);
    const shown = Object.keys(refsToIds(block));
    expect(shown).toEqual(refs.slice().reverse().slice(0, ITEMS_PER_EXPECTATION_ON_CASE_PAGE));
    expect(block).toContain(`Why item ${ITEMS} shows it`);
    expect(block).not.toContain("Item number 1<");
    expect(block).toContain(`href="/cases/${caseId}/expectations/${keys[0]}"`);
    expect(mainText(block)).toContain(`All ${ITEMS} items for this expectation`);
    expect(mainText(block)).toContain(`(the newest ${ITEMS_PER_EXPECTATION_ON_CASE_PAGE} are shown here)`);
    // The tile counts every item, not only those listed.
    const tile = page.text.slice(page.text.indexOf(`data-expectation="${keys[0]}"`));
    expect(mainText(tile.slice(0, tile.indexOf("</li>")))).toContain(`${ITEMS} items`);
    // An expectation with nothing says so, with no "all items" link.
    const empty = expectationBlock(page.text, keys[1]!);
    expect(empty).toContain("No evidence yet.");
    expect(empty).not.toContain("All ");
  });

  it("the expectation's page and the evidence list have every item", async () => {
    const expectation = await client.get(`/cases/${caseId}/expectations/${keys[0]}`);
    expect(expectation.status).toBe(200);
    expect(Object.keys(refsToIds(expectation.text)).sort()).toEqual(refs.slice().sort());

    const list = await client.get(`/cases/${caseId}/evidence`);
    expect(list.status).toBe(200);
    expect(Object.keys(refsToIds(list.text))).toEqual(refs);
    expect(mainText(list.text)).toContain(`${ITEMS} items, in the order they were recorded`);
  });
});
