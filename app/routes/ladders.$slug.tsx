import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/services.server";
import { getCurrentLadder } from "~/models/ladders.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `L${data.ladder.level}: ${data.ladder.title} · Ladderproof` : "Ladder · Ladderproof" },
];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  const row = await getCurrentLadder(await getDb(), args.params.slug ?? "");
  if (!row) throw new Response("Not found", { status: 404 });
  return { ladder: row.document, version: row.contentHash.slice(0, 12), slug: row.slug };
}

export default function LadderPage() {
  const { ladder, version } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs parents={[{ to: "/ladders", label: "Ladders" }]} current={`L${ladder.level}`} />
      <h1>
        L{ladder.level}: {ladder.title}
      </h1>
      {ladder.summary ? <blockquote className="blockquote">{ladder.summary}</blockquote> : null}
      <p className="muted">
        Version <span className="mono">{version}</span>
      </p>
      {ladder.sections.map((section) => (
        <section key={section.key} className="panel ladder-section" aria-labelledby={`section-${section.key}`}>
          <h2 id={`section-${section.key}`}>{section.title}</h2>
          {section.intro ? <p className="muted">{section.intro}</p> : null}
          <ul className="expectation-list">
            {section.expectations.map((e) => (
              <li key={e.key}>{e.text}</li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
