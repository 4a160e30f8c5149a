import { evidenceFacts } from "~/domain/vocabulary";
import type { EvidenceRecord } from "~/domain/types";

type Facts = Pick<EvidenceRecord, "dateStart" | "dateEnd" | "kind" | "scope" | "source">;

/** An item's when, kind, reach and source, each with its name ("Reach: Organisation"). */
export function EvidenceFacts({ item, compact = false }: { item: Facts; compact?: boolean }) {
  const facts = evidenceFacts(item);
  if (compact) {
    return (
      <span className="muted small evidence-facts--inline">
        {facts.map((f, i) => (
          <span key={f.label}>
            {i > 0 ? " · " : ""}
            {i === 0 ? f.value : `${f.label}: ${f.value}`}
          </span>
        ))}
      </span>
    );
  }
  return (
    <dl className="evidence-facts">
      {facts.map((f) => (
        <div key={f.label}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
