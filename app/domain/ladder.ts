import type { Heading, List, ListItem, Nodes, Paragraph, RootContent, Yaml } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { frontmatter } from "micromark-extension-frontmatter";
import { gfmTable } from "micromark-extension-gfm-table";
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { sha256Hex } from "./sha256";
import {
  SCOPES,
  type GapRules,
  type Ladder,
  type LadderAttribute,
  type LadderExample,
  type LadderExpectation,
  type LadderNote,
  type LadderParseResult,
  type LadderProblem,
  type LadderSection,
  type Scope,
} from "./types";

// How a ladder document is read (README "Ladder documents" shows each shape with an example):
// - Levels: one level per document, or one per heading when a document has several "# " headings
//   (or several "## " headings that carry a level number under one "# " title).
// - Sections are the headings one step below the level heading; deeper headings are groups.
// - Bullets are expectations. A bullet with nested bullets is a group label when its own text ends
//   with a colon, is all bold or italic, or is a short phrase (four words or fewer, no full stop)
//   over two or more children; otherwise its children elaborate it and stay part of its text.
// - A level with no bullets at all takes each paragraph as an expectation.
// - Anything else (tables, prose after the bullets, stray HTML) is ignored with a note.

const RULE_KEYS = ["minItems", "staleMonths", "minScope", "maxExpectationsPerItem"] as const;
// Containers whose children are separate blocks, so their text needs a gap between them.
const BLOCK_PARENTS = new Set(["root", "blockquote", "list", "listItem", "table", "tableRow", "tableCell"]);
const GROUP_SEPARATOR = " › ";
/** The section that holds expectations written with no section heading above them. */
const DEFAULT_SECTION_TITLE = "Expectations";

export interface LadderParseOptions {
  /** The level to use when the document states none (a multi-level document: its first level). */
  level?: number;
  /** The track, when the document's front matter does not name one (its content/ sub-folder). */
  track?: string;
  /** The title to use when the document has no heading and no `title:` (its file name). */
  fallbackTitle?: string;
}

/** One level read from a document, with the part of the source it came from (for its version hash). */
export interface ParsedLevel {
  ladder: Ladder;
  /** The level's own lines (its heading to the next level heading), or the whole document when the
   *  document holds one level. */
  source: string;
  line: number;
}

export type LadderDocumentResult =
  | { ok: true; levels: ParsedLevel[]; notes: LadderNote[] }
  | { ok: false; problems: LadderProblem[]; notes: LadderNote[] };

interface FrontMatter {
  rules: Partial<GapRules>;
  title?: string;
  level?: number;
  track?: string;
  line: number;
}

interface SectionDraft extends LadderSection {
  introParts: { text: string; line: number }[];
  seenList: boolean;
  /** Paragraphs after the bullets: notes, or expectations in a level without bullets. */
  laterParts: { text: string; line: number }[];
}

interface LevelDraft {
  heading: Heading | null;
  nodes: RootContent[];
  startOffset: number;
  endOffset: number;
}

interface Context {
  notes: LadderNote[];
  problems: LadderProblem[];
}

/** Reads the first level of a document: the shape most callers (and a one-level document) need. */
export function parseLadder(source: string, options: LadderParseOptions = {}): LadderParseResult {
  const result = parseLadderDocument(source, options);
  if (!result.ok) return result;
  return { ok: true, ladder: result.levels[0]!.ladder, notes: result.notes };
}

export function parseLadderDocument(source: string, options: LadderParseOptions = {}): LadderDocumentResult {
  const ctx: Context = { notes: [], problems: [] };
  const tree = fromMarkdown(source, {
    extensions: [frontmatter(["yaml"]), gfmTable()],
    mdastExtensions: [frontmatterFromMarkdown(["yaml"]), gfmTableFromMarkdown()],
  });
  const yamlNode = tree.children.find((n): n is Yaml => n.type === "yaml");
  const front: FrontMatter = yamlNode ? readFrontMatter(yamlNode, ctx) : { rules: {}, line: 1 };
  const body = tree.children.filter((n) => n.type !== "yaml");

  const levelDepth = findLevelDepth(body);
  const drafts = splitLevels(body, levelDepth, source, ctx);
  const frontMatterText = yamlNode ? source.slice(offsetOf(yamlNode, "start"), offsetOf(yamlNode, "end")) : "";

  const levels: ParsedLevel[] = [];
  let previousLevel: number | null = null;
  const many = drafts.length > 1;
  for (const [index, draft] of drafts.entries()) {
    const ladder = readLevel(draft, levelDepth, { front, options, many, index, previousLevel }, ctx);
    if (!ladder) continue;
    previousLevel = ladder.level || previousLevel;
    const own = source.slice(draft.startOffset, draft.endOffset);
    levels.push({
      ladder,
      source: many ? `${frontMatterText}\n${own}` : source,
      line: draft.heading ? lineOf(draft.heading) : 1,
    });
  }

  if (levels.length === 0 && ctx.problems.length === 0) {
    const first = drafts.find((d) => d.heading)?.heading;
    ctx.problems.push({
      line: first ? lineOf(first) : 1,
      message:
        'No expectations were found: write each as a "- " bullet under a "## Section" heading (or as paragraphs under the level\'s heading).',
    });
  }
  const notes = ctx.notes.sort((a, b) => a.line - b.line);
  if (ctx.problems.length > 0) {
    return { ok: false, problems: ctx.problems.sort((a, b) => a.line - b.line), notes };
  }
  return { ok: true, levels, notes };
}

