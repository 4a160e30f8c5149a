import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DownloadPacketButton } from "~/components/packet-button";
import { formatDate } from "~/domain/dates";
import { CASE_STATUS_LABELS } from "~/domain/types";
import { requireCase } from "~/lib/permissions.server";
import { ladderLevelLabel } from "~/domain/ladder";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.header.candidateName} · Ladderproof` : "Case · Ladderproof" },
];

export async function loader(args: LoaderFunctionArgs) {
  const { access, found } = await requireCase(args);
  return {
    header: {
      id: found.id,
      candidateName: found.candidateName,
      currentTitle: found.currentTitle,
      target: `${ladderLevelLabel(found.ladder)} ${found.ladder.title}`.trim(),
      calibrationDate: found.calibrationDate,
      status: found.status,
      ownerName: found.ownerName,
      ladderIsCurrent: found.ladderIsCurrent,
    },
    canEdit: access === "edit",
  };
}

export default function CaseLayout() {
  const { header, canEdit } = useLoaderData<typeof loader>();
  const base = `/cases/${header.id}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/cases">My cases</Link>
          </li>
          <li aria-current="page">{header.candidateName}</li>
        </ol>
      </nav>
      <div className="page-header case-header">
        <div>
          <h1>{header.candidateName}</h1>
          <p className="case-header__meta">
            Going for <strong>{header.target}</strong>
            <span className="muted"> · now {header.currentTitle}</span>
          </p>
          <p className="case-header__meta muted">
            Calibration {header.calibrationDate ? formatDate(header.calibrationDate) : "date not set"} ·{" "}
            <span className="tag tag--neutral">{CASE_STATUS_LABELS[header.status]}</span> · Owner {header.ownerName}
          </p>
        </div>
        <div className="page-header__actions">
          {canEdit ? (
            <Link to={`${base}/evidence/new`} className="button">
              Add evidence
            </Link>
          ) : null}
          <DownloadPacketButton caseId={header.id} />
        </div>
      </div>
      {!canEdit ? (
        <div className="notice" role="note">
          You are reading this case as an administrator. Only its owners can change it.
        </div>
      ) : null}
      {!header.ladderIsCurrent ? (
        <div className="notice notice--warning" role="note">
          This case uses an earlier version of its ladder document, as it was when the case was opened.
        </div>
      ) : null}
      <nav aria-label="Case" className="tabs">
        <NavLink to={base} end>
          Overview
        </NavLink>
        <NavLink to={`${base}/evidence`} end>
          Evidence
        </NavLink>
        <NavLink to={`${base}/contributions`}>From the candidate</NavLink>
        <NavLink to={`${base}/wording`}>Wording</NavLink>
        <NavLink to={`${base}/history`}>History</NavLink>
        {canEdit ? <NavLink to={`${base}/trash`}>Trash</NavLink> : null}
        <NavLink to={`${base}/packets`}>Packets</NavLink>
        <NavLink to={`${base}/committee`}>Committee</NavLink>
        {canEdit ? <NavLink to={`${base}/settings`}>Case details</NavLink> : null}
      </nav>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
