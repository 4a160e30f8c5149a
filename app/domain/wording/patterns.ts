// Phrases of the rules document compiled into token patterns, and the matcher that runs them.
// A pattern is a list of slots, each matching one word token: a set of written forms, a word
// class ({subject}, {possessive}, …), or a gap of up to three words (`...`).

import {
  COPULAS,
  inflections,
  looksLikeName,
  OBJECT_PRONOUNS,
  POSSESSIVES,
  SUBJECT_PRONOUNS,
  type AnalysedText,
  type Token,
} from "./text";

export const WORD_CLASSES = ["subject", "possessive", "object", "be", "have", "not", "word"] as const;
export type WordClass = (typeof WORD_CLASSES)[number];

export type Slot =
  | { kind: "forms"; forms: ReadonlySet<string> }
  | { kind: "class"; name: WordClass }
  | { kind: "gap"; max: number };

export interface Pattern {
  /** The phrase as written in the rules document. */
  source: string;
  slots: Slot[];
}

const BE = new Set(["is", "was", "are", "were", "be", "been", "being", "'s", "'re", "am", "'m"]);
const HAVE = new Set(["has", "have", "had", "'s", "'ve", "having"]);
const NOT = new Set(["not", "never", "no"]);

export function inClass(name: WordClass, t: Token): boolean {
  switch (name) {
    case "subject":
      return SUBJECT_PRONOUNS.has(t.lower) || looksLikeName(t);
    case "possessive":
      return POSSESSIVES.has(t.lower);
    case "object":
      return OBJECT_PRONOUNS.has(t.lower);
    case "be":
      return BE.has(t.lower);
    case "have":
      return HAVE.has(t.lower);
    case "not":
      return NOT.has(t.lower);
    case "word":
      return true;
  }
}

export { COPULAS };

export class PatternError extends Error {}

/**
 * Compiles one phrase. Words of four letters or more also match their inflections unless `exact`;
 * a hyphenated word matches solid or hyphenated as one slot, and as two words in a second pattern.
 */
export function compilePhrase(phrase: string, exact = false): Pattern[] {
  const words = phrase.trim().toLowerCase().replace(/’/g, "'").split(/\s+/).filter(Boolean);
  if (words.length === 0) throw new PatternError("is empty");
  let variants: Slot[][] = [[]];
  for (const word of words) {
    const slotOptions: Slot[][] = [];
    const classMatch = /^\{([a-z]+)\}$/.exec(word);
    if (classMatch) {
      const name = classMatch[1] as WordClass;
      if (!(WORD_CLASSES as readonly string[]).includes(name)) {
        throw new PatternError(`uses {${name}}, which is not one of ${WORD_CLASSES.map((c) => `{${c}}`).join(", ")}`);
      }
      slotOptions.push([{ kind: "class", name }]);
    } else if (word === "...") {
      slotOptions.push([{ kind: "gap", max: 3 }]);
    } else if (/[{}]/.test(word)) {
      throw new PatternError(`has a malformed placeholder "${word}"`);
    } else {
      const alternatives = word.split("|").filter(Boolean);
      const forms = new Set<string>();
      const split: string[][] = [];
      for (const alt of alternatives) {
        for (const f of exact ? [alt] : inflections(alt)) forms.add(f);
        if (alt.includes("-")) {
          forms.add(alt.replace(/-/g, ""));
          if (!exact) for (const f of inflections(alt.replace(/-/g, ""))) forms.add(f);
          split.push(alt.split("-").filter(Boolean));
        }
      }
      slotOptions.push([{ kind: "forms", forms }]);
      for (const parts of split) {
        slotOptions.push(
          parts.map((p, i) => ({
            kind: "forms" as const,
            forms: new Set(i === parts.length - 1 && !exact ? inflections(p) : [p]),
          })),
        );
      }
    }
    const next: Slot[][] = [];
    for (const v of variants) for (const option of slotOptions) next.push([...v, ...option]);
    variants = next;
  }
  if (variants.some((v) => v.every((s) => s.kind === "gap"))) throw new PatternError("has no words, only `...`");
  return variants.map((slots) => ({ source: phrase, slots }));
}

export function compilePhrases(phrases: readonly string[], exact = false): Pattern[] {
  return phrases.flatMap((p) => compilePhrase(p, exact));
}

export interface PatternMatch {
  pattern: Pattern;
  /** Token indexes of the first and last matched word. */
  first: number;
  last: number;
}

