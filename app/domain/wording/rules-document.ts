// The wording rules document (content/wording/rules.yaml): parsed, validated with a line number
// for every problem, and compiled once into the patterns the rules run. Its version is a hash of
// its text, recorded with every finding.

import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { sha256Hex } from "../sha256";
import { compilePhrases, formSet, PatternError, type Pattern } from "./patterns";

export const TEXT_RULE_CODES = [
  "vague-outcome",
  "personality",
  "whose-part",
  "effort-not-result",
  "doubt-hedge",
  "personal-life",
  "hyperbole",
] as const;
export type TextRuleCode = (typeof TEXT_RULE_CODES)[number];
export const WORDING_CODES = [...TEXT_RULE_CODES, "parity"] as const;
export type WordingCode = (typeof WORDING_CODES)[number];

/** Where a text comes from; rules list the fields they read. "text" is free text (the CLI). */
export const WORDING_FIELDS = ["what-happened", "outcome", "summary", "recommendation", "rationale", "title", "text"] as const;
export type WordingField = (typeof WORDING_FIELDS)[number];

const words = z.array(z.string().trim().min(1, "must not be an empty string")).default([]);
const ruleBase = {
  title: z.string().trim().min(1),
  why: z.string().trim().min(1).max(300, "must be one line (300 characters at most)"),
  suggestion: z.string().trim().min(1),
  sources: z.array(z.string()).min(1, "must name at least one source"),
};
const textRule = { ...ruleBase, fields: z.array(z.enum(WORDING_FIELDS)).min(1) };
const window = z.number().int().min(0).max(3).default(0);
const ratio = z.number().min(0).max(1);

const documentSchema = z.strictObject({
  format: z.literal(1, { message: "must be 1 (the only format this version reads)" }),
  sources: z.record(
    z.string().regex(/^[a-z0-9-]+$/, "source ids are lower-case words joined by hyphens"),
    z.strictObject({
      cite: z.string().trim().min(1),
      read: z.array(z.url()).min(1, "list at least one page that was read"),
      finding: z.string().trim().min(1),
    }),
  ),
  vocabulary: z.strictObject({
    person_nouns: words,
    artefact_nouns: words,
    outcome_claims: words,
    delivery_verbs: words,
    change_phrases: words,
    number_words: words,
    time_words: words,
    team_subjects: words,
    adjective_participles: words,
    non_credit_verbs: words,
    negations: words,
    concessives: words,
  }),
  rules: z.strictObject({
    "vague-outcome": z.strictObject({ ...textRule, except: words }),
    personality: z.strictObject({ ...textRule, describing_words: words, phrases: words, except: words }),
    "whose-part": z.strictObject({ ...textRule, involvement: words }),
    "effort-not-result": z.strictObject({
      ...textRule,
      window,
      describing_words: words,
      effort_verbs: words,
      phrases: words,
      except: words,
    }),
    "doubt-hedge": z.strictObject({
      ...textRule,
      phrases: words,
      before_a_word: words,
      except: words,
      concessive_window: z.number().int().min(1).max(12).default(6),
    }),
    "personal-life": z.strictObject({
      ...textRule,
      describing_words: words,
      possessions: words,
      phrases: words,
      except: words,
    }),
    hyperbole: z.strictObject({ ...textRule, window, exact_words: words, phrases: words, except: words }),
    parity: z.strictObject({
      ...ruleBase,
      min_cases: z.number().int().min(2),
      short_ratio: ratio,
      few_ratio: ratio,
      specific_gap: ratio,
    }),
  }),
});

type RulesDocument = z.infer<typeof documentSchema>;

export interface WordingSource {
  id: string;
  cite: string;
  read: string[];
  finding: string;
}

export interface RuleText {
  code: WordingCode;
  title: string;
  why: string;
  suggestion: string;
  sources: WordingSource[];
}

