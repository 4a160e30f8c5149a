import { useId } from "react";
import { GAP_CODE_LABELS, type GapReason } from "~/domain/types";

/** A gap flag that explains itself on hover and on keyboard focus. */
export function Flag({ reason }: { reason: GapReason }) {
  const id = useId();
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- focusable so keyboard users can read the explanation
    <span className="flag" tabIndex={0} aria-describedby={id}>
      {GAP_CODE_LABELS[reason.code]}
      <span role="tooltip" id={id} className="flag__tip">
        {reason.message} {reason.remedy}
      </span>
    </span>
  );
}

export function FlagList({ reasons }: { reasons: GapReason[] }) {
  if (reasons.length === 0) return null;
  return (
    <ul className="flags" aria-label="Why">
      {reasons.map((r) => (
        <li key={r.code}>
          <Flag reason={r} />
        </li>
      ))}
    </ul>
  );
}