/* ---------- Levels ---------- */

/** 1 when the document's levels are "# " headings (or it holds one level); 2 when it has one title and
 *  several "## " headings that each name a level. */
function findLevelDepth(body: RootContent[]): number {
  const headings = body.filter((n): n is Heading => n.type === "heading");
  const h1 = headings.filter((h) => h.depth === 1).length;
  if (h1 >= 2) return 1;
  const levelled = headings.filter((h) => h.depth === 2 && readLevelHeading(collapse(plainText(h))).number !== null);
  return levelled.length >= 2 ? 2 : 1;
}

function splitLevels(body: RootContent[], levelDepth: number, source: string, ctx: Context): LevelDraft[] {
  const drafts: LevelDraft[] = [];
  const hasLevelHeading = body.some((n) => n.type === "heading" && n.depth === levelDepth);
  let current: LevelDraft | null = hasLevelHeading
    ? null
    : { heading: null, nodes: [], startOffset: 0, endOffset: source.length };
  if (current) drafts.push(current);
  for (const node of body) {
    if (node.type === "heading" && node.depth === levelDepth) {
      if (current) current.endOffset = offsetOf(node, "start");
      current = { heading: node, nodes: [], startOffset: offsetOf(node, "start"), endOffset: source.length };
      drafts.push(current);
    } else if (current) {
      current.nodes.push(node);
    } else if (node.type === "heading" && node.depth < levelDepth) {
      // The document's own title above its levels.
    } else if (!isSilent(node)) {
      ctx.notes.push({ line: lineOf(node), message: `${describeNode(node)} before the first level heading was ignored.` });
    }
  }
  return drafts;
}

interface LevelSetting {
  front: FrontMatter;
  options: LadderParseOptions;
  many: boolean;
  index: number;
  previousLevel: number | null;
}

function readLevel(draft: LevelDraft, levelDepth: number, setting: LevelSetting, ctx: Context): Ladder | null {
  const { front, options, many } = setting;
  const headingText = draft.heading ? collapse(plainText(draft.heading)) : "";
  const parsed = readLevelHeading(headingText);
  const line = draft.heading ? lineOf(draft.heading) : 1;

  const title = parsed.title || (many ? "" : front.title ?? "") || parsed.label || options.fallbackTitle || "";
  const body = readLevelBody(draft.nodes, levelDepth, title || "This level", ctx);
  if (!body) return null;
  if (!title) {
    ctx.problems.push({
      line,
      message: 'The ladder has no title: start it with a heading such as "# L3: Senior Engineer", or set "title:" in the front matter.',
    });
    return null;
  }

  const stated = setting.index === 0 ? (front.level ?? options.level) : undefined;
  let level: number;
  let levelLabel: string;
  if (stated !== undefined && (parsed.number === null || !many)) {
    level = stated;
    levelLabel = parsed.number === stated ? parsed.label : `L${formatLevel(stated)}`;
    if (parsed.number !== null && parsed.number !== stated) {
      ctx.notes.push({ line, message: `The heading says ${parsed.label} but the front matter sets level ${stated}; using ${stated}.` });
    }
  } else if (parsed.number !== null) {
    level = parsed.number;
    levelLabel = parsed.label;
  } else if (many) {
    level = setting.previousLevel === null ? (front.level ?? options.level ?? 1) : Math.floor(setting.previousLevel) + 1;
    levelLabel = `L${formatLevel(level)}`;
    ctx.notes.push({ line, message: `"${title}" states no level number; it is read as level ${level} by its place in the document.` });
  } else {
    level = 0;
    levelLabel = "";
    ctx.notes.push({
      line,
      message: `"${title}" states no level number; set "level:" in its front matter (or import it with --level N).`,
    });
  }

  const ladder: Ladder = { level, title, summary: body.summary, sections: body.sections, rules: front.rules };
  if (levelLabel !== `L${level}` || level === 0) ladder.levelLabel = levelLabel;
  const track = front.track ?? options.track;
  if (track) ladder.track = track;
  if (body.attributes.length > 0) {
    ladder.attributes = body.attributes;
    const reach = reachOf(body.attributes, ctx);
    if (reach) ladder.reach = reach;
  }
  if (body.aliasOf) ladder.aliasOf = body.aliasOf;
  return ladder;
}

/** "L5: Principal Engineer", "L4 Engineering Manager", "L1.0: Graduate", "Level 3 - Senior",
 *  "Senior Engineer (L5)", "Senior Engineer": the level as written, its number and the title. */
