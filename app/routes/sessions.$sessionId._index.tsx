import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ReadinessBar } from "~/components/status";
import { formatDate } from "~/domain/dates";
import {
  COMPARE_MAX,
  DECISION_LABELS,
  SUBMISSION_STATUSES,
  SUBMISSION_STATUS_LABELS,
  tallyInWords,
  type SubmissionStatus,
} from "~/domain/committee";
import { requireSession } from "~/lib/permissions.server";
import { CommitteeError, listBoard, lockSession, revealVotes } from "~/models/committee.server";

const SORTS = ["candidate", "manager", "level", "readiness", "status", "votes", "submitted"] as const;
type Sort = (typeof SORTS)[number];

const STATUS_ORDER: Record<SubmissionStatus, number> = { submitted: 0, "in-review": 1, "more-evidence": 2, decided: 3 };

export async function loader(args: LoaderFunctionArgs) {
  const { db, user, session, seat } = await requireSession(args);
  const url = new URL(args.request.url);
  const sortParam = url.searchParams.get("sort") ?? "";
  const sort: Sort = (SORTS as readonly string[]).includes(sortParam) ? (sortParam as Sort) : "candidate";
  const dir = url.searchParams.get("dir") === "desc" ? "desc" : "asc";
  const levelParam = Number(url.searchParams.get("level"));
  const level = session.levels.includes(levelParam) ? levelParam : null;
  const statusParam = url.searchParams.get("status") ?? "";
  const status = (SUBMISSION_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as SubmissionStatus) : null;

  const board = await listBoard(db, user, session);
  const rows = board
    .filter((r) => (level === null || r.level === level) && (status === null || r.status === status))
    .map((r) => ({
      caseId: r.caseId,
      candidateName: r.candidateName,
      managerName: r.managerName,
      level: r.level,
      target: `L${r.level} ${r.ladderTitle}`,
      readiness: r.readiness,
      counts: r.counts,
      status: r.status,
      round: r.round,
      submittedAt: r.submittedAt.toISOString(),
      changed: r.changed,
      conflicted: r.conflicted,
      tally: r.tally,
      votesCast: r.votesCast,
      votedByMe: r.votedByMe,
      decision: r.decision,
    }));
  const key = (r: (typeof rows)[number]): string | number => {
    switch (sort) {
      case "manager":
        return r.managerName.toLocaleLowerCase();
      case "level":
        return r.level;
      case "readiness":
        return r.counts.total ? r.counts.strong / r.counts.total : 0;
      case "status":
        return STATUS_ORDER[r.status];
      case "votes":
        return r.tally ? r.tally.support : -1;
      case "submitted":
        return r.submittedAt;
      default:
        return r.candidateName.toLocaleLowerCase();
    }
  };
  rows.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const order = x < y ? -1 : x > y ? 1 : a.candidateName.localeCompare(b.candidateName);
    return dir === "asc" ? order : -order;
  });
  return {
    sessionId: session.id,
    levels: session.levels,
    locked: session.lockedAt !== null,
    revealed: session.votesRevealedAt !== null,
    isChair: seat === "chair",
    total: board.length,
    undecided: board.filter((r) => !r.decision).length,
    rows,
    sort,
    dir,
    level,
    status,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, user, sessionId } = await requireSession(args);
  const form = await args.request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "reveal") await revealVotes(db, user, sessionId);
    else if (intent === "lock") await lockSession(db, user, sessionId);
    else throw new Response("Bad request", { status: 400 });
  } catch (error) {
    if (error instanceof CommitteeError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
  return redirect(`/sessions/${sessionId}`);
}

export default function Board() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      {actionData?.error ? (
        <div className="notice notice--danger" role="alert">
          {actionData.error}
        </div>
      ) : null}
      {page.isChair && !page.locked ? <ChairPanel revealed={page.revealed} undecided={page.undecided} total={page.total} /> : null}
      <h2 id="board-heading">Cases submitted ({page.total})</h2>
      <Form method="get" className="filters" aria-label="Filter the cases">
        <input type="hidden" name="sort" value={page.sort} />
        <input type="hidden" name="dir" value={page.dir} />
        <div className="field">
          <label htmlFor="filter-level">Level</label>
          <select id="filter-level" name="level" defaultValue={page.level ?? ""}>
            <option value="">All levels</option>
            {page.levels.map((l) => (
              <option key={l} value={l}>
                L{l}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={page.status ?? ""}>
            <option value="">All statuses</option>
            {SUBMISSION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {SUBMISSION_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          Filter
        </button>
      </Form>
      {page.rows.length === 0 ? (
        <p className="muted">{page.total === 0 ? "No case has been submitted to this session yet." : "No case matches these filters."}</p>
      ) : (
        <Form method="get" action={`/sessions/${page.sessionId}/compare`}>
          <div className="table-wrap">
            <table className="table table--cards board" aria-labelledby="board-heading">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">Compare</span>
                  </th>
                  <SortHeader sort="candidate">Candidate</SortHeader>
                  <SortHeader sort="manager">Manager</SortHeader>
                  <SortHeader sort="level">Level</SortHeader>
                  <SortHeader sort="readiness">Readiness</SortHeader>
                  <th scope="col">Flags</th>
                  <SortHeader sort="votes">Votes</SortHeader>
                  <SortHeader sort="status">Status</SortHeader>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((r) => (
                  <tr key={r.caseId}>
                    <td data-label="Compare">
                      <input type="checkbox" name="case" value={r.caseId} id={`compare-${r.caseId}`} aria-label={`Compare ${r.candidateName}`} />
                    </td>
                    <td data-label="Candidate">
                      <Link to={`/sessions/${page.sessionId}/cases/${r.caseId}`}>{r.candidateName}</Link>
                      <div className="muted small">
                        Submitted {formatDate(r.submittedAt.slice(0, 10))}
                        {r.round > 1 ? ` (resubmission ${r.round - 1})` : ""}
                      </div>
                    </td>
                    <td data-label="Manager">{r.managerName}</td>
                    <td data-label="Level">{r.target}</td>
                    <td data-label="Readiness">
                      <ReadinessBar counts={r.counts} label={r.readiness} />
                    </td>
                    <td data-label="Flags">
                      <ul className="plain-list tag-list">
                        {r.changed ? <li className="tag tag--weak">Changed since submission</li> : null}
                        {r.status === "more-evidence" ? <li className="tag tag--missing">More evidence asked</li> : null}
                        {r.conflicted ? <li className="tag tag--neutral">You manage this case</li> : null}
                        {r.counts.missing > 0 ? <li className="tag tag--neutral">{r.counts.missing} missing</li> : null}
                      </ul>
                    </td>
                    <td data-label="Votes">
                      {r.conflicted ? (
                        <span className="muted">Not shown to you</span>
                      ) : r.tally ? (
                        tallyInWords(r.tally)
                      ) : (
                        <span className="muted">
                          {r.votesCast} cast{r.votedByMe ? "" : "; shown once you vote"}
                        </span>
                      )}
                    </td>
                    <td data-label="Status">
                      <span className={`tag ${r.status === "decided" ? "tag--strong" : r.status === "more-evidence" ? "tag--missing" : "tag--neutral"}`}>
                        {SUBMISSION_STATUS_LABELS[r.status]}
                      </span>
                      {r.decision ? <div className="small">{DECISION_LABELS[r.decision]}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="button-row">
            <button type="submit" className="button button--secondary">
              Compare selected
            </button>
            <span className="muted small">Tick 2 to {COMPARE_MAX} cases of one level.</span>
          </p>
        </Form>
      )}
    </>
  );
}

function ChairPanel({ revealed, undecided, total }: { revealed: boolean; undecided: number; total: number }) {
  return (
    <section className="panel" aria-labelledby="chair-heading">
      <h2 id="chair-heading">You chair this session</h2>
      <p className="muted">
        {revealed
          ? "Every member now sees every vote (except on cases they manage)."
          : "Members see the others' votes once they have cast their own. Reveal them all for the meeting."}{" "}
        {total === 0 ? "" : undecided === 0 ? "Every case is decided: you can lock the session." : `${undecided} of ${total} cases still need a decision.`}
      </p>
      <div className="button-row">
        {!revealed ? (
          <Form method="post">
            <button type="submit" name="intent" value="reveal" className="button button--secondary">
              Reveal all votes
            </button>
          </Form>
        ) : null}
        <Form method="post">
          <button type="submit" name="intent" value="lock" className="button">
            Lock the session
          </button>
        </Form>
      </div>
    </section>
  );
}

function SortHeader({ sort, children }: { sort: Sort; children: string }) {
  const [params] = useSearchParams();
  const { sort: current, dir } = useLoaderData<typeof loader>();
  const active = current === sort;
  const nextDir = active && dir === "asc" ? "desc" : "asc";
  const next = new URLSearchParams(params);
  next.set("sort", sort);
  next.set("dir", nextDir);
  return (
    <th scope="col" aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}>
      <Link to={`?${next.toString()}`} preventScrollReset>
        {children}
        <span aria-hidden="true">{active ? (dir === "asc" ? " ▲" : " ▼") : ""}</span>
        <span className="visually-hidden">, sort {nextDir === "asc" ? "ascending" : "descending"}</span>
      </Link>
    </th>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
