import type { SubmissionChanges } from "~/domain/committee";

/** What changed in a case since it was submitted: items added, edited, removed, and other parts. */
export function ChangesList({ changes }: { changes: SubmissionChanges }) {
  const groups: [string, SubmissionChanges["added"]][] = [
    ["Added", changes.added],
    ["Edited", changes.edited],
    ["Removed", changes.removed],
  ];
  return (
    <div className="notice notice--warning" role="note" aria-label="Changed since submission">
      <p>
        <strong>Changed since submission</strong>
      </p>
      <ul>
        {groups.flatMap(([label, list]) =>
          list.map((item) => (
            <li key={`${label}-${item.id}`}>
              {label}: {item.ref} {item.title}
            </li>
          )),
        )}
        {changes.details.map((d) => (
          <li key={d}>Edited: {d}</li>
        ))}
      </ul>
    </div>
  );
}