export function readLevelHeading(raw: string): { number: number | null; label: string; title: string } {
  const text = stripDecoration(raw);
  const leading = /^(L|Level|Lvl|IC|E|P|M)\s*[-.]?\s*(\d{1,2}(?:\.\d{1,2})?)(?=$|[\s:–—|,.)(-])[\s:–—|,.)(-]*(.*)$/i.exec(text);
  if (leading) {
    return { number: Number(leading[2]), label: labelOf(leading[1]!, leading[2]!), title: stripDecoration(leading[3]!) };
  }
  const trailing = /^(.*?\S)[\s,:–—|(-]+(L|Level|IC)\s*(\d{1,2}(?:\.\d{1,2})?)\)?$/i.exec(text);
  if (trailing) {
    return { number: Number(trailing[3]), label: labelOf(trailing[2]!, trailing[3]!), title: stripDecoration(trailing[1]!) };
  }
  return { number: null, label: "", title: text };
}

function labelOf(prefix: string, number: string): string {
  if (/^l$/i.test(prefix)) return `L${number}`;
  if (/^(level|lvl)$/i.test(prefix)) return `Level ${number}`;
  return `${prefix.toUpperCase()}${number}`;
}

function formatLevel(level: number): string {
  return String(level);
}

/** "L5: Principal DevOps Support Engineer", or the title alone when no level is stated. */
export function ladderLabel(ladder: Pick<Ladder, "level" | "levelLabel" | "title">): string {
  const label = ladderLevelLabel(ladder);
  return label ? `${label}: ${ladder.title}` : ladder.title;
}

/** "L5", "L1.0", "Level 3", or "" when the level has no number. */
export function ladderLevelLabel(ladder: Pick<Ladder, "level" | "levelLabel">): string {
  if (ladder.levelLabel !== undefined) return ladder.levelLabel;
  return ladder.level > 0 ? `L${ladder.level}` : "";
}

/* ---------- One level's body ---------- */

interface LevelBody {
  summary: string;
  sections: LadderSection[];
  attributes: LadderAttribute[];
  aliasOf: Ladder["aliasOf"] | null;
}

function readLevelBody(nodes: RootContent[], levelDepth: number, title: string, ctx: Context): LevelBody | null {
  const sections: SectionDraft[] = [];
  const attributes: LadderAttribute[] = [];
  const loose: SectionDraft = newSection(DEFAULT_SECTION_TITLE, 0);
  let summary: string | null = null;
  let current: SectionDraft | null = null;
  let groups: string[] = [];
  let bullets = 0;
  const looseParagraphs: Paragraph[] = [];
  const details = new DetailsReader();
  const depths = nodes.flatMap((n) => (n.type === "heading" && n.depth > levelDepth ? [n.depth] : []));
  const sectionDepth = depths.length > 0 ? Math.min(...depths) : levelDepth + 1;

  for (const node of nodes) {
    if (details.open) {
      details.take(node, ctx);
      if (!details.open) attachExamples(details.flush(ctx), current, groups);
      continue;
    }
    switch (node.type) {
      case "heading": {
        const text = stripDecoration(collapse(plainText(node)));
        if (node.depth === sectionDepth || (!current && node.depth > sectionDepth)) {
          current = sectionFor(text, node, sections, ctx);
          groups = [];
        } else if (node.depth > sectionDepth && current) {
          groups = [...groups.slice(0, node.depth - sectionDepth - 1), text].filter(Boolean);
        } else {
          ctx.notes.push({ line: lineOf(node), message: `Heading "${text}" is above this level's sections and was ignored.` });
        }
        break;
      }
      case "blockquote":
        if (sections.length === 0 && summary === null) summary = blockText(node.children);
        else ctx.notes.push({ line: lineOf(node), message: "A quotation inside the ladder was ignored." });
        break;
      case "paragraph":
        if (current) {
          const text = collapse(plainText(node));
          if (!text) break;
          const aside = asideAttribute(node);
          if (aside) attributes.push(aside);
          else (current.seenList ? current.laterParts : current.introParts).push({ text, line: lineOf(node) });
        } else {
          const found = attributeLines(node);
          if (found) attributes.push(...found);
          else looseParagraphs.push(node);
        }
        break;
      case "list":
        if (current) {
          current.seenList = true;
          bullets += readBullets(node, current, groups, ctx);
        } else {
          const rest = readAttributeBullets(node, attributes);
          if (rest.length > 0) {
            loose.seenList = true;
            bullets += readBullets({ ...node, children: rest }, loose, [], ctx);
          }
        }
        break;
      case "html":
        if (details.start(node)) {
          if (!details.open) attachExamples(details.flush(ctx), current, groups);
        } else if (!isComment(node.value)) {
          const what = /<table/i.test(node.value) ? "An HTML table" : "HTML";
          ctx.notes.push({ line: lineOf(node), message: `${what} was ignored: it is not read as expectations.` });
        }
        break;
      case "table":
        ctx.notes.push({ line: lineOf(node), message: "A table was ignored: tables are not read as expectations." });
        break;
      default:
        if (!isSilent(node)) ctx.notes.push({ line: lineOf(node), message: `${describeNode(node)} was ignored.` });
    }
  }
  if (details.open) {
    ctx.notes.push({ line: details.line, message: "A <details> block is never closed; what follows it was read as its examples." });
    attachExamples(details.flush(ctx), current, groups);
  }

  // The document only points to another level.
  const alias = sections.length === 0 && bullets === 0 ? aliasIn(looseParagraphs) : null;
  if (alias) {
    return { summary: summary ?? "", sections: [], attributes, aliasOf: alias };
  }

  if (bullets === 0) {
    // Written as paragraphs: each one is an expectation.
    if (sections.length === 0) {
      for (const p of looseParagraphs) loose.introParts.push({ text: collapse(plainText(p)), line: lineOf(p) });
    } else if (summary === null && looseParagraphs.length > 0) {
      summary = blockText(looseParagraphs);
    } else {
      for (const p of looseParagraphs) ctx.notes.push({ line: lineOf(p), message: "A paragraph before the first section was ignored." });
    }
    for (const section of [loose, ...sections]) {
      for (const part of [...section.introParts, ...section.laterParts]) addExpectation(section, part.text, part.line, [], ctx);
      section.introParts = [];
      section.laterParts = [];
    }
  } else {
    if (summary === null && looseParagraphs.length > 0) summary = blockText(looseParagraphs);
    else for (const p of looseParagraphs) ctx.notes.push({ line: lineOf(p), message: "A paragraph before the first section was ignored." });
    for (const section of sections) {
      for (const part of section.laterParts) {
        ctx.notes.push({ line: part.line, message: `A paragraph after the bullets of "${section.title}" was ignored.` });
      }
    }
  }
  if (loose.expectations.length > 0) {
    if (sections.length > 0) {
      for (const e of loose.expectations) {
        ctx.notes.push({ line: e.line, message: "A bullet before the first section was ignored (it is not an attribute such as \"**Impact radius**: Team\")." });
      }
    } else {
      loose.line = loose.expectations[0]!.line;
      sections.push(loose);
    }
  }

  const kept: LadderSection[] = [];
  for (const section of sections) {
    if (section.expectations.length === 0) {
      ctx.notes.push({ line: section.line, message: `Section "${section.title}" has no expectations and was left out.` });
      continue;
    }
    kept.push(finishSection(section));
  }
  if (kept.length === 0) {
    ctx.notes.push({ line: nodes[0] ? lineOf(nodes[0]) : 1, message: `"${title}" has no expectations and was left out.` });
    return null;
  }
  return { summary: summary ?? "", sections: kept, attributes, aliasOf: null };
}

