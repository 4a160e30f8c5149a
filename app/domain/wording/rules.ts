// The wording rules: one small pure function per rule, each with a stable code, returning what it
// matched (with offsets into the text), why it matters, a source and a suggestion. No model and no
// network: fixed word lists from the rules document, read in context (the sentence, the clause,
// who is being described, whether something measurable is beside it).

import { excepted, findAll, wordIndexes, type Pattern, type PatternMatch } from "./patterns";
import type { TextRuleCode, WordingField, WordingRules } from "./rules-document";
import {
  ADVERBS,
  analyse,
  COPULAS,
  DETERMINERS,
  isPersonReference,
  looksLikeName,
  MODALS,
  OBJECT_PRONOUNS,
  POSSESSIVES,
  SUBJECT_PRONOUNS,
  type AnalysedText,
  type Token,
} from "./text";

export interface WordingFinding {
  code: TextRuleCode | "parity";
  start: number;
  end: number;
  /** The matched text, exactly as written. */
  match: string;
  why: string;
  suggestion: string;
  /** The first source behind the rule, as cited in the rules document. */
  source: string;
}

/** What every rule receives: the analysed text and facts about each sentence, worked out once. */
export interface RuleInput {
  a: AnalysedText;
  field: WordingField;
  rules: WordingRules;
  words: number[][];
  sentences: SentenceFacts[];
  /** The evidence item's metric, when the text is its outcome. */
  metric: string | null;
}

export interface SentenceFacts {
  number: boolean;
  time: boolean;
  change: boolean;
  artefact: boolean;
  delivery: boolean;
}

export type WordingRule = (input: RuleInput) => WordingFinding[];

/* ---------- Shared reading of the text ---------- */

// Small grammatical words: after a describing word they mean it is used of someone ("aggressive
// in meetings"), not as part of a thing's name ("aggressive timeline").
const FUNCTION_WORDS = new Set([
  "in", "on", "at", "with", "about", "to", "toward", "towards", "when", "whenever", "if", "and", "or", "but", "as",
  "than", "during", "around", "under", "over", "because", "so", "sometimes", "at", "times", "often", "lately",
  "recently", "again", "too", "for", "by", "from", "of", "while", "after", "before", "whenever", "nowadays",
  "though", "although", "yet", "with", "without", "who", "that", "which", "where", "then", "here", "there",
  "overall", "generally", "especially", "sometimes", "occasionally", "now", "still", "also", "really", "always",
  "to", "enough", "this", "last", "these", "those", "all", "every", "she", "he", "they", "it", "we", "i", "you",
]);

const PREPOSITIONS = new Set([
  "during", "in", "on", "at", "and", "or", "but", "with", "for", "to", "by", "from", "when", "while", "because",
  "as", "than", "of", "after", "before", "about", "across", "around", "throughout", "until", "since",
]);

const IRREGULAR_PAST = new Set([
  "led", "wrote", "written", "built", "ran", "run", "drove", "driven", "made", "took", "taken", "found", "set",
  "brought", "gave", "given", "taught", "spoke", "spoken", "chose", "chosen", "caught", "held", "kept", "met",
  "paid", "sent", "sold", "told", "won", "began", "begun", "drew", "drawn", "fought", "grew", "grown", "rode",
  "rose", "sought", "shot", "shut", "split", "spread", "stood", "struck", "swept", "threw", "thrown", "understood",
  "undertook", "undertaken", "overcame", "oversaw", "overseen", "rebuilt", "rewrote", "rewritten", "put", "cut",
  "read", "did", "done", "fed", "shown", "showed", "laid", "lent", "dealt", "meant", "left", "lost", "spent",
  "bought", "thought", "felt", "heard", "hid", "hidden", "broke", "broken", "froze", "frozen", "got", "gotten",
  "forgot", "forgotten", "withdrew", "drew up", "saw", "seen", "knew", "known", "went", "gone", "came", "come",
  "became", "bent", "bound", "bred", "stuck", "swung", "wound", "upheld", "withheld", "foresaw", "mistook",
]);