/** Word-token indexes of a text, by sentence: patterns never cross a sentence. */
export function wordIndexes(a: AnalysedText): number[][] {
  const bySentence: number[][] = a.sentences.map(() => []);
  a.tokens.forEach((t, i) => {
    if (t.isWord) bySentence[t.sentence]?.push(i);
  });
  return bySentence;
}

function matchAt(a: AnalysedText, words: readonly number[], slots: readonly Slot[], s: number, w: number): number | null {
  if (s === slots.length) return w - 1;
  const slot = slots[s]!;
  if (slot.kind === "gap") {
    for (let skip = 0; skip <= slot.max; skip++) {
      if (w + skip > words.length) break;
      const end = matchAt(a, words, slots, s + 1, w + skip);
      if (end !== null) return end;
    }
    return null;
  }
  const index = words[w];
  if (index === undefined) return null;
  const t = a.tokens[index]!;
  const ok = slot.kind === "forms" ? slot.forms.has(t.lower) : inClass(slot.name, t);
  return ok ? matchAt(a, words, slots, s + 1, w + 1) : null;
}

interface PatternIndex {
  byFirstWord: Map<string, Pattern[]>;
  /** Patterns starting with a word class, tried only at words of that class. */
  byFirstClass: Map<WordClass, Pattern[]>;
  /** Patterns starting with a gap: tried at every word. */
  others: Pattern[];
}

// Patterns are compiled once per rules document, so their index is worked out once too.
const indexes = new WeakMap<readonly Pattern[], PatternIndex>();

function indexOf(patterns: readonly Pattern[]): PatternIndex {
  let index = indexes.get(patterns);
  if (index) return index;
  index = { byFirstWord: new Map(), byFirstClass: new Map(), others: [] };
  for (const p of patterns) {
    const head = p.slots[0]!;
    if (head.kind === "class") {
      const list = index.byFirstClass.get(head.name) ?? [];
      list.push(p);
      index.byFirstClass.set(head.name, list);
      continue;
    }
    if (head.kind !== "forms") {
      index.others.push(p);
      continue;
    }
    for (const form of head.forms) {
      const list = index.byFirstWord.get(form) ?? [];
      list.push(p);
      index.byFirstWord.set(form, list);
    }
  }
  indexes.set(patterns, index);
  return index;
}

/** Every match of every pattern, leftmost (then longest) first. */
export function findAll(a: AnalysedText, patterns: readonly Pattern[], bySentence = wordIndexes(a)): PatternMatch[] {
  const found: PatternMatch[] = [];
  const index = indexOf(patterns);
  for (const words of bySentence) {
    for (let w = 0; w < words.length; w++) {
      const t = a.tokens[words[w]!]!;
      const lists: (Pattern[] | undefined)[] = [index.byFirstWord.get(t.lower), index.others];
      for (const [name, list] of index.byFirstClass) if (inClass(name, t)) lists.push(list);
      for (const list of lists) {
        if (!list) continue;
        for (const pattern of list) {
          const end = matchAt(a, words, pattern.slots, 0, w);
          if (end === null || end < w) continue;
          found.push({ pattern, first: words[w]!, last: words[end]! });
        }
      }
    }
  }
  found.sort((x, y) => x.first - y.first || y.last - x.last);
  return found;
}

/** True when an exception pattern matches a range overlapping [first, last]. */
export function excepted(a: AnalysedText, exceptions: readonly Pattern[], first: number, last: number, bySentence: number[][]): boolean {
  if (exceptions.length === 0) return false;
  const sentence = a.tokens[first]!.sentence;
  const words = bySentence[sentence] ?? [];
  const at = words.indexOf(first);
  for (let w = Math.max(0, at - 5); w <= at && w < words.length; w++) {
    for (const pattern of exceptions) {
      const end = matchAt(a, words, pattern.slots, 0, w);
      if (end === null) continue;
      const from = words[w]!;
      const to = words[end]!;
      if (from <= last && to >= first) return true;
    }
  }
  return false;
}

/** A set of single-token forms from a word list (multi-word entries are ignored here). */
export function formSet(words: readonly string[], exact = false): Set<string> {
  const set = new Set<string>();
  for (const w of words) {
    const lower = w.toLowerCase();
    if (/\s/.test(lower)) continue;
    for (const f of exact ? [lower] : inflections(lower)) set.add(f);
    if (lower.includes("-")) set.add(lower.replace(/-/g, ""));
  }
  return set;
}
