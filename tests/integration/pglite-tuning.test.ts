// The embedded database's two performance settings (issue 7): smaller shared buffers, and planner
// statistics gathered at start-up for tables that grew (PGlite has no autovacuum).
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { PGLITE_SHARED_BUFFERS, pgliteStartParams, refreshPlannerStatistics } from "../../app/lib/db.server";

let client: PGlite | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
});

async function open(): Promise<PGlite> {
  client = await PGlite.create(undefined, { startParams: pgliteStartParams() });
  return client;
}

describe("PGlite tuning", () => {
  it("starts Postgres with the smaller shared buffers and keeps PGlite's own settings", async () => {
    const pg = await open();
    const { rows } = await pg.query<{ shared_buffers: string }>("show shared_buffers");
    expect(rows[0]?.shared_buffers).toBe(PGLITE_SHARED_BUFFERS);
    expect(pgliteStartParams()).toEqual(expect.arrayContaining(PGlite.defaultStartParams));
  });

  it("analyzes a table once it has grown, and not again until it grows by a fifth", async () => {
    const pg = await open();
    await pg.exec("create table items (id int primary key, body text); create table empty_one (id int)");
    expect(await refreshPlannerStatistics(pg)).toEqual([]);

    await pg.exec("insert into items select g, repeat('x', 200) from generate_series(1, 2000) g");
    expect(await refreshPlannerStatistics(pg)).toEqual(["items"]);
    const stats = await pg.query<{ n: number }>("select count(*)::int as n from pg_stats where tablename = 'items'");
    expect(stats.rows[0]!.n).toBeGreaterThan(0);
    expect(await refreshPlannerStatistics(pg)).toEqual([]);

    await pg.exec("insert into items select g, repeat('x', 200) from generate_series(2001, 2100) g");
    expect(await refreshPlannerStatistics(pg)).toEqual([]);
    await pg.exec("insert into items select g, repeat('x', 200) from generate_series(2101, 3000) g");
    expect(await refreshPlannerStatistics(pg)).toEqual(["items"]);
  });
});
