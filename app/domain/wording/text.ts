// The text the wording rules read: words and punctuation with their offsets, sentences, clauses
// and quotations, worked out once per text and shared by every rule. Pure and framework-free.

export interface Token {
  /** As written. */
  text: string;
  /** Lower case, curly apostrophes straightened; "n't" reads as "not". */
  lower: string;
  start: number;
  end: number;
  isWord: boolean;
  /** Starts with a capital letter (and is not all capitals). */
  capitalised: boolean;
  /** Index of the sentence the token belongs to. */
  sentence: number;
  /** Inside a quotation of someone else ("…"). */
  quoted: boolean;
}

export interface Sentence {
  index: number;
  /** Token indexes [first, last). */
  first: number;
  last: number;
  start: number;
  end: number;
}

export interface AnalysedText {
  text: string;
  tokens: Token[];
  sentences: Sentence[];
}

// Words (with inner apostrophes and hyphens), numbers (3.5, 1,400, 40%), or one punctuation mark.
const TOKEN =
  /[0-9]+(?:[.,:][0-9]+)*%?|[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;
const CLITICS = /^(.+?)(['’](?:s|re|ve|ll|d|m)|n['’]t)$/i;
const ABBREVIATIONS = new Set(["e.g", "i.e", "etc", "dr", "mr", "mrs", "ms", "vs", "approx", "no", "st", "inc", "ltd", "jr", "sr"]);
const QUOTE_OPEN = new Set(['"', "“", "„", "«"]);
const QUOTE_CLOSE = new Set(['"', "”", "»"]);
const SENTENCE_END = new Set([".", "!", "?"]);

function makeToken(text: string, start: number): Token {
  let lower = text.toLowerCase().replace(/’/g, "'");
  if (lower === "n't") lower = "not";
  else if (lower === "'s" || lower === "'re" || lower === "'ve" || lower === "'ll" || lower === "'d" || lower === "'m") {
    // Kept as clitics: "'s" may be "is" or a possessive, which the rules tell apart by position.
  } else if (lower === "ca") lower = "can";
  else if (lower === "wo") lower = "will";
  const first = text.charAt(0);
  const isWord = /[\p{L}\p{N}]/u.test(first);
  const capitalised = isWord && first !== first.toLowerCase() && text !== text.toUpperCase();
  return { text, lower, start, end: start + text.length, isWord, capitalised, sentence: 0, quoted: false };
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const raw = match[0];
    const at = match.index ?? 0;
    const clitic = CLITICS.exec(raw);
    if (clitic && clitic[1] && clitic[2]) {
      tokens.push(makeToken(clitic[1], at));
      tokens.push(makeToken(clitic[2], at + clitic[1].length));
    } else {
      tokens.push(makeToken(raw, at));
    }
  }
  return tokens;
}

/** Splits into sentences at . ! ? (not after an abbreviation or an initial) and at line breaks,
 *  and marks tokens inside double quotation marks. */