function newSection(title: string, line: number): SectionDraft {
  return { key: slugKey(title), title, intro: null, expectations: [], line, introParts: [], seenList: false, laterParts: [] };
}

function sectionFor(title: string, node: Heading, sections: SectionDraft[], ctx: Context): SectionDraft {
  const line = lineOf(node);
  const name = title || "Untitled section";
  const same = sections.find((s) => s.title.toLowerCase() === name.toLowerCase());
  if (same) {
    ctx.notes.push({ line, message: `Section "${name}" appears again (first on line ${same.line}); its expectations were added to the first.` });
    return same;
  }
  const section = newSection(name, line);
  let key = section.key;
  for (let n = 2; sections.some((s) => s.key === key); n++) key = `${section.key}-${n}`;
  if (key !== section.key) {
    ctx.notes.push({ line, message: `Section "${name}" has the same key as another section; it is stored as "${key}".` });
    section.key = key;
  }
  sections.push(section);
  return section;
}

function finishSection(draft: SectionDraft): LadderSection {
  const { key, title, expectations, line, introParts, examples } = draft;
  const section: LadderSection = {
    key,
    title,
    intro: introParts.length > 0 ? introParts.map((p) => p.text).join("\n\n") : null,
    expectations,
    line,
  };
  if (examples && examples.length > 0) section.examples = examples;
  return section;
}

/* ---------- Bullets ---------- */

/** Reads a list into the section; returns how many bullets it saw. */
function readBullets(list: List, section: SectionDraft, groups: string[], ctx: Context): number {
  let count = 0;
  for (const item of list.children) {
    count++;
    const { main, examples } = splitItem(item, ctx);
    const own = ownText(main);
    const nested = main.filter((c): c is List => c.type === "list");
    if (nested.length > 0 && isGroupLabel(own, nested)) {
      const label = own.text.replace(/[:：]\s*$/, "").trim();
      for (const child of nested) count += readBullets(child, section, label ? [...groups, label] : groups, ctx);
      continue;
    }
    let text = own.text;
    if (nested.length > 0) {
      const elaboration = nested.flatMap((l) => l.children.map(flattenItem)).filter(Boolean);
      if (elaboration.length > 0) text = text ? `${text} (${elaboration.join("; ")})` : elaboration.join("; ");
    }
    const expectation = addExpectation(section, text, lineOf(item), groups, ctx);
    if (!expectation) continue;
    if (own.shortName) expectation.shortName = own.shortName;
    if (examples.length > 0) expectation.examples = examples;
  }
  return count;
}

