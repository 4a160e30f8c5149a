import { Link } from "@remix-run/react";

/** The trail back up: links to each parent, then the current page in plain text. */
export function Breadcrumbs({ parents, current }: { parents: { to: string; label: string }[]; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      <ol>
        {parents.map((p) => (
          <li key={p.to}>
            <Link to={p.to}>{p.label}</Link>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}
