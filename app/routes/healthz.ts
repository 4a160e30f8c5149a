import { getDatabase } from "~/lib/services.server";

export async function loader() {
  const database = await getDatabase().catch(() => null);
  const ok = database ? await database.ping() : false;
  return new Response(JSON.stringify({ status: ok ? "ok" : "unavailable", database: database?.kind ?? null }), {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "application/json" },
  });
}