const AUXILIARIES = new Set(["has", "have", "had", "'s", "'ve", "did", "also", "then", "personally", "single-handedly",
  "first", "later", "quickly", "soon", "herself", "himself", "themselves", "themself", "xemself", "already", "just",
  "successfully", "eventually", "finally", "jointly", "together", "all", "independently", "proactively"]);

const GROUP_NOUNS = new Set(["team", "teams", "group", "groups", "squad", "org", "organisation", "organization",
  "department", "reports", "engineers", "colleagues", "peers", "manager", "company", "customers", "customer"]);

function isPastVerb(t: Token | undefined, rules: WordingRules): boolean {
  if (!t || !t.isWord) return false;
  if (IRREGULAR_PAST.has(t.lower)) return true;
  if (rules.vocabulary.deliveryVerbs.has(t.lower)) return true;
  return t.lower.length > 4 && t.lower.endsWith("ed");
}

/** The next word token after `i` in the same sentence (none across punctuation other than hyphens). */
function wordAfter(a: AnalysedText, i: number): Token | undefined {
  const t = a.tokens[i];
  const u = a.tokens[i + 1];
  if (!t || !u || u.sentence !== t.sentence) return undefined;
  return u;
}

function sentenceOf(a: AnalysedText, i: number) {
  return a.sentences[a.tokens[i]!.sentence]!;
}

function isNounForm(lower: string): boolean {
  return /(ness|ity|tion|ment|ism)$/.test(lower);
}

/** The subject of a copula at `c`: does it name a person (pronoun, name, "who", a person noun)? */
function copulaSubjectIsPerson(input: RuleInput, c: number): boolean {
  const { a } = input;
  const sentence = sentenceOf(a, c);
  let j = c - 1;
  while (j >= sentence.first) {
    const u = a.tokens[j]!;
    if (u.isWord && (MODALS.has(u.lower) || ADVERBS.has(u.lower) || u.lower === "not" || u.lower === "be" || u.lower === "been" || u.lower === "has" || u.lower === "have" || u.lower === "had")) {
      j--;
      continue;
    }
    break;
  }
  const s = a.tokens[j];
  if (!s || j < sentence.first) return false;
  if (s.isWord && (isPersonReference(s) || input.rules.vocabulary.personNouns.has(s.lower))) return true;
  if (s.lower === "that" || s.lower === "which") {
    const before = a.tokens[j - 1];
    return !!before && before.sentence === s.sentence && (isPersonReference(before) || input.rules.vocabulary.personNouns.has(before.lower));
  }
  if (a.tokens[c]!.lower === "as") {
    // "described him as", "came across as": the person is the object or the subject before the verb.
    for (let k = c - 1; k >= Math.max(sentence.first, c - 4); k--) {
      if (isPersonReference(a.tokens[k])) return true;
    }
    return false;
  }
  // Otherwise the clause's own opening words: "The timeline she was given was aggressive" is about a thing.
  let start = j;
  while (start > sentence.first) {
    const u = a.tokens[start - 1]!;
    if (!u.isWord && u.text !== "'" && u.text !== "’") break;
    start--;
  }
  const opener = a.tokens[start]!;
  if (SUBJECT_PRONOUNS.has(opener.lower) || looksLikeName(opener)) return true;
  if (POSSESSIVES.has(opener.lower)) {
    const noun = a.tokens[start + 1];
    return !!noun && input.rules.vocabulary.personNouns.has(noun.lower);
  }
  return false;
}

/**
 * Is the describing word at `i` said of a person? "She is abrasive", "an abrasive manner", "find her
 * bossy", "her abrasiveness", or a fragment like "Hard-working and reliable." Not when it names a
 * thing: "an aggressive timeline", "emotional support animal policy", "the timeline was aggressive".
 */