export function analyse(text: string): AnalysedText {
  const tokens = tokenize(text);
  const sentences: Sentence[] = [];
  let first = 0;
  let inQuote = false;
  let singleQuote = false;
  const close = (last: number) => {
    if (last <= first) return;
    sentences.push({
      index: sentences.length,
      first,
      last,
      start: tokens[first]!.start,
      end: tokens[last - 1]!.end,
    });
    first = last;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    t.sentence = sentences.length;
    if (!t.isWord && (t.text === "‘" || t.text === "’" || t.text === "'")) {
      // Single quotation marks: opening after a space or the start, closing otherwise.
      const opening = t.text === "‘" || (t.text === "'" && (t.start === 0 || /\s/.test(text.charAt(t.start - 1))));
      if (opening && !singleQuote) singleQuote = true;
      else if (!opening && singleQuote) singleQuote = false;
      t.quoted = true;
      continue;
    }
    if (!t.isWord && (QUOTE_OPEN.has(t.text) || QUOTE_CLOSE.has(t.text))) {
      // A straight quote opens when none is open; curly ones say which they are.
      if (t.text === '"') inQuote = !inQuote;
      else inQuote = QUOTE_OPEN.has(t.text);
      t.quoted = true;
      continue;
    }
    t.quoted = inQuote || singleQuote;
    const next = tokens[i + 1];
    const lineBreak = next !== undefined && /\n/.test(text.slice(t.end, next.start));
    if (SENTENCE_END.has(t.text) && !inQuote) {
      const previous = tokens[i - 1];
      const abbreviation =
        t.text === "." &&
        previous !== undefined &&
        (ABBREVIATIONS.has(previous.lower) || (previous.isWord && previous.text.length === 1 && previous.capitalised));
      const nextStarts = next === undefined || !next.isWord || next.capitalised || /^[0-9]/.test(next.text) || lineBreak;
      if (!abbreviation && nextStarts) close(i + 1);
    } else if (lineBreak) {
      close(i + 1);
    }
  }
  close(tokens.length);
  return { text, tokens, sentences };
}

/* ---------- Word classes the rules share ---------- */

export const SUBJECT_PRONOUNS = new Set(["she", "he", "they", "xe", "ze", "zie", "ey", "fae", "ve", "you"]);
export const POSSESSIVES = new Set(["her", "his", "their", "xyr", "hir", "zir", "eir", "faer", "vis", "your"]);
export const OBJECT_PRONOUNS = new Set(["her", "him", "them", "xem", "hir", "zir", "em", "faer", "ver", "you"]);
export const REFLEXIVES = new Set(["herself", "himself", "themself", "themselves", "xemself", "hirself", "zirself", "emself", "faerself", "yourself"]);
export const DETERMINERS = new Set(["the", "a", "an", "this", "that", "these", "those", "our", "its", "my", "some", "any", "every", "each", "no", "one"]);
export const COPULAS = new Set([
  "is", "was", "are", "were", "be", "been", "being", "'s", "'re", "am", "'m",
  "seems", "seemed", "seem", "appears", "appeared", "looks", "looked", "sounds", "sounded",
  "became", "becomes", "become", "remains", "remained", "gets", "got", "get", "getting", "feels", "felt", "as",
]);
export const MODALS = new Set(["can", "could", "may", "might", "will", "would", "should", "must", "'ll", "'d", "to"]);
export const ADVERBS = new Set([
  "very", "too", "so", "really", "quite", "extremely", "overly", "always", "often", "sometimes", "also", "still",
  "generally", "usually", "never", "not", "rather", "incredibly", "truly", "genuinely", "consistently", "more",
  "most", "less", "least", "especially", "particularly", "simply", "just", "all", "then", "already", "ever",
  "highly", "exceptionally", "remarkably", "clearly", "certainly", "definitely", "perceived", "seen", "known",
  "described", "considered", "viewed", "across", "come", "comes", "came", "coming", "a", "an", "bit", "little",
]);
export const CLAUSE_BREAKS = new Set([",", ";", ":", ".", "!", "?", "(", ")", "—", "–", "-", "but", "and", "or", "because", "which", "who", "that", "when", "while", "although", "though", "so", "if"]);
const NOT_NAMES = new Set([
  "the", "a", "an", "this", "that", "these", "those", "our", "we", "it", "its", "in", "on", "at", "after", "before",
  "during", "when", "while", "although", "though", "overall", "since", "as", "for", "with", "by", "from", "if",
  "everyone", "everybody", "nobody", "someone", "some", "all", "both", "each", "every", "simply", "mid-year", "i",
  "there", "here", "then", "also", "once", "despite", "even", "what", "how", "why", "where", "who", "which", "but",
  "and", "or", "so", "yet", "still", "however", "reviewers", "peers", "customers", "people", "colleagues",
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
  "april", "may", "june", "july", "august", "september", "october", "november", "december",
]);

