import type { Heading, List, Nodes, Yaml } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { frontmatter } from "micromark-extension-frontmatter";
import { isMap, isNode, isScalar, LineCounter, parseDocument } from "yaml";
import { sha256Hex } from "./sha256";
import {
  SCOPES,
  type GapRules,
  type LadderExpectation,
  type LadderParseResult,
  type LadderProblem,
  type LadderSection,
  type Scope,
} from "./types";

const TITLE_EXAMPLE = "# L5: Principal DevOps Support Engineer";
const RULE_KEYS = ["minItems", "staleMonths", "minScope", "maxExpectationsPerItem"] as const;
// Containers whose children are separate blocks, so their text needs a gap between them.
const BLOCK_PARENTS = new Set(["root", "blockquote", "list", "listItem", "table", "tableRow", "tableCell"]);

interface SectionDraft extends LadderSection {
  introParts: string[];
  seenList: boolean;
}

export function parseLadder(source: string): LadderParseResult {
  const problems: LadderProblem[] = [];
  // A NUL cannot be stored: name its line instead of failing when the document is saved.
  const nul = source.indexOf("\u0000");
  if (nul !== -1) {
    const line = source.slice(0, nul).split("\n").length;
    return { ok: false, problems: [{ line, message: "The document contains a NUL character (\\0), which cannot be stored; remove it." }] };
  }
  const tree = fromMarkdown(source, {
    extensions: [frontmatter(["yaml"])],
    mdastExtensions: [frontmatterFromMarkdown(["yaml"])],
  });

  let rules: Partial<GapRules> = {};
  let titleLine: number | null = null;
  let level = 0;
  let title = "";
  let summary: string | null = null;
  const sections: SectionDraft[] = [];
  let current: SectionDraft | null = null;

  for (const node of tree.children) {
    switch (node.type) {
      case "yaml":
        rules = readRules(node, problems);
        break;
      case "heading":
        if (node.depth === 1) {
          current = null;
          if (titleLine !== null) {
            problems.push({
              line: lineOf(node),
              message: `There is more than one "# " title heading (the first is on line ${titleLine}); use "## " for sections.`,
            });
          } else {
            titleLine = lineOf(node);
            const parsed = readTitle(node, problems);
            level = parsed.level;
            title = parsed.title;
          }
        } else if (node.depth === 2) {
          current = startSection(node, sections, problems);
          sections.push(current);
        }
        // Deeper headings stay inside the current section.
        break;
      case "blockquote":
        if (sections.length === 0 && summary === null) summary = blockText(node.children);
        break;
      case "paragraph":
        if (current && !current.seenList) {
          const text = collapse(plainText(node));
          if (text) current.introParts.push(text);
        }
        break;
      case "list":
        if (current) {
          current.seenList = true;
          readBullets(node, current, problems);
        }
        break;
      default:
        break;
    }
  }

  if (titleLine === null) {
    problems.push({ line: 1, message: `The ladder has no title heading; start it with a line like "${TITLE_EXAMPLE}".` });
  }
  if (sections.length === 0) {
    problems.push({
      line: titleLine ?? 1,
      message: 'The ladder has no sections; add at least one "## Section title" heading with bullets under it.',
    });
  }
  for (const section of sections) {
    if (!section.seenList && section.title) {
      problems.push({
        line: section.line,
        message: `Section "${section.title}" has no bullets; add its expectations as "- " bullets, or remove the section.`,
      });
    }
  }

  if (problems.length > 0) {
    return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  }
  return {
    ok: true,
    ladder: {
      level,
      title,
      summary: summary ?? "",
      sections: sections.map(({ key, title, intro, introParts, expectations, line }) => ({
        key,
        title,
        intro: introParts.length > 0 ? introParts.join("\n\n") : intro,
        expectations,
        line,
      })),
      rules,
    },
  };
}

export function ladderCheckReport(file: string, result: LadderParseResult): { text: string; exitCode: 0 | 1 } {
  if (!result.ok) {
    return { text: result.problems.map((p) => `${file}:${p.line}: ${p.message}`).join("\n"), exitCode: 1 };
  }
  const { ladder } = result;
  const total = ladder.sections.reduce((n, s) => n + s.expectations.length, 0);
  const lines = [
    `L${ladder.level}: ${ladder.title}`,
    `${plural(ladder.sections.length, "section")}, ${plural(total, "expectation")}`,
    ...ladder.sections.map((s) => `  ${s.title}: ${s.expectations.length}`),
  ];
  const overrides = RULE_KEYS.filter((k) => ladder.rules[k] !== undefined).map((k) => `${k} ${ladder.rules[k]}`);
  if (overrides.length > 0) lines.push(`Rule overrides: ${overrides.join(", ")}`);
  return { text: lines.join("\n"), exitCode: 0 };
}

function readTitle(node: Heading, problems: LadderProblem[]): { level: number; title: string } {
  const text = collapse(plainText(node));
  const match = /^L([1-9]\d*)\s*:\s*(\S.*)$/.exec(text);
  if (!match) {
    problems.push({
      line: lineOf(node),
      message: `The title heading must look like "${TITLE_EXAMPLE}" (L, the level number, a colon, then the title); found "${text}".`,
    });
    return { level: 0, title: "" };
  }
  return { level: Number(match[1]), title: match[2]! };
}

