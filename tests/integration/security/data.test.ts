// Deleting a case (issue 6, "Data"): only its owner can, by typing the candidate's name; it takes
// the evidence, links, notes, co-owners and stored packets with it, and the history keeps one entry:
// that the case existed and who deleted it. Nothing else of it is left in any table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseLabel, TestApp } from "../../security/support/app";
import { changedTables, counts, snapshot, type Snapshot } from "../../security/support/db";
import { mainText } from "../../security/support/http";
import { addEvidence, exportPacket, firstAdmin, invite, ladderKeys, openCase, type Person } from "../../security/support/scenario";

const MARKER = "Wilhelmina";
const CANDIDATE = `${MARKER} Oduya`;

describe(`deleting a case (${databaseLabel})`, () => {
  let app: TestApp;
  let admin: Person;
  let a: Person;
  let b: Person;
  let c: Person;
  let caseId: string;
  let otherCase: string;
  let packetId: string;
  let evidence: string[];

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await firstAdmin(app);
    a = await invite(app, admin, { name: "Amara Owner", email: "amara@ladderproof.test" });
    b = await invite(app, admin, { name: "Bruno Other", email: "bruno@ladderproof.test" });
    c = await invite(app, admin, { name: "Chen Coowner", email: "chen@ladderproof.test" });
    caseId = await openCase(a.client, CANDIDATE, [["summary", `${MARKER} is ready`]]);
    const keys = await ladderKeys(a.client, caseId);
    expect((await a.client.post(`/cases/${caseId}/settings`, { intent: "add-co-owner", email: c.email })).status).toBe(302);
    const items = [
      await addEvidence(a.client, caseId, {
        title: `${MARKER} ran the migration`,
        links: ["https://wiki.example.com/migration"],
        vouchers: [{ name: "Pat Peer", role: "Staff engineer" }],
        supports: [[keys[0]!, `${MARKER} led it`], [keys[1]!, "Across teams"]],
      }),
      await addEvidence(c.client, caseId, { title: `${MARKER} mentored`, supports: [[keys[2]!, "Two promotions"]] }),
      await addEvidence(a.client, caseId, { title: `${MARKER} trashed`, supports: [[keys[3]!, "Draft"]] }),
    ];
    evidence = items.map((i) => i.id);
    expect((await a.client.post(`/cases/${caseId}/evidence/${items[2]!.id}/delete`)).status).toBe(302);
    expect((await a.client.post(`/cases/${caseId}/expectations/${keys[4]}`, { intent: "mark", notApplicable: "yes", notApplicableReason: `${MARKER} n/a`, gapNote: "" })).status).toBe(302);
    packetId = await exportPacket(a.client, caseId);
    await exportPacket(admin.client, caseId);
    otherCase = await openCase(b.client, "Bea Unrelated");
    await addEvidence(b.client, otherCase, { title: "Bea's item", supports: [[keys[0]!, "Hers"]] });
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  it("lets only the owner delete it, and only with the candidate's name typed exactly", async () => {
    const form = { intent: "delete-case", confirmName: CANDIDATE };
    expect((await c.client.post(`/cases/${caseId}/settings`, form)).status).toBe(403);
    expect((await admin.client.post(`/cases/${caseId}/settings`, form)).status).toBe(403);
    expect((await b.client.post(`/cases/${caseId}/settings`, form)).status).toBe(404);
    const wrong = await a.client.post(`/cases/${caseId}/settings`, { intent: "delete-case", confirmName: CANDIDATE.toLowerCase() });
    expect(wrong.status).toBe(400);
    expect(mainText(wrong.text)).toContain("Type the candidate's name exactly to delete the case.");
    expect((await a.client.get(`/cases/${caseId}`)).status).toBe(200);
  });

  describe("once deleted", () => {
    let before: Snapshot;
    let after: Snapshot;
    let left: { table: string; n: number }[];
    let audit: Array<Record<string, unknown>>;
    let supportsOfItems: number;

    beforeAll(async () => {
      before = await app.snapshot();
      const deleted = await a.client.post(`/cases/${caseId}/settings`, { intent: "delete-case", confirmName: CANDIDATE });
      expect(deleted.status).toBe(302);
      expect(deleted.location).toBe("/cases?case-deleted=yes");
      ({ after, left, audit, supportsOfItems } = await app.sql(async (sql) => {
        const tables = await sql.query<{ table_name: string }>(
          "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
        );
        const found: { table: string; n: number }[] = [];
        for (const { table_name: table } of tables) {
          const [row] = await sql.query<{ n: number }>(`select count(*)::int as n from "${table}" t where t::text like $1 or t::text like $2`, [
            `%${MARKER}%`,
            `%${caseId}%`,
          ]);
          if (Number(row!.n) > 0) found.push({ table, n: Number(row!.n) });
        }
        return {
          after: await snapshot(sql),
          left: found,
          audit: await sql.query("select case_id, actor_id, actor_name, action, entity_type, entity_id, before, after from audit_events where case_id = $1", [caseId]),
          supportsOfItems: Number(
            (await sql.query<{ n: number }>("select count(*)::int as n from evidence_supports where evidence_id = any($1)", [evidence]))[0]!.n,
          ),
        };
      }));
    }, 60_000);

    it("is gone from every page: the case, its items, its packets and its case file answer 404", async () => {
      for (const path of [`/cases/${caseId}`, `/cases/${caseId}/evidence/${evidence[0]}`, `/cases/${caseId}/packets/${packetId}/download`, `/cases/${caseId}/export`, `/cases/${caseId}/history`]) {
        expect((await a.client.get(path)).status, path).toBe(404);
        expect((await admin.client.get(path)).status, path).toBe(404);
      }
      for (const person of [a, c, admin]) expect((await person.client.get("/cases")).text).not.toContain(MARKER);
      expect((await b.client.get(`/cases/${otherCase}`)).status).toBe(200);
    });

    it("removes its evidence, links, notes, co-owners and stored packets", () => {
      expect(supportsOfItems).toBe(0);
      const gone = (table: string, n: number) => expect(after[table]!.rows, table).toBe(before[table]!.rows - n);
      gone("cases", 1);
      gone("evidence", 3);
      gone("evidence_supports", 4);
      gone("expectation_marks", 1);
      gone("case_owners", 1);
      gone("packets", 2);
      // Accounts, sessions and ladders are untouched.
      for (const table of ["users", "sessions", "ladders", "ladder_versions", "invites"]) {
        expect(changedTables({ [table]: before[table]! }, { [table]: after[table]! }), table).toEqual([]);
      }
    });

    it("keeps one history entry, that the case existed and who deleted it, and nothing else about it anywhere", () => {
      expect(audit).toEqual([
        { case_id: caseId, actor_id: a.id, actor_name: a.name, action: "deleted", entity_type: "case", entity_id: caseId, before: null, after: null },
      ]);
      // The only row anywhere that mentions the case is that entry; the candidate's name is nowhere.
      expect(left, JSON.stringify(counts(after))).toEqual([{ table: "audit_events", n: 1 }]);
    });
  });
});