export function describesPerson(input: RuleInput, i: number): boolean {
  const { a, rules } = input;
  const t = a.tokens[i]!;
  const sentence = sentenceOf(a, i);
  if (isNounForm(t.lower)) {
    for (let k = i - 1; k >= Math.max(sentence.first, i - 3); k--) {
      const u = a.tokens[k]!;
      if (POSSESSIVES.has(u.lower) || u.lower === "'s") return true;
    }
    const next = wordAfter(a, i);
    return !!next && next.lower === "of" && isPersonReference(a.tokens[i + 2]);
  }
  const next = wordAfter(a, i);
  if (next && next.isWord) {
    if (rules.vocabulary.personNouns.has(next.lower)) return true;
    if (!FUNCTION_WORDS.has(next.lower)) return false;
  }
  // Used predicatively: walk back over intensifiers and coordinated describing words to a verb.
  let j = i - 1;
  for (let steps = 0; j >= sentence.first && steps < 8; steps++) {
    const u = a.tokens[j]!;
    if (u.text === "," || u.lower === "and" || u.lower === "or") {
      j -= 2;
      continue;
    }
    if (!u.isWord && u.quoted) {
      j--;
      continue;
    }
    if (u.isWord && (ADVERBS.has(u.lower) || DETERMINERS.has(u.lower)) && !COPULAS.has(u.lower)) {
      j--;
      continue;
    }
    break;
  }
  if (j < sentence.first) return true;
  const before = a.tokens[j]!;
  if (COPULAS.has(before.lower)) return copulaSubjectIsPerson(input, j);
  if (OBJECT_PRONOUNS.has(before.lower) || looksLikeName(before)) return true;
  return false;
}

function finding(input: RuleInput, code: TextRuleCode, first: number, last: number): WordingFinding {
  const { a, rules } = input;
  const start = a.tokens[first]!.start;
  const end = a.tokens[last]!.end;
  const text = rules.text[code];
  return {
    code,
    start,
    end,
    match: a.text.slice(start, end),
    why: text.why,
    suggestion: text.suggestion,
    source: text.sources[0]?.cite ?? "",
  };
}

function inWindow(input: RuleInput, sentence: number, window: number, test: (f: SentenceFacts) => boolean): boolean {
  for (let s = Math.max(0, sentence - window); s <= Math.min(input.sentences.length - 1, sentence + window); s++) {
    if (test(input.sentences[s]!)) return true;
  }
  return false;
}

function negatedBefore(a: AnalysedText, i: number): boolean {
  for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
    const u = a.tokens[k]!;
    if (u.sentence !== a.tokens[i]!.sentence || !u.isWord) return false;
    if (u.lower === "not" || u.lower === "never" || u.lower === "no") return true;
  }
  return false;
}

function unquoted(a: AnalysedText, m: PatternMatch): boolean {
  return !a.tokens[m.first]!.quoted;
}

/** Single-word matches of a set, as pattern-like matches. */
function wordMatches(a: AnalysedText, forms: ReadonlySet<string>): number[] {
  const out: number[] = [];
  a.tokens.forEach((t, i) => {
    if (t.isWord && forms.has(t.lower)) out.push(i);
  });
  return out;
}

/* ---------- Facts about each sentence ---------- */