function addExpectation(
  section: SectionDraft,
  rawText: string,
  line: number,
  groups: string[],
  ctx: Context,
): LadderExpectation | null {
  const text = collapse(rawText);
  if (!text) {
    ctx.notes.push({ line, message: `An empty bullet in "${section.title}" was ignored.` });
    return null;
  }
  const key = `${section.key}.${sha256Hex(text.toLowerCase()).slice(0, 10)}`;
  const twin = section.expectations.find((e) => e.key === key);
  if (twin) {
    ctx.notes.push({ line, message: `This says the same as line ${twin.line} in "${section.title}" and was ignored.` });
    return null;
  }
  const expectation: LadderExpectation = { key, text, line };
  if (groups.length > 0) expectation.group = groups.join(GROUP_SEPARATOR);
  section.expectations.push(expectation);
  return expectation;
}

/** The bullet's own text (without nested lists or <details> blocks) and its bold lead-in. */
function ownText(children: ListItem["children"]): { text: string; shortName: string | null; emphasisOnly: boolean } {
  const blocks = children.filter((c) => c.type !== "list" && c.type !== "html");
  const text = collapse(blocks.map((b) => plainText(b)).join(" "));
  const first = blocks[0];
  let shortName: string | null = null;
  let emphasisOnly = false;
  if (first?.type === "paragraph") {
    const inline = first.children.filter((c) => !(c.type === "text" && !c.value.trim()));
    const lead = inline[0];
    if (lead && (lead.type === "strong" || lead.type === "emphasis")) {
      emphasisOnly = inline.length === 1 || (inline.length === 2 && inline[1]!.type === "text" && /^\s*[:：]?\s*$/.test(inline[1]!.value));
      const leadText = collapse(plainText(lead));
      const after = inline[1];
      const colonInside = /[:：]$/.test(leadText);
      const colonAfter = after?.type === "text" && /^\s*([:：]|[-–—]\s)/.test(after.value);
      if (lead.type === "strong" && (colonInside || colonAfter) && !emphasisOnly) {
        shortName = leadText.replace(/[:：]$/, "").trim() || null;
      }
    }
  }
  return { text, shortName, emphasisOnly };
}

function isGroupLabel(own: { text: string; emphasisOnly: boolean }, nested: List[]): boolean {
  if (!own.text || /[:：]$/.test(own.text) || own.emphasisOnly) return true;
  const children = nested.reduce((n, l) => n + l.children.length, 0);
  const words = own.text.split(/\s+/).length;
  return children >= 2 && words <= 4 && !/[.!?]$/.test(own.text);
}

function flattenItem(item: ListItem): string {
  const own = ownText(item.children).text;
  const nested = item.children.filter((c): c is List => c.type === "list").flatMap((l) => l.children.map(flattenItem));
  return nested.length > 0 ? `${own} (${nested.join("; ")})` : own;
}

/* ---------- Attributes ---------- */

const ATTRIBUTE = /^([^:：]{1,40}?)\s*[:：]\s*(\S.{0,119})$/;

/** "**Thinking horizon**: 1 year" bullets before the first section become attributes; the rest is returned. */
function readAttributeBullets(list: List, attributes: LadderAttribute[]): ListItem[] {
  const rest: ListItem[] = [];
  for (const item of list.children) {
    const attribute = item.children.some((c) => c.type === "list") ? null : attributeOf(ownText(item.children).text, lineOf(item));
    if (attribute) attributes.push(attribute);
    else rest.push(item);
  }
  return rest;
}

function attributeOf(text: string, line: number): LadderAttribute | null {
  const match = ATTRIBUTE.exec(text);
  if (!match) return null;
  const name = match[1]!.trim();
  if (name.split(/\s+/).length > 5) return null;
  return { name, value: match[2]!.trim(), line };
}

/** A paragraph of "Name: value" lines (each with a bold or italic name) before the first section. */
function attributeLines(node: Paragraph): LadderAttribute[] | null {
  const hasEmphasis = node.children.some((c) => c.type === "strong" || c.type === "emphasis");
  if (!hasEmphasis) return null;
  const lines = lineTexts(node);
  const found: LadderAttribute[] = [];
  for (const [i, text] of lines.entries()) {
    const attribute = attributeOf(text, lineOf(node) + i);
    if (!attribute) return null;
    found.push(attribute);
  }
  return found.length > 0 ? found : null;
}

