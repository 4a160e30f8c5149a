import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PlainLinks } from "~/components/plain-links";
import { formatDateRange } from "~/domain/dates";
import { EVIDENCE_KIND_LABELS, SCOPE_LABELS } from "~/domain/types";
import { notFound, requireCase } from "~/lib/permissions.server";
import { loadCaseAnalysis } from "~/models/cases.server";

export const meta: MetaFunction = () => [{ title: "Evidence · Ladderproof" }];

// Every live item of the case once, in the order they were recorded: the case page lists only the
// newest few under each expectation, so this is where a manager finds any item of a big case.
export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, access, found } = await requireCase(args);
  const loaded = await loadCaseAnalysis(db, caseId, undefined, found);
  if (!loaded) throw notFound();
  return {
    caseId,
    canEdit: access === "edit",
    items: loaded.evidence.map((e) => ({
      id: e.id,
      ref: e.ref,
      title: e.title,
      when: formatDateRange(e.dateStart, e.dateEnd),
      kind: EVIDENCE_KIND_LABELS[e.kind],
      scope: SCOPE_LABELS[e.scope],
      supports: e.supports.length,
    })),
  };
}

export default function EvidenceList() {
  const { caseId, canEdit, items } = useLoaderData<typeof loader>();
  const base = `/cases/${caseId}`;
  return (
    <>
      <h2>Evidence</h2>
      <p className="muted">
        {items.length} {items.length === 1 ? "item" : "items"}, in the order they were recorded. Each expectation&apos;s page lists the
        items that support it, with the line on why.
      </p>
      {items.length === 0 ? (
        <p>
          No evidence yet.{" "}
          {canEdit ? <Link to={`${base}/evidence/new`}>Add the first item</Link> : null}
        </p>
      ) : (
        <PlainLinks className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Every evidence item of this case</caption>
            <thead>
              <tr>
                <th scope="col">Evidence</th>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">Reach</th>
                <th scope="col">Expectations</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <span className="evidence-ref">{item.ref}</span>
                    <a href={`${base}/evidence/${item.id}`}>{item.title}</a>
                  </td>
                  <td className="nowrap">{item.when}</td>
                  <td>{item.kind}</td>
                  <td>{item.scope}</td>
                  <td>{item.supports}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </PlainLinks>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
