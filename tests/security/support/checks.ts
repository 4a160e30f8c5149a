// What "the database is consistent" means for Ladderproof's data, as queries: used after a crash,
// after a restore and after the load test.
import type { Sql } from "./db";

/** The problems found; [] when the database is consistent. */
export async function consistencyProblems(sql: Sql): Promise<string[]> {
  const problems: string[] = [];
  const count = async (what: string, query: string) => {
    const [row] = await sql.query<{ n: number }>(`select count(*)::int as n from (${query}) q`);
    if (Number(row!.n) > 0) problems.push(`${row!.n} ${what}`);
  };
  await count("evidence items without any expectation", `select e.id from evidence e where not exists (select 1 from evidence_supports s where s.evidence_id = e.id)`);
  await count("duplicate evidence numbers", `select case_id, number from evidence group by case_id, number having count(*) > 1`);
  await count("cases whose next evidence number is already used", `select c.id from cases c join evidence e on e.case_id = c.id group by c.id, c.next_evidence_number having max(e.number) >= c.next_evidence_number`);
  await count(
    "evidence items with no history entry for their creation",
    `select e.id from evidence e where not exists (select 1 from audit_events a where a.entity_type = 'evidence' and a.action in ('added', 'imported') and a.entity_id = e.id)`,
  );
  await count(
    "creation history entries of items that are not there (and whose case is)",
    `select a.id from audit_events a join cases c on c.id = a.case_id where a.entity_type = 'evidence' and a.action = 'added' and not exists (select 1 from evidence e where e.id = a.entity_id)`,
  );
  await count("evidence items whose version disagrees with their history", `
    select e.id from evidence e
     where e.deleted_at is null
       and e.version < 1 + (select count(*) from audit_events a where a.entity_id = e.id and a.entity_type = 'evidence' and a.action = 'edited')`);
  // Every table can be read from end to end (a damaged page would fail here).
  const tables = await sql.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  for (const { table_name: table } of tables) await sql.query(`select md5(string_agg(t::text, '')) from "${table}" t`);
  return problems;
}
