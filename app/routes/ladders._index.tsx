import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ladderLevelLabel } from "~/domain/ladder";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/services.server";
import { listLadders } from "~/models/ladders.server";

export const meta: MetaFunction = () => [{ title: "Ladders · Ladderproof" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  const rows = await listLadders(await getDb());
  const tracks = new Map<string, ReturnType<typeof card>[]>();
  for (const row of rows) {
    const track = row.document.track ?? "";
    tracks.set(track, [...(tracks.get(track) ?? []), card(row)]);
  }
  // Named tracks in alphabetical order; documents without a track last.
  const order = [...tracks.keys()].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)));
  return { tracks: order.map((name) => ({ name, ladders: tracks.get(name)! })) };
}

function card(row: Awaited<ReturnType<typeof listLadders>>[number]) {
  const doc = row.document;
  return {
    slug: row.slug,
    levelLabel: ladderLevelLabel(doc),
    title: doc.title,
    sections: doc.sections.length,
    expectations: doc.sections.reduce((n, s) => n + s.expectations.length, 0),
    aliasOf: doc.aliasOf?.title ?? null,
  };
}

export default function Ladders() {
  const { tracks } = useLoaderData<typeof loader>();
  const named = tracks.some((t) => t.name !== "");
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Ladders</h1>
          <p className="lede">The levels a case can be made against, read from your organisation&apos;s own documents.</p>
        </div>
      </div>
      {tracks.length === 0 ? (
        <p>No ladders are loaded. Put ladder documents in the content folder and restart Ladderproof.</p>
      ) : (
        tracks.map((track) => (
          <section key={track.name || "none"} aria-labelledby={named ? `track-${track.name || "none"}` : undefined} className="ladder-track">
            {named ? (
              <h2 id={`track-${track.name || "none"}`}>{track.name || "Without a track"}</h2>
            ) : null}
            <ul className="card-grid plain-list">
              {track.ladders.map((l) => (
                <li key={l.slug} className="card">
                  <CardHeading named={named}>
                    <Link to={`/ladders/${l.slug}`}>{l.levelLabel ? `${l.levelLabel}: ${l.title}` : l.title}</Link>
                  </CardHeading>
                  <p className="muted">
                    {l.aliasOf
                      ? `Same expectations as ${l.aliasOf}`
                      : `${l.sections} section${l.sections === 1 ? "" : "s"}, ${l.expectations} expectation${l.expectations === 1 ? "" : "s"}`}
                    {l.levelLabel ? null : " · level not stated"}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </>
  );
}

/** One heading level below the track's, so that the outline never skips a level. */
function CardHeading({ named, children }: { named: boolean; children: React.ReactNode }) {
  return named ? <h3 className="h3">{children}</h3> : <h2 className="h3">{children}</h2>;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
