import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StatusTag } from "~/components/status";
import { compareCases, COMPARE_MAX, COMPARE_MIN, type CompareCell } from "~/domain/committee";
import { formatDate } from "~/domain/dates";
import { GAP_CODE_LABELS } from "~/domain/types";
import { isUuid, notFound, requireSession } from "~/lib/permissions.server";
import { getSubmission, listSubmittedCases, submittedInput } from "~/models/committee.server";

export async function loader(args: LoaderFunctionArgs) {
  const { db, sessionId } = await requireSession(args);
  const chosen = [...new Set(new URL(args.request.url).searchParams.getAll("case"))].slice(0, COMPARE_MAX + 1);
  const choices = (await listSubmittedCases(db, sessionId)).map((c) => ({ ...c, checked: chosen.includes(c.caseId) }));
  if (chosen.length === 0) return { sessionId, choices, message: null, comparison: null };
  // A case that is not in this session is not found, whoever asks: ids cannot be probed from here.
  if (chosen.some((id) => !isUuid(id))) throw notFound();
  const submissions = await Promise.all(chosen.map((id) => getSubmission(db, sessionId, id)));
  if (submissions.some((s) => s === null)) throw notFound();
  const inputs = await Promise.all(submissions.map((s) => submittedInput(db, s!)));
  const result = compareCases(inputs.map((input, i) => ({ id: chosen[i]!, candidateName: input.candidateName, ladder: input.ladder, evidence: input.evidence, analysis: input.analysis })));
  if (!result.ok) return { sessionId, choices, message: result.message, comparison: null };
  return {
    sessionId,
    choices,
    message: null,
    comparison: {
      target: `L${result.level} ${result.ladderTitle}`,
      cases: inputs.map((input, i) => ({ id: chosen[i]!, candidateName: input.candidateName, readiness: input.analysis.summary })),
      rows: result.rows,
    },
  };
}

export default function Compare() {
  const { sessionId, choices, message, comparison } = useLoaderData<typeof loader>();
  return (
    <>
      <h2>Compare cases side by side</h2>
      {message ? (
        <div className="notice notice--warning" role="alert">
          {message}
        </div>
      ) : null}
      {comparison ? (
        <>
          <div className="button-row no-print">
            <p className="muted">
              {comparison.cases.length} cases for {comparison.target}: each row is an expectation of the level, as each case
              stood when it was submitted.
            </p>
            <PrintButton />
          </div>
          {/* A scrollable region: focusable so that keyboard users can scroll it sideways. */}
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
          <div className="table-wrap compare-wrap" role="region" aria-labelledby="compare-caption" tabIndex={0}>
            <table className="table compare">
              <caption id="compare-caption">
                {comparison.target}: {comparison.cases.map((c) => c.candidateName).join(", ")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Expectation</th>
                  {comparison.cases.map((c) => (
                    <th scope="col" key={c.id}>
                      <Link to={`/sessions/${sessionId}/cases/${c.id}`}>{c.candidateName}</Link>
                      <div className="muted small">{c.readiness}</div>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {comparison.rows.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">
                      <span className="muted small">{row.sectionTitle}</span>
                      <div>{row.text}</div>
                    </th>
                    {row.cells.map((cell, i) => (
                      <td key={comparison.cases[i]!.id}>
                        <Cell cell={cell} href={`/sessions/${sessionId}/cases/${comparison.cases[i]!.id}`} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <Form method="get" className="panel no-print" aria-labelledby="choose-heading">
        <h3 id="choose-heading">{comparison ? "Compare other cases" : "Choose the cases"}</h3>
        {choices.length < COMPARE_MIN ? (
          <p className="muted">At least two cases must be submitted to this session to compare them.</p>
        ) : (
          <fieldset className="field">
            <legend>
              Cases ({COMPARE_MIN} to {COMPARE_MAX}, of one level)
            </legend>
            <div className="choices">
              {choices.map((c) => (
                <div className="choice" key={c.caseId}>
                  <input type="checkbox" name="case" value={c.caseId} id={`choose-${c.caseId}`} defaultChecked={c.checked} />
                  <label htmlFor={`choose-${c.caseId}`}>
                    {c.candidateName} <span className="muted">L{c.level}</span>
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        )}
        <button type="submit" className="button">
          Compare
        </button>
      </Form>
    </>
  );
}

function Cell({ cell, href }: { cell: CompareCell; href: string }) {
  if (cell.status === "absent") return <span className="muted">Not in this case&apos;s ladder version</span>;
  return (
    <div className="compare-cell">
      <StatusTag status={cell.status} />
      <div className="small">
        {cell.items} {cell.items === 1 ? "item" : "items"}
      </div>
      {cell.strongest ? (
        <div className="small">
          <a href={`${href}#item-${cell.strongest.id}`}>
            {cell.strongest.ref} {cell.strongest.title}
          </a>{" "}
          <span className="muted">{formatDate(cell.strongest.date)}</span>
        </div>
      ) : null}
      {cell.flags.filter((f) => f !== "missing").length > 0 ? (
        <ul className="plain-list tag-list">
          {cell.flags
            .filter((f) => f !== "missing")
            .map((f) => (
              <li key={f} className="flag">
                {GAP_CODE_LABELS[f]}
              </li>
            ))}
        </ul>
      ) : null}
    </div>
  );
}

function PrintButton() {
  return (
    <button type="button" className="button button--secondary" onClick={() => window.print()}>
      Print
    </button>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
