import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ReadinessBar } from "~/components/status";
import { formatDate } from "~/domain/dates";
import { CASE_STATUS_LABELS } from "~/domain/types";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/services.server";
import { listCasesForUser } from "~/models/cases.server";

export const meta: MetaFunction = () => [{ title: "My cases · Ladderproof" }];

const SORTS = ["candidate", "level", "calibration", "status", "evidence", "changed"] as const;
type Sort = (typeof SORTS)[number];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  // A reviewer builds no case: their work is in the committees they sit on.
  if (user.role === "reviewer") throw redirect("/sessions");
  const url = new URL(args.request.url);
  const sort: Sort = (SORTS as readonly string[]).includes(url.searchParams.get("sort") ?? "")
    ? (url.searchParams.get("sort") as Sort)
    : "changed";
  const dir = url.searchParams.get("dir") === "asc" ? "asc" : url.searchParams.get("dir") === "desc" ? "desc" : null;
  const rows = await listCasesForUser(await getDb(), user);
  const cases = rows.map((r) => ({
    id: r.id,
    candidateName: r.candidateName,
    currentTitle: r.currentTitle,
    target: `${r.ladderLevelLabel} ${r.ladderTitle}`.trim(),
    level: r.ladderLevel,
    calibrationDate: r.calibrationDate,
    status: r.status,
    evidenceCount: r.evidenceCount,
    lastChange: r.lastChange.toISOString(),
    counts: r.counts,
    readiness: r.readiness,
    shared: r.ownerId !== user.id,
  }));
  const defaultDir = sort === "changed" || sort === "evidence" ? "desc" : "asc";
  const effectiveDir = dir ?? defaultDir;
  const key = (c: (typeof cases)[number]): string | number => {
    switch (sort) {
      case "candidate":
        return c.candidateName.toLocaleLowerCase();
      case "level":
        return c.level;
      case "calibration":
        return c.calibrationDate ?? "9999";
      case "status":
        return c.status;
      case "evidence":
        return c.evidenceCount;
      default:
        return c.lastChange;
    }
  };
  cases.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const order = x < y ? -1 : x > y ? 1 : 0;
    return effectiveDir === "asc" ? order : -order;
  });
  return {
    active: cases.filter((c) => c.status !== "archived"),
    archived: cases.filter((c) => c.status === "archived"),
    sort,
    dir: effectiveDir,
  };
}

export default function MyCases() {
  const { active, archived } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>My cases</h1>
          <p className="lede">Promotion cases you own or share, with how ready each is for calibration.</p>
        </div>
        <div className="page-header__actions">
          <Link to="/cases/import" className="button button--secondary">
            Import a case
          </Link>
          <Link to="/cases/new" className="button">
            Open a new case
          </Link>
        </div>
      </div>
      {active.length === 0 ? (
        <div className="panel">
          <h2>No open cases</h2>
          <p>Open a case for someone you are putting forward for promotion, then record the evidence you have.</p>
        </div>
      ) : (
        <CaseTable cases={active} caption="Open cases" />
      )}
      {archived.length > 0 ? (
        <details className="archived">
          <summary>Archived cases ({archived.length})</summary>
          <CaseTable cases={archived} caption="Archived cases" />
        </details>
      ) : null}
    </>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["active"][number];

function CaseTable({ cases, caption }: { cases: Row[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}, sortable by column</caption>
        <thead>
          <tr>
            <SortHeader sort="candidate">Candidate</SortHeader>
            <SortHeader sort="level">Target level</SortHeader>
            <SortHeader sort="calibration">Calibration</SortHeader>
            <SortHeader sort="status">Status</SortHeader>
            <SortHeader sort="evidence" numeric>
              Evidence
            </SortHeader>
            <th scope="col">Readiness</th>
            <SortHeader sort="changed">Last change</SortHeader>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`/cases/${c.id}`}>{c.candidateName}</Link>
                <div className="muted small">
                  {c.currentTitle}
                  {c.shared ? " · shared with you" : ""}
                </div>
              </td>
              <td>{c.target}</td>
              <td className="nowrap">{c.calibrationDate ? formatDate(c.calibrationDate) : <span className="muted">Not set</span>}</td>
              <td>
                <span className="tag tag--neutral">{CASE_STATUS_LABELS[c.status]}</span>
              </td>
              <td className="numeric">{c.evidenceCount}</td>
              <td>
                <ReadinessBar counts={c.counts} label={c.readiness} />
              </td>
              <td className="nowrap">
                <time dateTime={c.lastChange}>{formatDate(c.lastChange.slice(0, 10))}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SortHeader({ sort, children, numeric }: { sort: Sort; children: string; numeric?: boolean }) {
  const [params] = useSearchParams();
  const { sort: current, dir } = useLoaderData<typeof loader>();
  const active = current === sort;
  const nextDir = active && dir === "asc" ? "desc" : "asc";
  const next = new URLSearchParams(params);
  next.set("sort", sort);
  next.set("dir", nextDir);
  return (
    <th scope="col" className={numeric ? "numeric" : undefined} aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}>
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
