// Load (issue 6, "Faults and load"): 50 managers, each with their own account and session, add and
// edit evidence at the same time for a bounded time on PostgreSQL. Five managers share each case
// (an owner and four co-owners), so that adds to one case race for its evidence numbers.
// Afterwards: no request failed, every acknowledged write is in the database exactly once with its
// last edit, and the history has one entry per write.
//
// LOAD_SECONDS (default 20, to stay within CI's budget) and LOAD_MANAGERS (default 50) size it;
// docs/SECURITY.md records a one-minute run (LOAD_SECONDS=60). PostgreSQL only: the issue asks for
// it there, and PGlite serves one process anyway.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres, TestApp } from "../../security/support/app";
import { consistencyProblems } from "../../security/support/checks";
import type { Client, Reply } from "../../security/support/http";
import { evidenceFields, firstAdmin, invite, ladderKeys, openCase, refsToIds, type Person } from "../../security/support/scenario";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
const MANAGERS = Number(process.env.LOAD_MANAGERS ?? 50);
const PER_CASE = 5;

if (!onPostgres) console.warn("load.test.ts: SKIPPED on PGlite: the load test runs on PostgreSQL (TEST_DATABASE_URL).");

interface Item {
  id: string;
  title: string;
  edits: number;
}

interface Manager {
  person: Person;
  caseId: string;
  key: string;
  items: Item[];
  attempts: number;
  adds: number;
  edits: number;
}

async function inBatches<T, R>(list: T[], size: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < list.length; i += size) {
    results.push(...(await Promise.all(list.slice(i, i + size).map((item, j) => fn(item, i + j)))));
  }
  return results;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

