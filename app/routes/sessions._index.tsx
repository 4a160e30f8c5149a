import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDate } from "~/domain/dates";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/services.server";
import { listSessionsFor } from "~/models/committee.server";

export const meta: MetaFunction = () => [{ title: "Calibration sessions · Ladderproof" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const sessions = await listSessionsFor(await getDb(), user);
  return {
    isAdmin: user.role === "admin",
    sessions: sessions.map((s) => ({
      id: s.id,
      name: s.name,
      levels: s.levels,
      meetingDate: s.meetingDate,
      chairName: s.chairName,
      isChair: s.chairId === user.id,
      locked: s.lockedAt !== null,
      submitted: s.submitted,
      decided: s.decided,
    })),
  };
}

export default function Sessions() {
  const { sessions, isAdmin } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Calibration sessions</h1>
          <p className="lede">
            {isAdmin
              ? "Every calibration committee: the cases submitted to it, the members' votes and the chair's decisions."
              : "The committees you sit on: read the cases submitted to them, compare them, vote, and see the decisions."}
          </p>
        </div>
        {isAdmin ? (
          <div className="page-header__actions">
            <Link to="/sessions/new" className="button">
              New calibration session
            </Link>
          </div>
        ) : null}
      </div>
      {sessions.length === 0 ? (
        <div className="panel">
          <h2>No sessions</h2>
          <p>
            {isAdmin
              ? "Create a session for a round of promotions: its levels, meeting date, chair and members."
              : "You do not sit on any calibration committee yet. An administrator adds you to one."}
          </p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table table--cards">
            <caption className="visually-hidden">Calibration sessions, latest meeting first</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Levels</th>
                <th scope="col">Meeting</th>
                <th scope="col">Chair</th>
                <th scope="col">Cases</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td data-label="Session">
                    <Link to={`/sessions/${s.id}`}>{s.name}</Link>
                  </td>
                  <td data-label="Levels">{s.levels.map((l) => `L${l}`).join(", ")}</td>
                  <td data-label="Meeting" className="nowrap">
                    {formatDate(s.meetingDate)}
                  </td>
                  <td data-label="Chair">
                    {s.chairName}
                    {s.isChair ? " (you)" : ""}
                  </td>
                  <td data-label="Cases">
                    {s.decided} of {s.submitted} decided
                  </td>
                  <td data-label="Status">
                    {s.locked ? <span className="tag tag--neutral">Locked</span> : <span className="tag tag--strong">Open</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
