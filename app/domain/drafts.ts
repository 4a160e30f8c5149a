// An evidence draft is the form as the browser would post it, kept while the manager types. Only the
// form's own fields are kept, and a draft turns back into the form's starting values.
import type { EvidenceRecord, Voucher } from "./types";

export type DraftFields = [string, string][];

const SIMPLE = new Set(["title", "whatHappened", "outcome", "metric", "dateStart", "dateEnd", "kind", "scope", "source"]);
const INDEXED = /^(links)\[(\d{1,3})\]$|^(vouchers)\[(\d{1,3})\]\.(name|role)$|^(supports)\[(\d{1,4})\]\.(expectationKey|rationale)$/;

/** The form's fields out of a posted body, in order; anything else (intent, version, ids) is dropped. */
export function draftFields(entries: Iterable<[string, unknown]>): DraftFields {
  const kept: DraftFields = [];
  for (const [name, value] of entries) {
    if (typeof value !== "string") continue;
    if (SIMPLE.has(name) || INDEXED.test(name)) kept.push([name, value]);
  }
  return kept;
}

/** Whether a draft holds anything a person typed (an empty form is not worth offering back). */
export function draftHasContent(fields: DraftFields): boolean {
  return fields.some(([name, value]) => value.trim() !== "" && !/\.expectationKey$/.test(name));
}

export function draftSize(fields: DraftFields): number {
  return fields.reduce((n, [name, value]) => n + name.length + value.length, 0);
}

type Initial = Partial<Omit<EvidenceRecord, "id" | "ref">>;

/** The form's starting values from a draft: what was typed comes back where it was. */
export function draftInitial(fields: DraftFields): Initial {
  const simple: Record<string, string> = {};
  const links: string[] = [];
  const vouchers: Voucher[] = [];
  const supports = new Map<number, { expectationKey?: string; rationale?: string }>();
  for (const [name, value] of fields) {
    if (SIMPLE.has(name)) {
      simple[name] = value;
      continue;
    }
    const m = INDEXED.exec(name);
    if (!m) continue;
    if (m[1]) links[Number(m[2])] = value;
    else if (m[3]) {
      const i = Number(m[4]);
      vouchers[i] ??= { name: "", role: "" };
      vouchers[i]![m[5] as "name" | "role"] = value;
    } else if (m[6]) {
      const i = Number(m[7]);
      const slot = supports.get(i) ?? {};
      slot[m[8] as "expectationKey" | "rationale"] = value;
      supports.set(i, slot);
    }
  }
  return {
    title: simple.title ?? "",
    whatHappened: simple.whatHappened ?? "",
    outcome: simple.outcome ?? "",
    metric: simple.metric ?? "",
    dateStart: simple.dateStart ?? "",
    dateEnd: simple.dateEnd ?? "",
    kind: simple.kind as EvidenceRecord["kind"],
    scope: simple.scope as EvidenceRecord["scope"],
    source: simple.source as EvidenceRecord["source"],
    links: links.filter((l) => l !== undefined),
    vouchers: vouchers.filter((v) => v !== undefined),
    supports: [...supports.values()].flatMap((s) => (s.expectationKey ? [{ expectationKey: s.expectationKey, rationale: s.rationale ?? "" }] : [])),
  };
}