describe.skipIf(!onPostgres)(`load: ${MANAGERS} managers adding and editing evidence for ${SECONDS} s${onPostgres ? "" : " (skipped: TEST_DATABASE_URL unset)"}`, () => {
  let app: TestApp;
  let managers: Manager[];

  beforeAll(async () => {
    app = await TestApp.start();
    const admin = await firstAdmin(app);
    const people = await inBatches(
      Array.from({ length: MANAGERS }, (_, i) => i),
      5,
      (i) => invite(app, admin, { name: `Load Manager ${i}`, email: `manager${i}@load.test` }, { lookUpId: false }),
    );
    managers = [];
    for (let g = 0; g < MANAGERS; g += PER_CASE) {
      const group = people.slice(g, g + PER_CASE);
      const caseId = await openCase(group[0]!.client, `Load case ${g / PER_CASE}`);
      const keys = await ladderKeys(group[0]!.client, caseId);
      for (const coOwner of group.slice(1)) {
        const added = await group[0]!.client.post(`/cases/${caseId}/settings`, { intent: "add-co-owner", email: coOwner.email });
        if (added.status !== 302) throw new Error(`Could not add ${coOwner.email} as a co-owner: ${added.status}`);
      }
      // Each manager ties their items to their own expectation, so that its page lists only theirs.
      group.forEach((person, i) => managers.push({ person, caseId, key: keys[i]!, items: [], attempts: 0, adds: 0, edits: 0 }));
    }
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it("loses, duplicates and fails nothing, and writes one history entry per change", async () => {
    const errors: string[] = [];
    const latencies: number[] = [];
    const timed = async (what: string, expected: number, request: () => Promise<Reply>): Promise<Reply | null> => {
      const started = performance.now();
      try {
        const reply = await request();
        latencies.push(performance.now() - started);
        if (reply.status !== expected) {
          errors.push(`${what}: HTTP ${reply.status} (expected ${expected}) ${reply.text.slice(0, 200)}`);
          return null;
        }
        return reply;
      } catch (error) {
        errors.push(`${what}: ${(error as Error).message}`);
        return null;
      }
    };

    const add = async (m: Manager, client: Client) => {
      const title = `${m.person.email} item ${m.attempts++}`;
      const reply = await timed("add", 302, () =>
        client.post(`/cases/${m.caseId}/evidence/new?expectation=${m.key}`, evidenceFields({ title, supports: [[m.key, "Under load"]] })),
      );
      if (!reply) return;
      const ref = /[?&]added=(E-\d+)/.exec(reply.location ?? "")?.[1];
      // Like a browser, follow the redirect: the expectation page lists the new item.
      const page = await timed("page after add", 200, () => client.get(reply.location!));
      const id = ref && page ? refsToIds(page.text)[ref] : undefined;
      if (!id) {
        errors.push(`add: ${title} (${ref}) is not on ${reply.location}`);
        return;
      }
      m.adds++;
      m.items.push({ id, title, edits: 0 });
    };

    const edit = async (m: Manager, client: Client) => {
      const item = m.items[Math.floor(Math.random() * m.items.length)]!;
      const form = await timed("edit form", 200, () => client.get(`/cases/${m.caseId}/evidence/${item.id}/edit`));
      const version = Number(/name="version" value="(\d+)"/.exec(form?.text ?? "")?.[1]);
      if (!form || !version) return;
      const title = `${item.title.replace(/ edit \d+$/, "")} edit ${item.edits + 1}`;
      const reply = await timed("edit", 302, () =>
        client.post(`/cases/${m.caseId}/evidence/${item.id}/edit`, evidenceFields({ title, supports: [[m.key, "Under load, edited"]], version })),
      );
      if (!reply) return;
      await timed("page after edit", 200, () => client.get(reply.location!));
      item.title = title;
      item.edits++;
      m.edits++;
    };

    const deadline = Date.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      managers.map(async (m) => {
        while (Date.now() < deadline) {
          if (m.items.length === 0 || Math.random() < 0.5) await add(m, m.person.client);
          else await edit(m, m.person.client);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;

    const adds = managers.reduce((n, m) => n + m.adds, 0);
    const edits = managers.reduce((n, m) => n + m.edits, 0);
    latencies.sort((x, y) => x - y);
    console.log(
      [
        `load: ${MANAGERS} managers, ${elapsed.toFixed(1)} s: ${adds} adds, ${edits} edits, ${latencies.length} requests`,
        `(${(latencies.length / elapsed).toFixed(0)} requests/s); latency p50 ${percentile(latencies, 50).toFixed(0)} ms,`,
        `p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${percentile(latencies, 100).toFixed(0)} ms; errors: ${errors.length}`,
      ].join(" "),
    );
    expect(errors.slice(0, 10)).toEqual([]);
    expect(adds).toBeGreaterThan(MANAGERS);
    expect(edits).toBeGreaterThan(0);

    const db = await app.sql(async (sql) => ({
      evidence: await sql.query<{ id: string; case_id: string; number: number; title: string; version: number }>(
        "select id, case_id, number, title, version from evidence where deleted_at is null",
      ),
      cases: await sql.query<{ id: string; next_evidence_number: number }>("select id, next_evidence_number from cases"),
      audit: await sql.query<{ entity_id: string; action: string; n: number }>(
        "select entity_id, action, count(*)::int as n from audit_events where entity_type = 'evidence' group by entity_id, action",
      ),
      supports: await sql.query<{ evidence_id: string; expectation_key: string }>("select evidence_id, expectation_key from evidence_supports"),
      problems: await consistencyProblems(sql),
    }));
    expect(db.problems).toEqual([]);

    // Every acknowledged add is there once, with its last acknowledged edit, and nothing else is.
    const expected = new Map(managers.flatMap((m) => m.items.map((item) => [item.id, { ...item, caseId: m.caseId, key: m.key }])));
    expect(db.evidence.length).toBe(adds);
    const wrong: string[] = [];
    for (const row of db.evidence) {
      const item = expected.get(row.id);
      if (!item) wrong.push(`${row.id} (${row.title}) was never acknowledged`);
      else if (row.title !== item.title || row.case_id !== item.caseId || Number(row.version) !== 1 + item.edits) {
        wrong.push(`${row.id}: ${row.title} v${row.version}, expected ${item.title} v${1 + item.edits}`);
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    const supportsOf = new Map<string, string[]>();
    for (const s of db.supports) supportsOf.set(s.evidence_id, [...(supportsOf.get(s.evidence_id) ?? []), s.expectation_key]);
    for (const [id, item] of expected) expect(supportsOf.get(id)).toEqual([item.key]);

    // Numbers per case: 1..n with no gap and no repeat, and the next one is n+1.
    for (const c of db.cases) {
      const numbers = db.evidence.filter((e) => e.case_id === c.id).map((e) => Number(e.number)).sort((x, y) => x - y);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      expect(Number(c.next_evidence_number)).toBe(numbers.length + 1);
    }

    // History: exactly one "added" per item and one "edited" per acknowledged edit.
    const history = new Map(db.audit.map((a) => [`${a.entity_id} ${a.action}`, Number(a.n)]));
    expect(db.audit.filter((a) => a.action === "added").reduce((n, a) => n + Number(a.n), 0)).toBe(adds);
    expect(db.audit.filter((a) => a.action === "edited").reduce((n, a) => n + Number(a.n), 0)).toBe(edits);
    for (const [id, item] of expected) {
      expect(history.get(`${id} added`)).toBe(1);
      expect(history.get(`${id} edited`) ?? 0).toBe(item.edits);
    }
  }, (SECONDS + 120) * 1000);
});
