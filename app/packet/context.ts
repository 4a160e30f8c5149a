// Everything the section builders need, worked out once before any of them runs. Read-only: builders never
// record state (such as "already written this item") while building, so each can be called on its own.
import type {
  EvidenceRecord,
  ExpectationAnalysis,
  LadderExpectation,
  LadderSection,
  PacketInput,
  StatusCounts,
} from "../domain/types";
import { isTimeZone } from "../domain/dates";
import { xmlSafe } from "./sanitize";
import { ladderLevelLabel } from "../domain/ladder";

export interface NumberedExpectation {
  readonly expectation: LadderExpectation;
  /** "2.3": section 2, third expectation, as the headings show it. */
  readonly number: string;
  readonly analysis: ExpectationAnalysis;
  /** Supporting items that exist in the case, in the analysis's order. */
  readonly evidence: readonly EvidenceRecord[];
}

export interface NumberedSection {
  readonly section: LadderSection;
  readonly number: number;
  readonly counts: StatusCounts;
  readonly expectations: readonly NumberedExpectation[];
}

export interface PacketContext {
  /** The input with every string passed through xmlSafe. */
  readonly input: PacketInput;
  /** The content fingerprint of an issued packet; null in the browser preview, which is not an export. */
  readonly fingerprint: string | null;
  /** The case's time zone, checked: UTC when the input has none or an unknown one. */
  readonly timeZone: string;
  /** The ladder's sections in document order, joined to the analysis. */
  readonly sections: readonly NumberedSection[];
  readonly evidenceById: ReadonlyMap<string, EvidenceRecord>;
  /** Where each cited item is written in full: the key of the first expectation citing it, in ladder order. */
  readonly writtenInFullAt: ReadonlyMap<string, string>;
  /** Expectation numbers each item is cited under, in ladder order ("1.2", "3.1"). */
  readonly citedUnder: ReadonlyMap<string, readonly string[]>;
  /** Word bookmark for the full write-up of each cited item, so "see above" can link to it. */
  readonly bookmarkOf: ReadonlyMap<string, string>;
  /** The target level in words: "L5 Principal DevOps Support Engineer". */
  readonly target: string;
}

/** Deep copy with every string made XML-safe: one place guarantees no user string reaches docx unsanitised. */
function sanitizeDeep<T>(value: T): T {
  if (typeof value === "string") return xmlSafe(value) as T;
  if (Array.isArray(value)) return value.map(sanitizeDeep) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = sanitizeDeep(v);
    return out as T;
  }
  return value;
}

function countsOf(expectations: readonly ExpectationAnalysis[]): StatusCounts {
  const counts: StatusCounts = { total: expectations.length, strong: 0, weak: 0, missing: 0, notApplicable: 0 };
  for (const e of expectations) {
    if (e.status === "strong") counts.strong++;
    else if (e.status === "weak") counts.weak++;
    else if (e.status === "missing") counts.missing++;
    else counts.notApplicable++;
  }
  return counts;
}

export function createPacketContext(rawInput: PacketInput, fingerprint: string | null): PacketContext {
  const input = sanitizeDeep(rawInput);
  const evidenceById = new Map(input.evidence.map((e) => [e.id, e]));
  const analysisByKey = new Map<string, ExpectationAnalysis>();
  for (const s of input.analysis.sections) for (const e of s.expectations) analysisByKey.set(e.key, e);

  const writtenInFullAt = new Map<string, string>();
  const citedUnder = new Map<string, string[]>();

  const sections = input.ladder.sections.map((section, si): NumberedSection => {
    const expectations = section.expectations.map((expectation, ei): NumberedExpectation => {
      const number = `${si + 1}.${ei + 1}`;
      // A ladder line the analysis does not know (it should not happen) reads as missing rather than vanishing.
      const analysis: ExpectationAnalysis = analysisByKey.get(expectation.key) ?? {
        key: expectation.key,
        sectionKey: section.key,
        text: expectation.text,
        status: "missing",
        reasons: [],
        evidenceIds: [],
        notApplicableReason: null,
        gapNote: null,
      };
      const seen = new Set<string>();
      const evidence: EvidenceRecord[] = [];
      for (const id of analysis.evidenceIds) {
        const item = evidenceById.get(id);
        if (!item || seen.has(id)) continue;
        seen.add(id);
        evidence.push(item);
        if (!writtenInFullAt.has(id)) writtenInFullAt.set(id, expectation.key);
        const under = citedUnder.get(id) ?? [];
        under.push(number);
        citedUnder.set(id, under);
      }
      return { expectation, number, analysis, evidence };
    });
    return {
      section,
      number: si + 1,
      counts: countsOf(expectations.map((e) => e.analysis)),
      expectations,
    };
  });

  const bookmarkOf = new Map<string, string>();
  input.evidence.forEach((e, i) => {
    // Word bookmark names: a letter first, then letters, digits or underscores, at most 40 characters.
    if (writtenInFullAt.has(e.id)) bookmarkOf.set(e.id, `evidence_${i + 1}`);
  });

  return {
    input,
    fingerprint,
    sections,
    evidenceById,
    writtenInFullAt,
    citedUnder,
    bookmarkOf,
    timeZone: input.timeZone && isTimeZone(input.timeZone) ? input.timeZone : "UTC",
    target: `${ladderLevelLabel(input.ladder)} ${input.ladder.title}`.trim(),
  };
}
