import type { LadderOutline } from "../components/evidence-form";
import { examplesFor } from "../domain/ladder";
import type { Ladder } from "../domain/types";

/** The part of a ladder the evidence form needs: titles, texts, groups and examples in order. */
export function ladderOutline(ladder: Ladder): LadderOutline {
  return {
    sections: ladder.sections.map((s) => ({
      key: s.key,
      title: s.title,
      expectations: s.expectations.map((e) => {
        const examples = examplesFor(s, e);
        return {
          key: e.key,
          text: e.text,
          ...(e.shortName ? { shortName: e.shortName } : {}),
          ...(e.group ? { group: e.group } : {}),
          ...(examples.length > 0 ? { examples } : {}),
        };
      }),
    })),
  };
}

/** Keys posted in a form must belong to the case's own ladder version (no forged keys). */
export function unknownKeys(ladder: Ladder, keys: string[]): string[] {
  const known = new Set(ladder.sections.flatMap((s) => s.expectations.map((e) => e.key)));
  return keys.filter((k) => !known.has(k));
}

export function findExpectation(ladder: Ladder, key: string) {
  for (const section of ladder.sections) {
    const expectation = section.expectations.find((e) => e.key === key);
    if (expectation) return { section, expectation };
  }
  return null;
}