/** The compiled rules: what every rule function receives. Shared: never mutate. */
export interface WordingRules {
  /** SHA-256 of the document's text. */
  version: string;
  text: Record<WordingCode, RuleText>;
  fields: Record<TextRuleCode, ReadonlySet<WordingField>>;
  vocabulary: {
    personNouns: ReadonlySet<string>;
    artefactNouns: ReadonlySet<string>;
    outcomeClaims: Pattern[];
    deliveryVerbs: ReadonlySet<string>;
    changePhrases: Pattern[];
    numberWords: ReadonlySet<string>;
    timeWords: Pattern[];
    teamSubjects: Pattern[];
    adjectiveParticiples: ReadonlySet<string>;
    nonCreditVerbs: ReadonlySet<string>;
    negations: Pattern[];
    concessives: Pattern[];
  };
  vagueOutcome: { except: Pattern[] };
  personality: { describing: ReadonlySet<string>; phrases: Pattern[]; except: Pattern[] };
  whosePart: { involvement: Pattern[] };
  effort: {
    window: number;
    describing: ReadonlySet<string>;
    describingPhrases: Pattern[];
    effortVerbs: ReadonlySet<string>;
    phrases: Pattern[];
    except: Pattern[];
  };
  doubt: { phrases: Pattern[]; beforeAWord: ReadonlySet<string>; except: Pattern[]; concessiveWindow: number };
  personalLife: { describing: ReadonlySet<string>; possessions: Pattern[]; phrases: Pattern[]; except: Pattern[] };
  hyperbole: { window: number; words: Pattern[]; except: Pattern[] };
  parity: { minCases: number; shortRatio: number; fewRatio: number; specificGap: number };
}

export interface RulesProblem {
  line: number;
  message: string;
}

export type RulesParseResult = { ok: true; rules: WordingRules } | { ok: false; problems: RulesProblem[] };

function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number {
  // The deepest node on the path that exists: a missing key is reported at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return 1;
}

function describePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[");
}

export function parseWordingRules(source: string): RulesParseResult {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? counter.linePos(e.pos[0]).line,
        message: `Not valid YAML: ${e.message.split("\n")[0]}`,
      })),
    };
  }
  const parsed = documentSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues
        .map((issue) => ({
          line: lineOf(doc, counter, issue.path),
          message: issue.path.length ? `${describePath(issue.path)}: ${issue.message}` : issue.message,
        }))
        .sort((a, b) => a.line - b.line),
    };
  }
  const problems: RulesProblem[] = [];
  const compiled = compile(parsed.data, sha256Hex(source), (path, message) =>
    problems.push({ line: lineOf(doc, counter, path), message: `${describePath(path)}: ${message}` }),
  );
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  return { ok: true, rules: compiled };
}

