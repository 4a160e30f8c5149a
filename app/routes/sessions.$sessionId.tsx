import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDate } from "~/domain/dates";
import { requireSession } from "~/lib/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.session.name} · Ladderproof` : "Calibration session · Ladderproof" },
];

export async function loader(args: LoaderFunctionArgs) {
  const { session, seat } = await requireSession(args);
  return {
    session: {
      id: session.id,
      name: session.name,
      levels: session.levels,
      meetingDate: session.meetingDate,
      chairName: session.chairName,
      locked: session.lockedAt !== null,
      lockedAt: session.lockedAt?.toISOString() ?? null,
      revealed: session.votesRevealedAt !== null,
    },
    seat,
  };
}

export default function SessionLayout() {
  const { session, seat } = useLoaderData<typeof loader>();
  const base = `/sessions/${session.id}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/sessions">Calibration sessions</Link>
          </li>
          <li aria-current="page">{session.name}</li>
        </ol>
      </nav>
      <div className="page-header">
        <div>
          <h1>{session.name}</h1>
          <p className="muted">
            {session.levels.map((l) => `L${l}`).join(", ")} · meeting {formatDate(session.meetingDate)} · chair{" "}
            {session.chairName}
            {seat === "chair" ? " (you)" : ""}
          </p>
        </div>
        <div className="page-header__actions">
          {session.locked ? <span className="tag tag--neutral">Locked</span> : <span className="tag tag--strong">Open</span>}
        </div>
      </div>
      {session.locked ? (
        <div className="notice" role="note">
          Locked on {formatDate(session.lockedAt!.slice(0, 10))}: this session is the record of what was decided, on the
          evidence of the packets listed with their fingerprints. Nothing in it can change.
        </div>
      ) : null}
      <nav aria-label="Session" className="tabs">
        <NavLink to={base} end>
          Board
        </NavLink>
        <NavLink to={`${base}/compare`}>Compare</NavLink>
        <NavLink to={`${base}/exports`}>Outcome and exports</NavLink>
      </nav>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