/** A paragraph that is all italic or bold, such as "*Experience: typically 2 years*". */
function asideAttribute(node: Paragraph): LadderAttribute | null {
  const inline = node.children.filter((c) => !(c.type === "text" && !c.value.trim()));
  if (inline.length !== 1 || (inline[0]!.type !== "emphasis" && inline[0]!.type !== "strong")) {
    const lines = attributeLines(node);
    return lines?.length === 1 ? lines[0]! : null;
  }
  const text = collapse(plainText(node));
  return attributeOf(text, lineOf(node)) ?? { name: "Note", value: text, line: lineOf(node) };
}

function lineTexts(node: Paragraph): string[] {
  const lines: string[] = [""];
  const walk = (n: Nodes): void => {
    if (n.type === "break") lines.push("");
    else if (n.type === "text" || n.type === "inlineCode") {
      const parts = n.value.split("\n");
      lines[lines.length - 1] += parts[0]!;
      for (const part of parts.slice(1)) lines.push(part);
    } else if ("children" in n) for (const c of n.children as Nodes[]) walk(c);
  };
  walk(node);
  return lines.map(collapse).filter(Boolean);
}

/** The scope a level's "Impact radius" / "Reach" / "Scope" attribute states, if any. */
function reachOf(attributes: LadderAttribute[], ctx: Context): Scope | null {
  for (const a of attributes) {
    if (!/impact|reach|scope|radius|sphere|span|influence/i.test(a.name)) continue;
    const scope = scopeOfWords(a.value);
    if (scope) return scope;
    ctx.notes.push({
      line: a.line,
      message: `"${a.name}: ${a.value}" names no reach Ladderproof knows (individual, team, group, organisation, customers); the default for the level is used.`,
    });
  }
  return null;
}

export function scopeOfWords(value: string): Scope | null {
  const v = value.toLowerCase();
  if (/customer|industry|external|community|world|public|market/.test(v)) return "customers";
  if (/organi[sz]ation|company|\borg\b|division|business|whole|department|function/.test(v)) return "organisation";
  if (/group|teams|several|multiple|cross|area|domain|tribe|pod|product/.test(v)) return "several-teams";
  if (/\bteam\b|squad/.test(v)) return "team";
  if (/individual|self|own|personal|task|feature/.test(v)) return "individual";
  return null;
}

/* ---------- Examples in <details> blocks ---------- */

class DetailsReader {
  open = false;
  line = 0;
  private summary = "";
  private found: { text: string; line: number }[] = [];

  /** True when the html node starts a <details> block (which may also end in it). */
  start(node: { value: string; position?: Nodes["position"] }): boolean {
    if (!/^\s*<details[\s>]/i.test(node.value)) return false;
    this.open = true;
    this.line = lineOf(node);
    this.found = [];
    const summary = /<summary[^>]*>([\s\S]*?)<\/summary>/i.exec(node.value);
    this.summary = summary ? collapse(stripTags(summary[1]!)) : "";
    const rest = node.value.replace(/^\s*<details[^>]*>/i, "").replace(/<summary[^>]*>[\s\S]*?<\/summary>/i, "");
    this.takeRaw(rest, this.line);
    return true;
  }

  take(node: RootContent, ctx: Context): void {
    if (node.type === "html") {
      this.takeRaw(node.value, lineOf(node));
      return;
    }
    if (node.type === "list") {
      for (const item of node.children) this.found.push({ text: flattenItem(item), line: lineOf(item) });
    } else if (node.type === "table") {
      ctx.notes.push({ line: lineOf(node), message: "A table inside <details> was ignored." });
    } else {
      const text = collapse(plainText(node));
      if (text) this.found.push({ text, line: lineOf(node) });
    }
  }

  private takeRaw(html: string, line: number): void {
    const closed = /<\/details\s*>/i.exec(html);
    const inner = closed ? html.slice(0, closed.index) : html;
    for (const [i, raw] of inner.split("\n").entries()) {
      const text = collapse(stripTags(raw).replace(/^\s*([-*+]|\d+[.)])\s+/, ""));
      if (text) this.found.push({ text, line: line + i });
    }
    if (closed) this.open = false;
  }

  flush(ctx: Context): LadderExample[] {
    this.open = false;
    const isExamples = this.summary === "" || /example|look(s)? like|in practice|for instance|e\.g\./i.test(this.summary);
    if (!isExamples) {
      ctx.notes.push({ line: this.line, message: `A <details> block "${this.summary}" was ignored: only examples are read from <details>.` });
      return [];
    }
    return this.found.map((f) => ({ text: f.text, line: f.line }));
  }
}

function attachExamples(examples: LadderExample[], section: SectionDraft | null, groups: string[]): void {
  if (!section || examples.length === 0) return;
  const group = groups.length > 0 ? groups.join(GROUP_SEPARATOR) : undefined;
  section.examples = [...(section.examples ?? []), ...examples.map((e) => (group ? { ...e, group } : e))];
}

