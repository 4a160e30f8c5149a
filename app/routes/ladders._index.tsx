import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/services.server";
import { listLadders } from "~/models/ladders.server";

export const meta: MetaFunction = () => [{ title: "Ladders · Ladderproof" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  const ladders = await listLadders(await getDb());
  return {
    ladders: ladders.map((l) => ({
      slug: l.slug,
      level: l.level,
      title: l.title,
      sections: l.document.sections.length,
      expectations: l.document.sections.reduce((n, s) => n + s.expectations.length, 0),
    })),
  };
}

export default function Ladders() {
  const { ladders } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Ladders</h1>
          <p className="lede">The levels a case can be made against, read from your organisation&apos;s own documents.</p>
        </div>
      </div>
      {ladders.length === 0 ? (
        <p>No ladders are loaded. Put ladder documents in the content folder and restart Ladderproof.</p>
      ) : (
        <ul className="card-grid plain-list">
          {ladders.map((l) => (
            <li key={l.slug} className="card">
              <h2 className="h3">
                <Link to={`/ladders/${l.slug}`}>
                  L{l.level}: {l.title}
                </Link>
              </h2>
              <p className="muted">
                {l.sections} sections, {l.expectations} expectations
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
