import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { buildTimeline, type FieldChange, type TimelineEntry } from "~/domain/history";
import { findExpectation } from "~/lib/case-pages.server";
import { requireCase } from "~/lib/permissions.server";
import { viewerTimeZone } from "~/lib/time-zone.server";
import { HISTORY_PAGE, listHistory } from "~/models/audit.server";
import { listEvidenceNames } from "~/models/evidence.server";

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, found } = await requireCase(args);
  // An audit id: anything but a positive whole number within bigint range (a typed-in or
  // tampered link) shows the first page instead of failing in SQL with a 500.
  const requested = Number(new URL(args.request.url).searchParams.get("before"));
  const before = Number.isSafeInteger(requested) && requested > 0 ? requested : undefined;
  const [events, items] = await Promise.all([listHistory(db, caseId, { before }), listEvidenceNames(db, caseId)]);
  const base = `/cases/${caseId}`;
  const timeZone = viewerTimeZone(args.request);
  const days = buildTimeline(
    events.map((e) => ({ ...e, at: e.at.toISOString() })),
    {
      timeZone,
      caseHref: base,
      expectationHref: (key) => `${base}/expectations/${encodeURIComponent(key)}`,
      expectation: (key) => findExpectation(found.ladder, key)?.expectation.text ?? "An expectation no longer in this ladder",
      evidence: (id) => {
        const item = items.get(id);
        if (!item) return null;
        return {
          name: `${item.ref} ${item.title}${item.deleted ? " (in the trash)" : ""}`,
          href: item.deleted ? null : `${base}/evidence/${id}`,
        };
      },
    },
  );
  return {
    days,
    timeZone,
    first: before === undefined,
    older: events.length === HISTORY_PAGE ? events[events.length - 1]!.id : null,
  };
}

export default function History() {
  const { days, older, first, timeZone } = useLoaderData<typeof loader>();
  return (
    <div className="narrow-wide">
      <h2>History</h2>
      <p className="muted">
        Every change to this case, its evidence and its notes: who, when and what changed
        {timeZone === "UTC" ? " (times in UTC)" : ""}.
      </p>
      {!first ? (
        <p>
          <Link to=".">Newest changes</Link>
        </p>
      ) : null}
      {days.length === 0 ? <p>No changes recorded yet.</p> : null}
      {days.map((day) => (
        <section key={day.day} className="timeline-day" aria-labelledby={`day-${day.day}`}>
          <h3 id={`day-${day.day}`}>
            <time dateTime={day.day}>{day.label}</time>
          </h3>
          {day.groups.map((group) => (
            <div key={group.subject} className="timeline-group panel">
              <h4 className="timeline-group__subject">{group.href ? <Link to={group.href}>{group.subject}</Link> : group.subject}</h4>
              <ol className="plain-list timeline">
                {group.entries.map((entry) => (
                  <HistoryEntry key={entry.id} entry={entry} />
                ))}
              </ol>
            </div>
          ))}
        </section>
      ))}
      {older ? (
        <p>
          <Link to={`?before=${older}`}>Older changes</Link>
        </p>
      ) : null}
    </div>
  );
}

function HistoryEntry({ entry }: { entry: TimelineEntry }) {
  return (
    <li className="timeline__entry">
      <p className="timeline__line">
        <time className="timeline__time muted" dateTime={entry.at}>
          {entry.time}
        </time>{" "}
        {entry.who} {entry.did}
      </p>
      {entry.changes.length > 0 ? (
        <ul className="timeline__changes">
          {entry.changes.map((change, i) => (
            <li key={`${change.field}-${i}`}>
              <ChangeInWords change={change} />
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function ChangeInWords({ change }: { change: FieldChange }) {
  const { field, before, after, long } = change;
  if (long) {
    return (
      <details>
        <summary>
          {field}: {before === null ? "added" : after === null ? "removed" : "changed"}
        </summary>
        {before !== null ? (
          <p className="pre-line">
            <span className="muted">Before: </span>
            {before}
          </p>
        ) : null}
        {after !== null ? (
          <p className="pre-line">
            <span className="muted">After: </span>
            {after}
          </p>
        ) : null}
      </details>
    );
  }
  if (before === null) {
    return (
      <>
        <span className="timeline__field">{field}:</span> {after}
      </>
    );
  }
  if (after === null) {
    return (
      <>
        <span className="timeline__field">{field}:</span> removed <span className="muted">(was {before})</span>
      </>
    );
  }
  return (
    <>
      <span className="timeline__field">{field}:</span> {`${before} → ${after}`}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