/** A bullet's own blocks, apart from the <details> blocks inside it: those are its examples. */
function splitItem(item: ListItem, ctx: Context): { main: ListItem["children"]; examples: string[] } {
  const reader = new DetailsReader();
  const main: ListItem["children"] = [];
  const examples: string[] = [];
  for (const child of item.children) {
    if (reader.open) {
      reader.take(child, ctx);
      if (!reader.open) examples.push(...reader.flush(ctx).map((e) => e.text));
    } else if (child.type === "html" && reader.start(child)) {
      if (!reader.open) examples.push(...reader.flush(ctx).map((e) => e.text));
    } else {
      main.push(child);
    }
  }
  if (reader.open) examples.push(...reader.flush(ctx).map((e) => e.text));
  return { main, examples };
}

/** Examples of an expectation: its own, then those of its group, then those of its section. */
export function examplesFor(section: LadderSection, expectation: LadderExpectation): string[] {
  const own = expectation.examples ?? [];
  const shared = (section.examples ?? []).filter(
    (e) => e.group === undefined || e.group === expectation.group || (expectation.group ?? "").startsWith(`${e.group}${GROUP_SEPARATOR}`),
  );
  return [...own, ...shared.map((e) => e.text)];
}

/* ---------- Aliases ---------- */

function aliasIn(paragraphs: Paragraph[]): Ladder["aliasOf"] | null {
  if (paragraphs.length === 0 || paragraphs.length > 2) return null;
  for (const p of paragraphs) {
    const link = p.children.find((c) => c.type === "link" || c.type === "linkReference");
    if (!link) continue;
    const text = collapse(plainText(p));
    const title = stripDecoration(collapse(plainText(link)));
    const pointer = /equivalent|same as|identical|alias|\bsee\b|refer|mirror|as per|matches|corresponds/i.test(text);
    if (!pointer && text !== collapse(plainText(link))) continue;
    if (!title) continue;
    return { title, href: link.type === "link" ? link.url : null };
  }
  return null;
}

/* ---------- Front matter ---------- */

function readFrontMatter(node: Yaml, ctx: Context): FrontMatter {
  // The yaml value starts on the line after the opening fence.
  const fenceLine = lineOf(node);
  const counter = new LineCounter();
  const doc = parseDocument(node.value, { lineCounter: counter, prettyErrors: false });
  const lineAt = (offset: number | undefined): number =>
    offset === undefined ? fenceLine : fenceLine + counter.linePos(offset).line;
  const front: FrontMatter = { rules: {}, line: fenceLine };

  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      ctx.problems.push({ line: lineAt(error.pos[0]), message: `The front matter is not valid YAML: ${error.message}` });
    }
    return front;
  }
  const root = doc.contents;
  if (root === null) return front;
  if (!isMap(root)) {
    ctx.problems.push({ line: fenceLine, message: "The front matter must be a set of key: value lines." });
    return front;
  }
  for (const pair of root.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : "";
    const value: unknown = isScalar(pair.value) ? pair.value.value : pair.value;
    const line = isNode(pair.key) && pair.key.range ? lineAt(pair.key.range[0]) : fenceLine;
    if (name === "rules") front.rules = readRules(doc, pair.value, line, lineAt, ctx);
    else if (name === "title" && typeof value === "string" && value.trim()) front.title = collapse(value);
    else if (name === "track" && (typeof value === "string" || typeof value === "number") && String(value).trim()) {
      front.track = collapse(String(value));
    } else if (name === "level") {
      const level = typeof value === "number" ? value : typeof value === "string" ? Number(value.replace(/^(L|level)\s*/i, "")) : NaN;
      if (Number.isFinite(level) && level >= 0 && level <= 999) front.level = level;
      else ctx.problems.push({ line, message: `"level" in the front matter must be a number such as 3 or 1.5; found ${describe(value)}.` });
    }
  }
  return front;
}

function readRules(
  _doc: Document,
  value: unknown,
  rulesLine: number,
  lineAt: (offset: number | undefined) => number,
  ctx: Context,
): Partial<GapRules> {
  const lineOfYaml = (v: unknown, fallback: number): number => (isNode(v) && v.range ? lineAt(v.range[0]) : fallback);
  if (!isMap(value)) {
    ctx.problems.push({
      line: rulesLine,
      message: `"rules" in the front matter must hold rule: value lines (${RULE_KEYS.join(", ")}).`,
    });
    return {};
  }
  const rules: Partial<GapRules> = {};
  for (const pair of value.items) {
    const keyLine = lineOfYaml(pair.key, rulesLine);
    const valueLine = lineOfYaml(pair.value, keyLine);
    const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const v: unknown = isScalar(pair.value) ? pair.value.value : isNode(pair.value) ? pair.value.toJSON() : pair.value;
    switch (name) {
      case "minItems":
      case "staleMonths":
      case "maxExpectationsPerItem":
        if (typeof v === "number" && Number.isSafeInteger(v) && v >= 1) rules[name] = v;
        else ctx.problems.push({ line: valueLine, message: `Rule ${name} must be a whole number of 1 or more; found ${describe(v)}.` });
        break;
      case "minScope":
        if (isScope(v)) rules.minScope = v;
        else ctx.problems.push({ line: valueLine, message: `Rule minScope must be one of ${SCOPES.join(", ")}; found ${describe(v)}.` });
        break;
      default:
        ctx.problems.push({ line: keyLine, message: `Unknown rule "${name}" in the front matter; known rules are ${RULE_KEYS.join(", ")}.` });
    }
  }
  return rules;
}

