import type { LadderAttribute, LadderExpectation } from "~/domain/types";

/** An expectation's text with its short name (a bold lead-in such as "Tenacity") in bold. */
export function ExpectationText({ expectation }: { expectation: Pick<LadderExpectation, "text" | "shortName"> }) {
  const { text, shortName } = expectation;
  if (shortName && text.startsWith(shortName)) {
    return (
      <>
        <strong>{shortName}</strong>
        {text.slice(shortName.length)}
      </>
    );
  }
  return <>{text}</>;
}

/** Examples of what good looks like, folded so that they sit beside an expectation without
 *  crowding it; never counted as expectations. */
export function ExpectationExamples({ examples, label = "Examples of what good looks like" }: { examples: string[]; label?: string }) {
  if (examples.length === 0) return null;
  return (
    <details className="examples">
      <summary>
        {label} ({examples.length})
      </summary>
      <ul>
        {examples.map((example, i) => (
          <li key={i}>{example}</li>
        ))}
      </ul>
    </details>
  );
}

/** A level's attributes (thinking horizon, impact radius...), as the document states them. */
export function LadderAttributes({ attributes }: { attributes: LadderAttribute[] }) {
  if (attributes.length === 0) return null;
  return (
    <dl className="meta-list" aria-label="Attributes of this level">
      {attributes.map((a) => (
        <div key={`${a.line}-${a.name}`} className="meta-list__row">
          <dt>{a.name}</dt>
          <dd>{a.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A section's expectations in document order, split into runs by group (null: no group). */
export function byGroup<T extends { group?: string }>(expectations: T[]): { group: string | null; expectations: T[] }[] {
  const runs: { group: string | null; expectations: T[] }[] = [];
  for (const e of expectations) {
    const group = e.group ?? null;
    const last = runs.at(-1);
    if (last && last.group === group) last.expectations.push(e);
    else runs.push({ group, expectations: [e] });
  }
  return runs;
}
