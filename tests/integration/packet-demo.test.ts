// The packet of the real demo case, built from the database as the Download button builds it:
// every section in order, every evidence item, every gap, well-formed XML, and the export recorded.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPackets, packetInput, storePacket } from "~/models/packets.server";
import { createUser } from "~/models/users.server";
import { seedDemoCase } from "~/models/demo-case.server";
import { buildPacket, SECTION_TITLES } from "~/packet/build";
import { rawText, xmlParts, xmlProblems } from "../fixtures/packet-docx";
import { openTestDatabase, type TestDatabase } from "../support/database";

let t: TestDatabase;
let caseId: string;
const actor = { id: "", name: "Mia Manager" };

beforeAll(async () => {
  t = await openTestDatabase();
  actor.id = (await createUser(t.db, { email: "mia@example.com", name: actor.name, role: "manager" })).id;
  caseId = (await seedDemoCase(t.db, actor.id, "2026-11-30"))!;
});

afterAll(async () => {
  await t?.close();
});

describe("the demo case's packet", () => {
  it("has every section in order, every item, every gap, and parses as strict XML", async () => {
    const input = (await packetInput(t.db, caseId, actor, new Date("2026-11-30T09:00:00Z")))!;
    const built = await buildPacket(input);
    expect(xmlProblems(await xmlParts(built.buffer))).toEqual([]);
    const text = await rawText(built.buffer);

    // Each part's title is on the contents page first; its heading is the last mention.
    const order = ["Promotion packet: Priya Raman", ...Object.values(SECTION_TITLES).slice(1)].map((title) => {
      const at = title.startsWith("Promotion packet") ? text.indexOf(title) : text.lastIndexOf(title);
      expect(at, title).toBeGreaterThanOrEqual(0);
      return at;
    });
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    expect(input.evidence).toHaveLength(15);
    for (const item of input.evidence) {
      expect(text).toContain(item.ref);
      expect(text).toContain(item.title);
    }
    const gapsText = text.slice(text.lastIndexOf(SECTION_TITLES.gaps), text.lastIndexOf(SECTION_TITLES.index));
    const gaps = input.analysis.sections.flatMap((s) => s.expectations).filter((e) => e.status !== "strong");
    // 14 since a named person alone no longer verifies an item: one more expectation is weak until confirmed.
    expect(gaps).toHaveLength(14);
    for (const gap of gaps) expect(gapsText).toContain(gap.text);
    expect(gapsText).toContain("Asking two peers from other teams");
    expect(text).toContain(input.analysis.summary);
    expect(text).toContain(built.fingerprint);
  });

  it("is recorded with who made it, the readiness then, and its fingerprint", async () => {
    const input = (await packetInput(t.db, caseId, actor))!;
    const built = await buildPacket(input);
    await storePacket(t.db, actor, caseId, input, built);
    const [stored] = await listPackets(t.db, caseId);
    expect(stored).toMatchObject({
      createdByName: "Mia Manager",
      readiness: input.analysis.summary,
      fingerprint: built.fingerprint,
      // The SHA-256 of the exact bytes, as anyone can compute it from the downloaded file.
      sha256: createHash("sha256").update(built.buffer).digest("hex"),
      size: built.buffer.byteLength,
    });
    expect(stored!.fileName).toMatch(/^Promotion packet - Priya Raman - \d{4}-\d{2}-\d{2}\.docx$/);
  });
});
