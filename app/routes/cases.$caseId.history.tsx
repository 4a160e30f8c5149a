import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { describeChanges } from "~/domain/history";
import { findExpectation } from "~/lib/case-pages.server";
import { requireCase } from "~/lib/permissions.server";
import { HISTORY_PAGE, listHistory } from "~/models/audit.server";

const ENTITY_LABELS: Record<string, string> = {
  case: "Case",
  evidence: "Evidence",
  support: "Evidence link",
  mark: "Expectation note",
  "co-owner": "Co-owner",
  packet: "Packet",
  vouch: "Confirmation request",
  contribution: "Candidate's contribution",
};

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, found } = await requireCase(args);
  // An audit id: anything but a positive whole number within bigint range (a typed-in or
  // tampered link) shows the first page instead of failing in SQL with a 500.
  const requested = Number(new URL(args.request.url).searchParams.get("before"));
  const before = Number.isSafeInteger(requested) && requested > 0 ? requested : undefined;
  const events = await listHistory(db, caseId, { before });
  const keyText = (key: string) => findExpectation(found.ladder, key)?.expectation.text ?? key;
  return {
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      who: e.actorName,
      what: `${ENTITY_LABELS[e.entityType] ?? e.entityType} ${e.action}`,
      subject: e.entityType === "mark" ? keyText(e.entityId) : null,
      changes: describeChanges(e.before, e.after, keyText),
    })),
    older: events.length === HISTORY_PAGE ? events[events.length - 1]!.id : null,
  };
}

export default function History() {
  const { events, older } = useLoaderData<typeof loader>();
  return (
    <>
      <h2>History</h2>
      <p className="muted">Every change to this case, its evidence and its links: who, when, and what changed.</p>
      {events.length === 0 ? <p>No changes recorded yet.</p> : null}
      <ol className="history plain-list">
        {events.map((e) => (
          <li key={e.id} className="panel history__event">
            <p className="history__head">
              <strong>{e.what}</strong> by {e.who}{" "}
              <time className="muted small" dateTime={e.at}>
                {e.at.slice(0, 16).replace("T", " ")} UTC
              </time>
            </p>
            {e.subject ? <p className="muted small">{e.subject}</p> : null}
            {e.changes.length > 0 ? (
              <table className="table history__changes">
                <caption className="visually-hidden">What changed</caption>
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {e.changes.map((c) => (
                    <tr key={c.field}>
                      <th scope="row">{c.field}</th>
                      <td className="pre-line">{c.before ?? <span className="muted">(empty)</span>}</td>
                      <td className="pre-line">{c.after ?? <span className="muted">(empty)</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </li>
        ))}
      </ol>
      {older ? (
        <p>
          <Link to={`?before=${older}`}>Older changes</Link>
        </p>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
