import type { Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { textProblem } from "../domain/text";

// Every form a route reads comes through readForm and parseForm: the request's size in fields is
// bounded before anything is parsed, lists are cut to their limits before validation (a refused form
// is shown again with what was typed, so an oversized list would be rendered again row by row), and
// text no database can store is refused beside its field instead of failing the write.

/** The most fields any form of ours sends (the evidence form: about 15, two per expectation of the
 *  ladder, 20 links and 20 people); a request with more is refused before it is parsed. */
export const MAX_FORM_FIELDS = 1_000;

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

function refuse(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

function countOccurrences(haystack: Uint8Array, needle: Uint8Array, stopAfter: number): number {
  const buffer = Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength);
  let count = 0;
  let at = buffer.indexOf(needle);
  while (at !== -1 && count <= stopAfter) {
    count++;
    at = buffer.indexOf(needle, at + needle.length);
  }
  return count;
}

/** The request's form. Throws 415 for a body that is not a form, 413 for one with more than
 *  `maxFields` fields (counted on the raw bytes, before parsing), 400 for one that cannot be parsed. */
export async function readForm(request: Request, options: { maxFields?: number } = {}): Promise<FormData> {
  const maxFields = options.maxFields ?? MAX_FORM_FIELDS;
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(mediaType)) {
    throw refuse(415, "This address accepts forms from Ladderproof's own pages only (a form, or a file upload).");
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  const separator =
    mediaType === "multipart/form-data"
      ? `--${/boundary="?([^";]+)"?/i.exec(contentType)?.[1] ?? ""}`
      : "&";
  // One separator per field (multipart has one more, closing the body).
  const fields = countOccurrences(bytes, Buffer.from(separator), maxFields + 1) + (mediaType === "multipart/form-data" ? -1 : 1);
  if (fields > maxFields) {
    throw refuse(413, `This form has more than ${maxFields.toLocaleString("en-GB")} fields; no Ladderproof form has that many.`);
  }
  try {
    return await new Response(bytes, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    throw refuse(400, "The form could not be read. Send it again from its page.");
  }
}

/** `links[3]`, `supports[2].rationale` -> the list's name and the row's index. */
const LIST_ROW = /^([^.[\]]+)\[(\d+)\]/;

function namePath(name: string): (string | number)[] {
  return [...name.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2]!));
}

interface Problem {
  path: (string | number)[];
  message: string;
}

/** Lists longer than their limit, and fields with text that cannot be stored. Returns the form
 *  without the rows over a limit, so that what is shown again stays as small as the form allows. */
export interface ListLimit {
  max: number;
  /** Said when a form sends more rows, like "Add at most 20 links." */
  message: string;
}

function findProblems(formData: FormData, lists: Record<string, ListLimit>): { problems: Problem[]; kept: FormData } {
  const problems: Problem[] = [];
  const kept = new FormData();
  const overflowing = new Set<string>();
  for (const [name, value] of formData) {
    const row = LIST_ROW.exec(name);
    const limit = row ? lists[row[1]!] : undefined;
    if (row && limit !== undefined && Number(row[2]) >= limit.max) {
      overflowing.add(row[1]!);
      continue;
    }
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) problems.push({ path: namePath(name), message: problem });
    }
    kept.append(name, value);
  }
  for (const list of overflowing) {
    problems.push({ path: [], message: lists[list]!.message });
  }
  return { problems, kept };
}

/** parseWithZod after the checks above; `lists` names each list field of the form with its limit. */
export function parseForm<Schema extends z.ZodType>(
  formData: FormData,
  schema: Schema,
  options: { lists?: Record<string, ListLimit> } = {},
): Submission<z.input<Schema>, string[], z.output<Schema>> {
  const { problems, kept } = findProblems(formData, options.lists ?? {});
  if (problems.length === 0) return parseWithZod(formData, { schema });
  // Only the problems are reported: the rest of the form is checked once they are fixed.
  const reportProblems = z.any().superRefine((_value, ctx) => {
    for (const p of problems) ctx.addIssue({ code: "custom", path: p.path, message: p.message });
  });
  return parseWithZod(kept, { schema: reportProblems }) as unknown as Submission<z.input<Schema>, string[], z.output<Schema>>;
}
