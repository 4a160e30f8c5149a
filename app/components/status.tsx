import { EXPECTATION_STATUS_LABELS, type ExpectationStatus, type StatusCounts } from "~/domain/types";

const ICONS: Record<ExpectationStatus, string> = {
  strong: "✓",
  weak: "!",
  missing: "✕",
  "not-applicable": "–",
};

/** Status in words and an icon; colour only repeats what the words say. */
export function StatusTag({ status, title }: { status: ExpectationStatus; title?: string }) {
  return (
    <span className={`tag tag--${status}`} title={title}>
      <span aria-hidden="true">{ICONS[status]}</span>
      {EXPECTATION_STATUS_LABELS[status]}
    </span>
  );
}

/** A stacked bar of strong / weak / missing / not applicable, labelled with the same numbers in words. */
export function ReadinessBar({ counts, label, showText = true }: { counts: StatusCounts; label: string; showText?: boolean }) {
  const total = Math.max(counts.total, 1);
  const parts: [ExpectationStatus, number][] = [
    ["strong", counts.strong],
    ["weak", counts.weak],
    ["missing", counts.missing],
    ["not-applicable", counts.notApplicable],
  ];
  let x = 0;
  return (
    <span className="readiness">
      <svg className="readiness__bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label={label}>
        {parts.map(([status, n]) => {
          const width = (n / total) * 100;
          const rect = <rect key={status} className={`bar--${status}`} x={x} y={0} width={width} height={8} />;
          x += width;
          return rect;
        })}
      </svg>
      {showText ? <span className="readiness__text">{label}</span> : null}
    </span>
  );
}
