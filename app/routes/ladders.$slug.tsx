import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { byGroup, ExpectationExamples, ExpectationText, LadderAttributes } from "~/components/ladder";
import { formatDate } from "~/domain/dates";
import { ladderLabel, ladderLevelLabel } from "~/domain/ladder";
import { SCOPE_LABELS } from "~/domain/types";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/services.server";
import { getCurrentLadder } from "~/models/ladders.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${ladderLabel(data.ladder)} · Ladderproof` : "Ladder · Ladderproof" },
];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  const row = await getCurrentLadder(await getDb(), args.params.slug ?? "");
  if (!row) throw new Response("Not found", { status: 404 });
  // People read a version by when it was loaded; the hash stays available as a tooltip for operators.
  return { ladder: row.document, version: formatDate(row.loadedAt.toISOString().slice(0, 10)), hash: row.contentHash.slice(0, 12), slug: row.slug };
}

export default function LadderPage() {
  const { ladder, version, hash, slug } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs parents={[{ to: "/ladders", label: "Ladders" }]} current={ladderLevelLabel(ladder) || ladder.title} />
      <h1>{ladderLabel(ladder)}</h1>
      {ladder.summary ? <blockquote className="blockquote">{ladder.summary}</blockquote> : null}
      <p className="muted">
        {ladder.track ? <>Track {ladder.track} · </> : null}
        <span title={`Content hash ${hash}`}>Version of {version}</span> · <Link to={`/ladders/${slug}/versions`}>Versions and changes</Link>
      </p>
      {ladder.aliasOf ? (
        <p>
          This level has the same expectations as{" "}
          {ladder.aliasOf.slug ? <Link to={`/ladders/${ladder.aliasOf.slug}`}>{ladder.aliasOf.title}</Link> : ladder.aliasOf.title}.
        </p>
      ) : null}
      {ladder.attributes?.length ? (
        <section className="panel" aria-labelledby="attributes">
          <h2 id="attributes">About this level</h2>
          <LadderAttributes attributes={ladder.attributes} />
          {ladder.reach ? (
            <p className="muted">Evidence should reach {SCOPE_LABELS[ladder.reach].toLowerCase()} or wider.</p>
          ) : null}
        </section>
      ) : null}
      {ladder.sections.map((section) => (
        <section key={section.key} className="panel ladder-section" aria-labelledby={`section-${section.key}`}>
          <h2 id={`section-${section.key}`}>{section.title}</h2>
          {section.intro ? <p className="muted">{section.intro}</p> : null}
          {byGroup(section.expectations).map((run, i) => (
            <div key={`${run.group ?? ""}-${i}`} className="ladder-group">
              {run.group ? <h3>{run.group}</h3> : null}
              <ul className="expectation-list">
                {run.expectations.map((e) => (
                  <li key={e.key}>
                    <ExpectationText expectation={e} />
                    {e.examples ? <ExpectationExamples examples={e.examples} /> : null}
                  </li>
                ))}
              </ul>
              {run.group && runEnds(section.expectations, run.expectations) ? (
                <ExpectationExamples examples={(section.examples ?? []).filter((x) => x.group === run.group).map((x) => x.text)} />
              ) : null}
            </div>
          ))}
          <ExpectationExamples examples={(section.examples ?? []).filter((x) => x.group === undefined).map((x) => x.text)} />
        </section>
      ))}
    </>
  );
}

/** Shared examples are shown once, after the last run of their group. */
function runEnds<T extends { group?: string }>(all: T[], run: T[]): boolean {
  const last = run.at(-1);
  const group = last?.group;
  return all.findLastIndex((e) => e.group === group) === all.indexOf(last!);
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