/** A capitalised word that reads as someone's name (not an acronym, a month or a sentence opener). */
export function looksLikeName(t: Token | undefined): boolean {
  return !!t && t.isWord && t.capitalised && !NOT_NAMES.has(t.lower) && !SUBJECT_PRONOUNS.has(t.lower) && !POSSESSIVES.has(t.lower);
}

/** A pronoun or name standing for a person (the candidate or anyone else). */
export function isPersonReference(t: Token | undefined): boolean {
  if (!t || !t.isWord) return false;
  return SUBJECT_PRONOUNS.has(t.lower) || OBJECT_PRONOUNS.has(t.lower) || looksLikeName(t) || t.lower === "candidate" || t.lower === "who";
}

/** The word tokens of a sentence (punctuation left out), with their indexes in `tokens`. */
export function sentenceWords(a: AnalysedText, s: Sentence): number[] {
  const out: number[] = [];
  for (let i = s.first; i < s.last; i++) if (a.tokens[i]!.isWord) out.push(i);
  return out;
}

/** The nearest word token before / after `i` within the same sentence, skipping nothing else. */
export function previousWord(a: AnalysedText, i: number): number | null {
  const t = a.tokens[i];
  for (let j = i - 1; j >= 0; j--) {
    const u = a.tokens[j]!;
    if (u.sentence !== t?.sentence) return null;
    if (u.isWord) return j;
    if (u.text !== "," && u.text !== "-") return null;
    return null;
  }
  return null;
}

export function nextToken(a: AnalysedText, i: number): Token | undefined {
  const t = a.tokens[i + 1];
  return t && t.sentence === a.tokens[i]?.sentence ? t : undefined;
}

/** Index of the first token of the clause holding token `i` (after the last clause break). */
export function clauseStart(a: AnalysedText, i: number, sentence: Sentence): number {
  for (let j = i - 1; j >= sentence.first; j--) {
    const u = a.tokens[j]!;
    if (!u.isWord && u.text !== "'" && u.text !== "’") {
      if (CLAUSE_BREAKS.has(u.text)) return j + 1;
    } else if (u.lower === "but" || u.lower === "because" || u.lower === "although" || u.lower === "while") {
      return j + 1;
    }
  }
  return sentence.first;
}

/* ---------- Inflections ---------- */

const VOWELS = "aeiou";

/** The common inflections of a word of four letters or more: plural and verb forms, -ly, -ness,
 *  comparatives. Shorter words match only as written, so that "a" never matches "as". */
export function inflections(word: string): string[] {
  const w = word.toLowerCase();
  if (w.length < 4 || /[^a-z-]/.test(w)) return [w];
  const forms = new Set([w, `${w}s`, `${w}es`, `${w}ed`, `${w}ing`, `${w}ly`, `${w}ness`, `${w}er`, `${w}est`]);
  const last = w.charAt(w.length - 1);
  const stem = w.slice(0, -1);
  if (last === "e") {
    forms.add(`${stem}ing`).add(`${w}d`).add(`${w}r`).add(`${w}st`);
    if (w.endsWith("le")) forms.add(`${w.slice(0, -2)}ly`);
  }
  if (last === "y" && !VOWELS.includes(w.charAt(w.length - 2))) {
    forms.add(`${stem}ies`).add(`${stem}ied`).add(`${stem}ily`).add(`${stem}iness`).add(`${stem}ier`).add(`${stem}iest`);
  }
  if (w.endsWith("ic")) forms.add(`${w}ally`);
  if (w.endsWith("al")) forms.add(`${w}ity`);
  if (w.endsWith("ous")) forms.add(`${w}ness`);
  // Doubled final consonant: "quit" -> "quitting" is too short anyway; "commit" -> "committed".
  if (!VOWELS.includes(last) && VOWELS.includes(w.charAt(w.length - 2)) && !VOWELS.includes(w.charAt(w.length - 3))) {
    forms.add(`${w}${last}ed`).add(`${w}${last}ing`);
  }
  return [...forms];
}
