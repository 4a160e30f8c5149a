// The case file: one promotion case as versioned JSON, for moving a case between installations
// or keeping a copy outside the database. docs/case-file-format.md describes it for people.
//
// Pure: zod and the form schemas only, so the same rules hold for a typed-in item and an
// imported one. Nothing here touches the database; the import checks that need the ladder
// (its version, its expectation keys) live in app/models/case-transfer.server.ts.
import { z } from "zod";
import { caseSchema, evidenceSchema, markSchema, TITLE_MAX } from "../forms/evidence";

export const CASE_FILE_FORMAT = "ladderproof.case";
export const CASE_FILE_VERSION = 1;

/** Larger files are refused before parsing: a real case is a few hundred kilobytes. */
export const CASE_FILE_MAX_BYTES = 64 * 1024 * 1024;
export const CASE_FILE_MAX_EVIDENCE = 5_000;
/** No ladder has this many expectations; the cap only bounds the work a hostile file can cause. */
export const CASE_FILE_MAX_MARKS = 1_000;
export const CASE_FILE_MAX_SUPPORTS = 200;

const EVIDENCE_REF = /^E-\d{1,9}$/;
const CONTENT_HASH = /^[0-9a-f]{64}$/;

const ladderIdentity = z.object({
  slug: z
    .string()
    .trim()
    .min(1, "Give the ladder's slug.")
    .max(TITLE_MAX, `Keep it to ${TITLE_MAX} characters or fewer.`),
  level: z.number().min(0, "The level must be 0 or more.").max(999),
  title: z
    .string()
    .trim()
    .min(1, "Give the ladder's title.")
    .max(TITLE_MAX, `Keep it to ${TITLE_MAX} characters or fewer.`),
  contentHash: z
    .string()
    .regex(CONTENT_HASH, "Expected the SHA-256 of the ladder document: 64 lowercase hexadecimal characters."),
});

const caseFields = caseSchema
  .pick({ candidateName: true, currentTitle: true, summary: true, recommendation: true, status: true })
  .extend({ calibrationDate: caseSchema.shape.calibrationDate.nullable() })
  .transform((c) => ({
    candidateName: c.candidateName,
    currentTitle: c.currentTitle,
    calibrationDate: c.calibrationDate ?? null,
    summary: c.summary,
    recommendation: c.recommendation,
    status: c.status,
  }));

// The web form's schema with the reference added. The form leaves an empty metric or end date out;
// the file writes null, read here as "left out".
const nullMeansAbsent = (value: unknown): unknown => {
  if (!isPlainObject(value)) return value;
  const copy = { ...value };
  for (const key of ["metric", "dateEnd"]) if (copy[key] === null) delete copy[key];
  return copy;
};

const evidenceItem = z.preprocess(
  nullMeansAbsent,
  evidenceSchema
    .safeExtend({
      ref: z.string().regex(EVIDENCE_REF, 'Expected a reference like "E-03".'),
      supports: evidenceSchema.shape.supports.max(
        CASE_FILE_MAX_SUPPORTS,
        `An item can support at most ${CASE_FILE_MAX_SUPPORTS} expectations.`,
      ),
      // The form's edit-conflict counter means nothing in a file.
      version: z
        .unknown()
        .optional()
        .transform(() => undefined),
    })
    .transform((e) => ({
      ref: e.ref,
      title: e.title,
      whatHappened: e.whatHappened,
      outcome: e.outcome,
      metric: e.metric ?? null,
      dateStart: e.dateStart,
      // As the web form stores it: a one-day item has no end date.
      dateEnd: e.dateEnd && e.dateEnd !== e.dateStart ? e.dateEnd : null,
      kind: e.kind,
      scope: e.scope,
      source: e.source,
      links: e.links,
      vouchers: e.vouchers,
      supports: e.supports,
    })),
);