function compile(d: RulesDocument, version: string, problem: (path: (string | number)[], message: string) => void): WordingRules {
  const phraseAt = (path: (string | number)[], phrase: string, exact: boolean): Pattern[] => {
    try {
      return compilePhrases([phrase], exact);
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      problem(path, `"${phrase}" ${error.message}`);
      return [];
    }
  };
  const phrases = (path: (string | number)[], list: readonly string[], exact = false): Pattern[] =>
    list.flatMap((phrase, i) => phraseAt([...path, i], phrase, exact));
  const sources = (code: WordingCode): WordingSource[] => {
    const rule = d.rules[code];
    return rule.sources.flatMap((id, i) => {
      const s = d.sources[id];
      if (!s) {
        problem(["rules", code, "sources", i], `"${id}" is not one of the sources listed under "sources"`);
        return [];
      }
      return [{ id, ...s }];
    });
  };
  const text = Object.fromEntries(
    ([...TEXT_RULE_CODES, "parity"] as const).map((code) => {
      const rule = d.rules[code];
      return [code, { code, title: rule.title, why: rule.why, suggestion: rule.suggestion, sources: sources(code) }];
    }),
  ) as Record<WordingCode, RuleText>;
  const fields = {} as Record<TextRuleCode, ReadonlySet<WordingField>>;
  for (const code of TEXT_RULE_CODES) fields[code] = new Set(d.rules[code].fields);
  const v = d.vocabulary;
  const r = d.rules;
  const multiWord = (list: readonly string[]) => list.filter((w) => /\s/.test(w.trim()));
  return {
    version,
    text,
    fields,
    vocabulary: {
      personNouns: formSet(v.person_nouns),
      artefactNouns: formSet(v.artefact_nouns, true),
      outcomeClaims: phrases(["vocabulary", "outcome_claims"], v.outcome_claims),
      deliveryVerbs: formSet(v.delivery_verbs),
      changePhrases: phrases(["vocabulary", "change_phrases"], v.change_phrases, true),
      numberWords: formSet(v.number_words, true),
      timeWords: phrases(["vocabulary", "time_words"], v.time_words),
      teamSubjects: phrases(["vocabulary", "team_subjects"], v.team_subjects, true),
      adjectiveParticiples: formSet(v.adjective_participles, true),
      nonCreditVerbs: formSet(v.non_credit_verbs),
      negations: phrases(["vocabulary", "negations"], v.negations, true),
      concessives: phrases(["vocabulary", "concessives"], v.concessives, true),
    },
    vagueOutcome: { except: phrases(["rules", "vague-outcome", "except"], r["vague-outcome"].except, true) },
    personality: {
      describing: formSet(r.personality.describing_words),
      phrases: phrases(["rules", "personality", "phrases"], r.personality.phrases),
      except: phrases(["rules", "personality", "except"], r.personality.except, true),
    },
    whosePart: { involvement: phrases(["rules", "whose-part", "involvement"], r["whose-part"].involvement, true) },
    effort: {
      window: r["effort-not-result"].window,
      describing: formSet(r["effort-not-result"].describing_words),
      describingPhrases: phrases(["rules", "effort-not-result", "describing_words"], multiWord(r["effort-not-result"].describing_words)),
      effortVerbs: formSet(r["effort-not-result"].effort_verbs),
      phrases: phrases(["rules", "effort-not-result", "phrases"], r["effort-not-result"].phrases),
      except: phrases(["rules", "effort-not-result", "except"], r["effort-not-result"].except, true),
    },
    doubt: {
      phrases: phrases(["rules", "doubt-hedge", "phrases"], r["doubt-hedge"].phrases, true),
      beforeAWord: new Set(r["doubt-hedge"].before_a_word.map((w) => w.toLowerCase())),
      except: phrases(["rules", "doubt-hedge", "except"], r["doubt-hedge"].except, true),
      concessiveWindow: r["doubt-hedge"].concessive_window,
    },
    personalLife: {
      describing: formSet(r["personal-life"].describing_words, true),
      // "her husband", and with one word between: "his two children", "her new baby".
      possessions: r["personal-life"].possessions.flatMap((p, i) => {
        const path = ["rules", "personal-life", "possessions", i];
        return [...phraseAt(path, `{possessive} ${p}`, true), ...phraseAt(path, `{possessive} {word} ${p}`, true)];
      }),
      phrases: phrases(["rules", "personal-life", "phrases"], r["personal-life"].phrases, true),
      except: phrases(["rules", "personal-life", "except"], r["personal-life"].except, true),
    },
    hyperbole: {
      window: r.hyperbole.window,
      words: [
        ...phrases(["rules", "hyperbole", "exact_words"], r.hyperbole.exact_words, true),
        ...phrases(["rules", "hyperbole", "phrases"], r.hyperbole.phrases, true),
      ],
      except: phrases(["rules", "hyperbole", "except"], r.hyperbole.except, true),
    },
    parity: {
      minCases: r.parity.min_cases,
      shortRatio: r.parity.short_ratio,
      fewRatio: r.parity.few_ratio,
      specificGap: r.parity.specific_gap,
    },
  };
}

/** `file:line: message` lines, the way ladder problems are reported. */
export function rulesProblemLines(file: string, problems: readonly RulesProblem[]): string[] {
  return problems.map((p) => `${file}:${p.line}: ${p.message}`);
}