/* ---------- The check report ---------- */

export interface LadderCheckInput {
  file: string;
  result: LadderDocumentResult;
}

/** What `ladder check` prints for one document: what it understood, and what it ignored and why. */
export function ladderCheckReport(file: string, result: LadderDocumentResult): { text: string; exitCode: 0 | 1 } {
  if (!result.ok) {
    return { text: result.problems.map((p) => `${file}:${p.line}: ${p.message}`).join("\n"), exitCode: 1 };
  }
  const lines: string[] = [];
  for (const { ladder } of result.levels) {
    const expectations = ladder.sections.flatMap((s) => s.expectations);
    const groups = new Set(ladder.sections.flatMap((s) => s.expectations.flatMap((e) => (e.group ? [`${s.key}/${e.group}`] : []))));
    const examples = ladder.sections.reduce(
      (n, s) => n + (s.examples?.length ?? 0) + s.expectations.reduce((m, e) => m + (e.examples?.length ?? 0), 0),
      0,
    );
    lines.push(ladderLabel(ladder));
    const facts = [
      `level ${ladder.level > 0 ? ladderLevelLabel(ladder) : "not stated"}`,
      `track ${ladder.track ?? "none"}`,
    ];
    if (ladder.aliasOf) {
      lines.push(`  ${facts.join(", ")}`, `  alias of "${ladder.aliasOf.title}"${ladder.aliasOf.href ? ` (${ladder.aliasOf.href})` : ""}`);
      continue;
    }
    lines.push(
      `  ${facts.join(", ")}`,
      `  ${plural(ladder.sections.length, "section")}, ${plural(expectations.length, "expectation")}, ${plural(groups.size, "group")}, ${plural(examples, "example")}`,
    );
    for (const s of ladder.sections) {
      const sectionGroups = [...new Set(s.expectations.flatMap((e) => (e.group ? [e.group] : [])))];
      lines.push(`    ${s.title}: ${s.expectations.length}${sectionGroups.length ? ` (groups: ${sectionGroups.join("; ")})` : ""}`);
    }
    if (ladder.attributes?.length) {
      lines.push(`  attributes: ${ladder.attributes.map((a) => `${a.name}: ${a.value}`).join("; ")}`);
    }
    if (ladder.reach) lines.push(`  reach: ${ladder.reach} (used by the below-scope rule)`);
    const overrides = RULE_KEYS.filter((k) => ladder.rules[k] !== undefined).map((k) => `${k} ${ladder.rules[k]}`);
    if (overrides.length > 0) lines.push(`  rule overrides: ${overrides.join(", ")}`);
  }
  if (result.notes.length > 0) {
    lines.push("  notes (what was ignored, and why):");
    for (const note of result.notes) lines.push(`    ${file}:${note.line}: ${note.message}`);
  }
  return { text: lines.join("\n"), exitCode: 0 };
}

/* ---------- Text ---------- */

function isScope(value: unknown): value is Scope {
  return typeof value === "string" && (SCOPES as readonly string[]).includes(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

function describeNode(node: RootContent): string {
  switch (node.type) {
    case "code":
      return "A code block";
    case "thematicBreak":
      return "A horizontal rule";
    case "list":
      return "A list";
    case "paragraph":
      return "A paragraph";
    case "table":
      return "A table";
    case "html":
      return "HTML";
    case "blockquote":
      return "A quotation";
    case "heading":
      return `Heading "${collapse(plainText(node))}"`;
    default:
      return `A ${node.type}`;
  }
}

/** Nodes skipped without a note: rules, link definitions, comments. */
function isSilent(node: RootContent): boolean {
  if (node.type === "thematicBreak" || node.type === "definition") return true;
  return node.type === "html" && isComment(node.value);
}

function isComment(html: string): boolean {
  return /^\s*<!--[\s\S]*-->\s*$/.test(html);
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

function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Emoji, symbols and stray punctuation around a heading ("🦉 Domain expertise", "★ Craft ★"). */
function stripDecoration(text: string): string {
  return text
    .replace(/^(?:[\s\p{Extended_Pictographic}\p{S}\p{Pd}\p{Po}]|\u200d|\ufe0f|\u20e3)+/u, "")
    .replace(/(?:[\s\p{Extended_Pictographic}\p{S}\p{Pd}:]|\u200d|\ufe0f|\u20e3)+$/u, "")
    .trim();
}

function slugKey(title: string): string {
  return slugify(title) || `section-${sha256Hex(title).slice(0, 8)}`;
}

export function slugify(title: string): string {
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

function offsetOf(node: { position?: { start: { offset?: number }; end: { offset?: number } } | undefined }, end: "start" | "end"): number {
  return node.position?.[end].offset ?? 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