const ARTEFACT_TEXT = /https?:\/\/|`[^`]+`|\b[\w-]+\.(?:md|ya?ml|json|ts|tsx|js|py|go|sql|sh|docx?|pdf|csv|tf)\b|\b[A-Z]+-[0-9]+\b/;

export function sentenceFacts(a: AnalysedText, rules: WordingRules, words: number[][]): SentenceFacts[] {
  const facts: SentenceFacts[] = a.sentences.map((s) => ({
    number: false,
    time: false,
    change: false,
    artefact: ARTEFACT_TEXT.test(a.text.slice(s.start, s.end)),
    delivery: false,
  }));
  const v = rules.vocabulary;
  for (let i = 0; i < a.tokens.length; i++) {
    const t = a.tokens[i]!;
    if (!t.isWord) continue;
    const f = facts[t.sentence]!;
    if (/[0-9]/.test(t.text) || v.numberWords.has(t.lower)) f.number = true;
    if (v.deliveryVerbs.has(t.lower) && !negatedBefore(a, i)) f.delivery = true;
    const sentence = a.sentences[t.sentence]!;
    const isFirstWord = words[t.sentence]?.[0] === i;
    if (t.text.length > 1 && t.text === t.text.toUpperCase() && /[A-Z]/.test(t.text) && t.lower !== "i") f.artefact = true;
    else if (/[a-z][A-Z]/.test(t.text)) f.artefact = true;
    else if (t.capitalised && !isFirstWord && i > sentence.first) {
      const prev = a.tokens[i - 1];
      const next = a.tokens[i + 1];
      if ((prev && (prev.lower === "the" || POSSESSIVES.has(prev.lower))) || (next && next.capitalised)) f.artefact = true;
      if (next && v.artefactNouns.has(next.lower)) f.artefact = true;
    }
  }
  for (const m of findAll(a, v.timeWords, words)) facts[a.tokens[m.first]!.sentence]!.time = true;
  for (const m of findAll(a, v.changePhrases, words)) facts[a.tokens[m.first]!.sentence]!.change = true;
  return facts;
}

const specific = (f: SentenceFacts) => f.number || f.time || f.change || f.artefact;
const measurable = (f: SentenceFacts) => f.number || f.change;
const outcomeNearby = (f: SentenceFacts) => f.number || f.change || f.delivery;

/* ---------- The rules ---------- */

/** An outcome with nothing specific: the whole outcome field, or a sentence's outcome claim elsewhere. */
export const ruleVagueOutcome: WordingRule = (input) => {
  const { a, rules } = input;
  if (input.field === "outcome") {
    const trimmed = a.text.trim();
    if (trimmed === "" || (input.metric ?? "").trim() !== "") return [];
    if (input.sentences.some(specific) || input.sentences.some((f) => f.delivery)) return [];
    const start = a.text.indexOf(trimmed);
    const text = rules.text["vague-outcome"];
    return [{ code: "vague-outcome", start, end: start + trimmed.length, match: trimmed, why: text.why, suggestion: text.suggestion, source: text.sources[0]?.cite ?? "" }];
  }
  const out: WordingFinding[] = [];
  const flagged = new Set<number>();
  for (const m of findAll(a, rules.vocabulary.outcomeClaims, input.words)) {
    const sentence = a.tokens[m.first]!.sentence;
    if (flagged.has(sentence) || !unquoted(a, m) || negatedBefore(a, m.first)) continue;
    if (excepted(a, rules.vagueOutcome.except, m.first, m.last, input.words)) continue;
    if (specific(input.sentences[sentence]!)) continue;
    flagged.add(sentence);
    out.push(finding(input, "vague-outcome", m.first, m.last));
  }
  return out;
};

export const rulePersonality: WordingRule = (input) => {
  const { a, rules } = input;
  const r = rules.personality;
  const out: WordingFinding[] = [];
  // Quoted or not: a character judgement in the case reads as one whoever first said it.
  for (const i of wordMatches(a, r.describing)) {
    if (excepted(a, r.except, i, i, input.words)) continue;
    if (negatedBefore(a, i) && !/^(too|so|less|more)$/.test(a.tokens[i - 1]?.lower ?? "")) continue;
    if (describesPerson(input, i)) out.push(finding(input, "personality", i, i));
  }
  for (const m of findAll(a, r.phrases, input.words)) {
    if (excepted(a, r.except, m.first, m.last, input.words)) continue;
    out.push(finding(input, "personality", m.first, m.last));
  }
  return out;
};

/** Team credit or passive voice, when the text has no action of the candidate's own. */
export const ruleWhosePart: WordingRule = (input) => {
  const { a, rules } = input;
  const v = rules.vocabulary;
  const occurrences: [number, number][] = [];
  let ownAction = false;

  const skipAuxiliaries = (from: number): number => {
    let k = from;
    while (a.tokens[k] && a.tokens[k]!.isWord && AUXILIARIES.has(a.tokens[k]!.lower) && k < from + 3) k++;
    return k;
  };

  for (let i = 0; i < a.tokens.length; i++) {
    const t = a.tokens[i]!;
    if (!t.isWord || t.quoted) continue;
    // The candidate (or whoever the text is about) doing something: "she led", "Sam wrote", "who trained".
    if ((SUBJECT_PRONOUNS.has(t.lower) || looksLikeName(t) || t.lower === "who") && t.lower !== "we") {
      const k = skipAuxiliaries(i + 1);
      const verb = a.tokens[k];
      if (verb && verb.sentence === t.sentence && verb.isWord && !COPULAS.has(verb.lower)) {
        if (isPastVerb(verb, rules) || (/[a-z]s$/.test(verb.lower) && !verb.lower.endsWith("ss") && i + 1 === k && !v.personNouns.has(verb.lower))) {
          ownAction = true;
        }
      }
      if (verb && COPULAS.has(verb.lower) && a.tokens[k + 1]?.lower === "responsible") ownAction = true;
    }
    // "her proposal", "his fix", "their own part": work attributed to someone (not "her team").
    const owned = a.tokens[i + 1];
    if (POSSESSIVES.has(t.lower) && owned?.isWord && owned.sentence === t.sentence && !GROUP_NOUNS.has(owned.lower)) ownAction = true;
    // Passive voice: "was resolved", "were published" (not "she was promoted", not "is experienced").
    if (COPULAS.has(t.lower) && t.lower !== "as" && !["seems", "seemed", "seem", "appears", "appeared", "looks", "looked", "sounds", "sounded", "feels", "felt", "remains", "remained", "became", "becomes", "become"].includes(t.lower)) {
      let k = i + 1;
      while (a.tokens[k]?.isWord && ADVERBS.has(a.tokens[k]!.lower) && k < i + 3) k++;
      const participle = a.tokens[k];
      if (!participle || !participle.isWord || participle.sentence !== t.sentence) continue;
      if (!(IRREGULAR_PAST.has(participle.lower) || (participle.lower.length > 4 && participle.lower.endsWith("ed")))) continue;
      if (v.adjectiveParticiples.has(participle.lower)) continue;
      let before = i - 1;
      while (a.tokens[before]?.isWord && (MODALS.has(a.tokens[before]!.lower) || AUXILIARIES.has(a.tokens[before]!.lower) || ADVERBS.has(a.tokens[before]!.lower))) before--;
      const subject = a.tokens[before];
      if (subject && (SUBJECT_PRONOUNS.has(subject.lower) || looksLikeName(subject)) && subject.lower !== "we") continue;
      // "by Aisha", "by her": the agent is named, and it is a person's own action.
      let byPerson = false;
      for (let b = k + 1; b < Math.min(a.tokens.length, k + 5); b++) {
        const u = a.tokens[b]!;
        if (u.sentence !== t.sentence) break;
        if (u.lower === "by") {
          const agent = a.tokens[b + 1];
          if (agent && (OBJECT_PRONOUNS.has(agent.lower) || looksLikeName(agent))) byPerson = true;
          break;
        }
      }
      if (byPerson) ownAction = true;
      else occurrences.push([i, k]);
    }
  }
  // Group credit: "we migrated", "the team delivered" (but not "we asked her", "the team she built").
  for (const m of findAll(a, v.teamSubjects, input.words)) {
    if (!unquoted(a, m)) continue;
    let k = m.last + 1;
    while (a.tokens[k]?.isWord && AUXILIARIES.has(a.tokens[k]!.lower) && k < m.last + 4) k++;
    const verb = a.tokens[k];
    if (!verb || !verb.isWord || verb.sentence !== a.tokens[m.first]!.sentence) continue;
    if (!isPastVerb(verb, rules) || v.nonCreditVerbs.has(verb.lower) || COPULAS.has(verb.lower)) continue;
    occurrences.push([m.first, k]);
  }
  for (const m of findAll(a, rules.whosePart.involvement, input.words)) {
    if (unquoted(a, m)) occurrences.push([m.first, m.last]);
  }
  if (ownAction || occurrences.length === 0) return [];
  const seen = new Set<number>();
  return occurrences
    .sort((x, y) => x[0] - y[0])
    .filter(([first, last]) => {
      for (let k = first; k <= last; k++) if (seen.has(k)) return false;
      for (let k = first; k <= last; k++) seen.add(k);
      return true;
    })
    .map(([first, last]) => finding(input, "whose-part", first, last));
};

export const ruleEffortNotResult: WordingRule = (input) => {
  const { a, rules } = input;
  const r = rules.effort;
  const candidates: [number, number][] = [];
  for (const i of wordMatches(a, r.describing)) {
    const t = a.tokens[i]!;
    if (t.quoted || negatedBefore(a, i)) continue;
    if (t.lower.endsWith("ly")) {
      // An adverb ("worked tirelessly") counts only beside a verb of effort.
      const near = [a.tokens[i - 1], a.tokens[i + 1], a.tokens[i - 2]];
      if (near.some((u) => u && u.sentence === t.sentence && r.effortVerbs.has(u.lower))) candidates.push([i, i]);
      continue;
    }
    if (describesPerson(input, i)) candidates.push([i, i]);
  }
  for (const m of [...findAll(a, r.describingPhrases, input.words), ...findAll(a, r.phrases, input.words)]) {
    if (unquoted(a, m)) candidates.push([m.first, m.last]);
  }
  const out: WordingFinding[] = [];
  const used = new Set<number>();
  for (const [first, last] of candidates.sort((x, y) => x[0] - y[0] || y[1] - x[1])) {
    if (used.has(first) || excepted(a, r.except, first, last, input.words)) continue;
    if (inWindow(input, a.tokens[first]!.sentence, r.window, outcomeNearby)) continue;
    for (let k = first; k <= last; k++) used.add(k);
    out.push(finding(input, "effort-not-result", first, last));
  }
  return out;
};

export const ruleDoubtHedge: WordingRule = (input) => {
  const { a, rules } = input;
  const r = rules.doubt;
  const out: WordingFinding[] = [];
  const used = new Set<number>();
  for (const m of findAll(a, r.phrases, input.words)) {
    if (!unquoted(a, m) || used.has(m.first) || excepted(a, r.except, m.first, m.last, input.words)) continue;
    if (r.beforeAWord.has(m.pattern.source.toLowerCase())) {
      const next = wordAfter(a, m.last);
      if (!next || !next.isWord || PREPOSITIONS.has(next.lower)) continue;
    }
    for (let k = m.first; k <= m.last; k++) used.add(k);
    out.push(finding(input, "doubt-hedge", m.first, m.last));
  }
  // Doubt raised in passing: "while she has not yet led", "although Leo lacks".
  const negations = findAll(a, rules.vocabulary.negations, input.words);
  for (const c of findAll(a, rules.vocabulary.concessives, input.words)) {
    if (!unquoted(a, c)) continue;
    const words = input.words[a.tokens[c.first]!.sentence]!;
    const at = words.indexOf(c.last);
    const next = a.tokens[words[at + 1] ?? -1];
    const aboutSomeone = !!next && (SUBJECT_PRONOUNS.has(next.lower) || POSSESSIVES.has(next.lower) || looksLikeName(next));
    const limit = aboutSomeone ? r.concessiveWindow : 2;
    const negation = negations.find((n) => {
      const position = words.indexOf(n.first);
      if (position <= at || position > at + limit) return false;
      // Not past the end of the concessive clause.
      for (let k = c.last + 1; k < n.first; k++) if (a.tokens[k]!.text === "," || a.tokens[k]!.text === ";") return false;
      return true;
    });
    if (!negation || used.has(c.first)) continue;
    for (let k = c.first; k <= negation.last; k++) used.add(k);
    out.push(finding(input, "doubt-hedge", c.first, negation.last));
  }
  return out.sort((x, y) => x.start - y.start);
};

export const rulePersonalLife: WordingRule = (input) => {
  const { a, rules } = input;
  const r = rules.personalLife;
  const out: WordingFinding[] = [];
  const used = new Set<number>();
  const namesAThing = (last: number) => {
    const next = wordAfter(a, last);
    return !!next && rules.vocabulary.artefactNouns.has(next.lower);
  };
  for (const m of [...findAll(a, r.phrases, input.words), ...findAll(a, r.possessions, input.words)].sort((x, y) => x.first - y.first)) {
    if (used.has(m.first) || used.has(m.last)) continue;
    if (namesAThing(m.last) || excepted(a, r.except, m.first, m.last, input.words)) continue;
    for (let k = m.first; k <= m.last; k++) used.add(k);
    out.push(finding(input, "personal-life", m.first, m.last));
  }
  for (const i of wordMatches(a, r.describing)) {
    if (used.has(i) || negatedBefore(a, i)) continue;
    if (excepted(a, r.except, i, i, input.words)) continue;
    if (describesPerson(input, i)) out.push(finding(input, "personal-life", i, i));
  }
  return out.sort((x, y) => x.start - y.start);
};

export const ruleHyperbole: WordingRule = (input) => {
  const { a, rules } = input;
  const r = rules.hyperbole;
  const out: WordingFinding[] = [];
  const used = new Set<number>();
  for (const m of findAll(a, r.words, input.words)) {
    if (!unquoted(a, m) || used.has(m.first) || excepted(a, r.except, m.first, m.last, input.words)) continue;
    if (negatedBefore(a, m.first)) continue;
    if (inWindow(input, a.tokens[m.first]!.sentence, r.window, measurable)) continue;
    for (let k = m.first; k <= m.last; k++) used.add(k);
    out.push(finding(input, "hyperbole", m.first, m.last));
  }
  return out;
};

/** Every text rule, in the order their findings are listed. */
export const TEXT_RULES: readonly { code: TextRuleCode; rule: WordingRule }[] = [
  { code: "vague-outcome", rule: ruleVagueOutcome },
  { code: "personality", rule: rulePersonality },
  { code: "whose-part", rule: ruleWhosePart },
  { code: "effort-not-result", rule: ruleEffortNotResult },
  { code: "doubt-hedge", rule: ruleDoubtHedge },
  { code: "personal-life", rule: rulePersonalLife },
  { code: "hyperbole", rule: ruleHyperbole },
];

/** Findings in one text, in the order they appear. `field` decides which rules apply. */
export function checkText(
  text: string,
  rules: WordingRules,
  field: WordingField = "text",
  options: { metric?: string | null } = {},
): WordingFinding[] {
  if (text.trim() === "") return [];
  const a = analyse(text);
  const words = wordIndexes(a);
  const input: RuleInput = { a, field, rules, words, sentences: sentenceFacts(a, rules, words), metric: options.metric ?? null };
  const findings: WordingFinding[] = [];
  for (const { code, rule } of TEXT_RULES) {
    if (!rules.fields[code].has(field)) continue;
    findings.push(...rule(input));
  }
  return findings.sort((x, y) => x.start - y.start || x.end - y.end);
}

export type { Pattern };