function startSection(node: Heading, sections: SectionDraft[], problems: LadderProblem[]): SectionDraft {
  const line = lineOf(node);
  const title = collapse(plainText(node));
  const key = slugify(title);
  if (!title) {
    problems.push({ line, message: 'A "## " section heading has no title.' });
  } else if (!key) {
    problems.push({
      line,
      message: `Section title "${title}" needs at least one plain letter or digit (a-z, 0-9) to build its key.`,
    });
  } else {
    const same = sections.find((s) => s.title.toLowerCase() === title.toLowerCase());
    const sameKey = sections.find((s) => s.key === key);
    if (same) {
      problems.push({
        line,
        message: `Section "${title}" appears twice (lines ${same.line} and ${line}); section titles must be unique.`,
      });
    } else if (sameKey) {
      problems.push({
        line,
        message: `Sections "${sameKey.title}" (line ${sameKey.line}) and "${title}" (line ${line}) are too similar: both get the key "${key}". Reword one of them.`,
      });
    }
  }
  return { key, title, intro: null, expectations: [], line, introParts: [], seenList: false };
}

function readBullets(list: List, section: SectionDraft, problems: LadderProblem[]): void {
  for (const item of list.children) {
    const line = lineOf(item);
    const parts: string[] = [];
    for (const child of item.children) {
      if (child.type === "list") reportNested(child, problems);
      else parts.push(plainText(child));
    }
    const text = collapse(parts.join(" "));
    if (!text) {
      problems.push({ line, message: `A bullet in section "${section.title}" is empty.` });
      continue;
    }
    const key = `${section.key}.${sha256Hex(text.toLowerCase()).slice(0, 10)}`;
    const twin = section.expectations.find((e) => e.key === key);
    if (twin) {
      problems.push({
        line,
        message: `Duplicate expectation in section "${section.title}": this bullet says the same as line ${twin.line}.`,
      });
      continue;
    }
    const expectation: LadderExpectation = { key, text, line };
    section.expectations.push(expectation);
  }
}

function reportNested(list: List, problems: LadderProblem[]): void {
  for (const item of list.children) {
    problems.push({
      line: lineOf(item),
      message: "Nested bullets are not supported; make this its own top-level bullet or merge it into the one above.",
    });
    for (const child of item.children) if (child.type === "list") reportNested(child, problems);
  }
}

function readRules(node: Yaml, problems: LadderProblem[]): Partial<GapRules> {
  // The yaml value starts on the line after the opening fence.
  const fenceLine = lineOf(node);
  const counter = new LineCounter();
  const doc = parseDocument(node.value, { lineCounter: counter, prettyErrors: false });
  const lineAt = (offset: number | undefined): number =>
    offset === undefined ? fenceLine : fenceLine + counter.linePos(offset).line;
  const lineOfYaml = (value: unknown, fallback: number): number =>
    isNode(value) && value.range ? lineAt(value.range[0]) : fallback;

  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push({ line: lineAt(error.pos[0]), message: `The front matter is not valid YAML: ${error.message}` });
    }
    return {};
  }
  const root = doc.contents;
  if (root === null) return {};
  if (!isMap(root)) {
    problems.push({ line: fenceLine, message: "The front matter must be a set of key: value lines." });
    return {};
  }
  const rulesPair = root.items.find((pair) => isScalar(pair.key) && pair.key.value === "rules");
  if (!rulesPair) return {};
  const rulesLine = lineOfYaml(rulesPair.key, fenceLine);
  if (!isMap(rulesPair.value)) {
    problems.push({
      line: rulesLine,
      message: `"rules" in the front matter must hold rule: value lines (${RULE_KEYS.join(", ")}).`,
    });
    return {};
  }

  const rules: Partial<GapRules> = {};
  for (const pair of rulesPair.value.items) {
    const keyLine = lineOfYaml(pair.key, rulesLine);
    const valueLine = lineOfYaml(pair.value, keyLine);
    const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const value: unknown = isScalar(pair.value) ? pair.value.value : isNode(pair.value) ? pair.value.toJSON() : pair.value;
    switch (name) {
      case "minItems":
      case "staleMonths":
      case "maxExpectationsPerItem":
        if (typeof value === "number" && Number.isSafeInteger(value) && value >= 1) rules[name] = value;
        else problems.push({ line: valueLine, message: `Rule ${name} must be a whole number of 1 or more; found ${describe(value)}.` });
        break;
      case "minScope":
        if (isScope(value)) rules.minScope = value;
        else problems.push({ line: valueLine, message: `Rule minScope must be one of ${SCOPES.join(", ")}; found ${describe(value)}.` });
        break;
      default:
        problems.push({ line: keyLine, message: `Unknown rule "${name}" in the front matter; known rules are ${RULE_KEYS.join(", ")}.` });
    }
  }
  return rules;
}

function isScope(value: unknown): value is Scope {
  return typeof value === "string" && (SCOPES as readonly string[]).includes(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

function plainText(node: Nodes): string {
  if (node.type === "html") return "";
  if (node.type === "break") return " ";
  if (node.type === "image" || node.type === "imageReference") return node.alt ?? "";
  if ("value" in node) return node.value;
  if ("children" in node) {
    const parts: string[] = node.children.map((child: Nodes) => plainText(child));
    return parts.join(BLOCK_PARENTS.has(node.type) ? " " : "");
  }
  return "";
}

function blockText(nodes: Nodes[]): string {
  return nodes
    .map((n) => collapse(plainText(n)))
    .filter(Boolean)
    .join("\n\n");
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function slugify(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['\u2019]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function lineOf(node: { position?: { start: { line: number } } | undefined }): number {
  return node.position?.start.line ?? 1;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