const mark = z
  .object({
    expectationKey: z.string().min(1).max(300),
    notApplicableReason: markSchema.shape.notApplicableReason.nullable(),
    gapNote: markSchema.shape.gapNote.nullable(),
  })
  .transform((m) => ({
    expectationKey: m.expectationKey,
    notApplicableReason: m.notApplicableReason || null,
    gapNote: m.gapNote || null,
  }))
  .refine((m) => m.notApplicableReason !== null || m.gapNote !== null, {
    message: "A mark needs a notApplicableReason, a gapNote or both.",
  });

export const caseFileSchema = z
  .object({
    format: z.literal(CASE_FILE_FORMAT),
    version: z.literal(CASE_FILE_VERSION),
    exportedAt: z.iso
      .datetime({ offset: true, error: "Expected a timestamp like 2026-03-14T09:30:00.000Z." })
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    ladder: ladderIdentity,
    case: caseFields,
    evidence: z
      .array(evidenceItem)
      .max(
        CASE_FILE_MAX_EVIDENCE,
        `A case file holds at most ${CASE_FILE_MAX_EVIDENCE.toLocaleString("en-GB")} evidence items.`,
      ),
    marks: z
      .array(mark)
      .max(CASE_FILE_MAX_MARKS, `A case file holds at most ${CASE_FILE_MAX_MARKS.toLocaleString("en-GB")} marks.`)
      .default([]),
  })
  .superRefine((file, ctx) => {
    for (const d of duplicates(file.evidence.map((e) => e.ref))) {
      ctx.addIssue({ code: "custom", path: ["evidence", d.index, "ref"], message: duplicateRefMessage(d) });
    }
    for (const d of duplicates(file.marks.map((m) => m.expectationKey))) {
      ctx.addIssue({ code: "custom", path: ["marks", d.index, "expectationKey"], message: duplicateMarkMessage(d) });
    }
  });

interface Duplicate {
  index: number;
  first: number;
  value: string;
}

function duplicates(values: readonly unknown[]): Duplicate[] {
  const seen = new Map<string, number>();
  const found: Duplicate[] = [];
  values.forEach((value, index) => {
    if (typeof value !== "string") return;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, index);
    else found.push({ index, first, value });
  });
  return found;
}

const duplicateRefMessage = (d: Duplicate) =>
  `"${d.value}" is already used by evidence[${d.first}]; each reference must be unique.`;
const duplicateMarkMessage = (d: Duplicate) => `This expectation is already marked by marks[${d.first}].`;

export type CaseFile = z.output<typeof caseFileSchema>;
export type CaseFileEvidence = CaseFile["evidence"][number];
export type CaseFileMark = CaseFile["marks"][number];

export type CaseFileParseResult = { ok: true; file: CaseFile } | { ok: false; problems: string[] };

/** "evidence[3].dateStart" from zod's path; "(file)" for the top level. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(file)";
}

function problem(path: readonly PropertyKey[], message: string): string {
  return `${formatPath(path)}: ${message}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const ENUM_FIELDS = new Set<PropertyKey>(["kind", "scope", "source", "status"]);

function describeIssue(issue: z.core.$ZodIssue): string {
  // zod's own wording for a missing field is "expected string, received undefined".
  if (issue.code === "invalid_type" && /received undefined$/.test(issue.message)) {
    return `Missing: expected ${issue.expected}.`;
  }
  if (issue.code === "invalid_value" && ENUM_FIELDS.has(issue.path.at(-1) ?? "")) {
    return `${issue.message} (one of ${issue.values.map(String).join(", ")})`;
  }
  return issue.message;
}

/** Duplicate references and marks, found on the raw data so that they are reported together with
 *  every other problem (the schema's own check only runs once everything else is valid). */
function rawDuplicateProblems(data: Record<string, unknown>): string[] {
  const field = (list: unknown, key: string) =>
    Array.isArray(list) ? list.map((item: unknown) => (isPlainObject(item) ? item[key] : undefined)) : [];
  return [
    ...duplicates(field(data.evidence, "ref")).map((d) =>
      problem(["evidence", d.index, "ref"], duplicateRefMessage(d)),
    ),
    ...duplicates(field(data.marks, "expectationKey")).map((d) =>
      problem(["marks", d.index, "expectationKey"], duplicateMarkMessage(d)),
    ),
  ];
}

