import type { ReactNode } from "react";

/** Around `context` characters either side of [start, end), cut at word boundaries, with the
 *  matched words marked. */
export function MarkedExcerpt({ text, start, end, context = 60 }: { text: string; start: number; end: number; context?: number }) {
  if (start < 0 || end > text.length || start >= end) return <mark>{text}</mark>;
  let from = Math.max(0, start - context);
  let to = Math.min(text.length, end + context);
  if (from > 0) from = text.indexOf(" ", from) + 1 || from;
  if (to < text.length) to = text.lastIndexOf(" ", to) > end ? text.lastIndexOf(" ", to) : to;
  return (
    <span className="wording-excerpt">
      {from > 0 ? "…" : null}
      {text.slice(from, start)}
      <mark>{text.slice(start, end)}</mark>
      {text.slice(end, to)}
      {to < text.length ? "…" : null}
    </span>
  );
}

export interface ShownFinding {
  key: string;
  field: string;
  code: string;
  title: string;
  match: string;
  start: number;
  end: number;
  why: string;
  suggestion: string;
  source: string;
  status: "open" | "fixed" | "dismissed";
  dismissReason: string | null;
}

/**
 * The findings in one saved field, shown under it: advice, never a block. Dismissed ones say so,
 * with the reason, as the committee sees them.
 */
export function WordingFindings({
  findings,
  text,
  field,
  label,
  panelHref,
}: {
  findings: readonly ShownFinding[];
  /** The saved text the offsets point into. */
  text: string;
  field: string;
  /** The field's name, for the list's accessible name. */
  label: string;
  panelHref?: string;
}) {
  const mine = findings.filter((f) => f.field === field && f.status !== "fixed");
  if (mine.length === 0) return null;
  return (
    <div className="wording-findings" role="note" aria-label={`Wording checks on ${label}`}>
      <p className="wording-findings__lead small">
        Wording checks on the saved text ({mine.length}). They are advice: the save went through.
        {panelHref ? (
          <>
            {" "}
            <a href={panelHref}>All findings of this case</a>
          </>
        ) : null}
      </p>
      <ul className="plain-list">
        {mine.map((f) => (
          <li key={f.key} className="wording-finding">
            <FindingSummary finding={f} text={text} />
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FindingSummary({ finding: f, text, actions }: { finding: ShownFinding; text: string | null; actions?: ReactNode }) {
  return (
    <>
      <p className="wording-finding__head">
        <span className={`tag ${f.status === "open" ? "tag--weak" : "tag--neutral"}`}>{f.title}</span>{" "}
        {text !== null && text.slice(f.start, f.end) === f.match ? (
          <MarkedExcerpt text={text} start={f.start} end={f.end} />
        ) : (
          <mark>{f.match}</mark>
        )}
      </p>
      {f.status === "dismissed" ? (
        <p className="small">
          <strong>dismissed: {f.dismissReason}</strong>
        </p>
      ) : f.status === "fixed" ? (
        <p className="small muted">Fixed: the words are no longer in the text.</p>
      ) : (
        <>
          <p className="small">{f.why}</p>
          <p className="small">
            <strong>Try:</strong> {f.suggestion}
          </p>
          <p className="small muted">Source: {f.source}</p>
        </>
      )}
      {actions}
    </>
  );
}
