import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireAdmin } from "~/lib/auth.server";
import { getDatabase } from "~/lib/services.server";

export const meta: MetaFunction = () => [{ title: "Backup · Ladderproof" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireAdmin(args);
  const database = await getDatabase();
  return { embedded: database.kind === "pglite" };
}

export default function Backup() {
  const { embedded } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <h1>Backup</h1>
      {embedded ? (
        <>
          <p className="lede">
            A backup is a copy of every case, evidence item, packet, account and history entry in this Ladderproof, taken
            while it runs. Keep it as carefully as the cases themselves.
          </p>
          {/* A plain form: the answer is a file to save, not a page. */}
          <form method="post" action="/admin/backup/download" className="panel">
            <button type="submit" className="button">
              Download a backup
            </button>
          </form>
          <h2>Putting a backup back</h2>
          <p>
            Restoring replaces everything in this Ladderproof with what the backup holds. Ask the person who runs
            Ladderproof for your company to do it, and tell them which backup file to use.
          </p>
          <details className="panel">
            <summary>Instructions for the operator</summary>
            <ol>
              <li>Stop Ladderproof.</li>
              <li>
                In its folder, run <code className="command">npm run -s cli -- restore --from FILE</code>, with the path
                of the backup file instead of FILE.
              </li>
              <li>Start Ladderproof again and sign in.</li>
            </ol>
          </details>
        </>
      ) : (
        <p className="lede">
          This Ladderproof keeps its data in PostgreSQL: back it up with <code>pg_dump</code> and restore it with{" "}
          <code>pg_restore</code>, as described in the security documentation.
        </p>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