/** PostgreSQL cannot store U+0000 in text or jsonb: refuse it here rather than fail half-way. */
function nulProblems(value: unknown, path: PropertyKey[], out: string[]): void {
  if (typeof value === "string") {
    if (value.includes("\u0000"))
      out.push(problem(path, "Contains a NUL character (\\u0000), which cannot be stored."));
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulProblems(v, [...path, i], out));
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) nulProblems(v, [...path, k], out);
  }
}

/** Reads a case file. Every problem found is returned, each starting with its JSON path. */
export function parseCaseFile(text: string): CaseFileParseResult {
  if (text.length > CASE_FILE_MAX_BYTES) {
    return {
      ok: false,
      problems: [
        `(file): The file is larger than ${CASE_FILE_MAX_BYTES / 1024 / 1024} MB; a case file is far smaller.`,
      ],
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, problems: [`(file): This is not valid JSON (${(error as Error).message}).`] };
  }
  return validateCaseFile(data);
}

/** The checks of parseCaseFile on a value already decoded from JSON (or built in code). */
export function validateCaseFile(data: unknown): CaseFileParseResult {
  if (!isPlainObject(data)) {
    return { ok: false, problems: ['(file): Expected a JSON object with "format": "ladderproof.case".'] };
  }
  // Identify the file before anything else: another kind of JSON would otherwise get a page of
  // irrelevant complaints.
  if (data.format !== CASE_FILE_FORMAT) {
    return {
      ok: false,
      problems: [
        `format: This is not a Ladderproof case file (expected "format": "${CASE_FILE_FORMAT}", found ${
          JSON.stringify(data.format) ?? "nothing"
        }).`,
      ],
    };
  }
  if (data.version !== CASE_FILE_VERSION) {
    const newer = typeof data.version === "number" && data.version > CASE_FILE_VERSION;
    return {
      ok: false,
      problems: [
        newer
          ? `version: The file is in case file version ${data.version}, written by a newer Ladderproof; this one reads version ${CASE_FILE_VERSION}. Upgrade Ladderproof to import it.`
          : `version: Unsupported case file version ${
              JSON.stringify(data.version) ?? "(missing)"
            }; this Ladderproof reads version ${CASE_FILE_VERSION}.`,
      ],
    };
  }
  // A single message for an oversized list instead of one per item.
  for (const [field, max] of [
    ["evidence", CASE_FILE_MAX_EVIDENCE],
    ["marks", CASE_FILE_MAX_MARKS],
  ] as const) {
    const list = data[field];
    if (Array.isArray(list) && list.length > max) {
      return {
        ok: false,
        problems: [
          `${field}: The file has ${list.length.toLocaleString("en-GB")} ${
            field === "evidence" ? "evidence items" : "marks"
          }; at most ${max.toLocaleString("en-GB")} are accepted.`,
        ],
      };
    }
  }

  const parsed = caseFileSchema.safeParse(data);
  if (!parsed.success) {
    // One problem per field: the first is the one to fix ("not a date" before "not a real date").
    const byPath = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const at = formatPath(issue.path);
      if (!byPath.has(at)) byPath.set(at, problem(issue.path, describeIssue(issue)));
    }
    const problems = new Set([...byPath.values(), ...rawDuplicateProblems(data)]);
    return { ok: false, problems: [...problems] };
  }
  // Only what the schema kept (unknown keys are dropped) is checked and stored.
  const nul: string[] = [];
  nulProblems(parsed.data, [], nul);
  if (nul.length > 0) return { ok: false, problems: nul };
  return { ok: true, file: parsed.data };
}

/** The text written by export: stable key order, two-space indent, final newline. */
export function serializeCaseFile(file: CaseFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
