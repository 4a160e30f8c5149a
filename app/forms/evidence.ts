import { z } from "zod";
import { isRealDate } from "../domain/dates";
import { CASE_STATUSES, EVIDENCE_KINDS, EVIDENCE_SOURCES, SCOPES } from "../domain/types";

export const TITLE_MAX = 200;
export const TEXT_MAX = 10_000;
export const LINE_MAX = 500;
export const LINKS_MAX = 20;
export const VOUCHERS_MAX = 20;

const title = (what: string) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(TITLE_MAX, `Keep it to ${TITLE_MAX} characters or fewer.`);

const longText = (what: string) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(TEXT_MAX, `Keep it to ${TEXT_MAX.toLocaleString("en-GB")} characters or fewer.`);

const optionalLongText = z
  .string()
  .trim()
  .max(TEXT_MAX, `Keep it to ${TEXT_MAX.toLocaleString("en-GB")} characters or fewer.`)
  .optional()
  .transform((v) => v ?? "");

const optionalLine = z
  .string()
  .trim()
  .max(LINE_MAX, `Keep it to ${LINE_MAX} characters or fewer.`)
  .optional()
  .transform((v) => (v ? v : null));

export const isoDate = (what: string) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter ${what} as a real date, like 2026-03-14.`)
    .refine(isRealDate, `${what[0]!.toUpperCase()}${what.slice(1)} must be a real date.`);

/** http and https only: javascript:, data: and the rest are refused at input. */
export function isWebLink(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && Boolean(url.hostname);
  } catch {
    return false;
  }
}

const link = z
  .string()
  .trim()
  .max(2000, "Links are at most 2,000 characters.")
  .refine(isWebLink, "Enter a web address that starts with http:// or https://.");

const voucher = z.object({
  name: z.string({ error: "Enter the person's name." }).trim().min(1, "Enter the person's name.").max(TITLE_MAX, `Keep it to ${TITLE_MAX} characters or fewer.`),
  role: z.string({ error: "Enter the person's role." }).trim().min(1, "Enter the person's role.").max(TITLE_MAX, `Keep it to ${TITLE_MAX} characters or fewer.`),
});

const support = z.object({
  expectationKey: z.string().min(1).max(300),
  rationale: z
    .string({ error: "Say in one line why this shows the expectation." })
    .trim()
    .min(1, "Say in one line why this shows the expectation.")
    .max(LINE_MAX * 2, `Keep it to ${LINE_MAX * 2} characters or fewer.`),
});

const evidenceFields = {
  title: title("a title"),
  whatHappened: longText("what happened and the candidate's part"),
  outcome: longText("the outcome"),
  metric: optionalLine,
  dateStart: isoDate("the date"),
  dateEnd: isoDate("the end date").optional(),
  kind: z.enum(EVIDENCE_KINDS, { error: "Choose what kind of evidence this is." }),
  scope: z.enum(SCOPES, { error: "Choose how far its effect reached." }),
  source: z.enum(EVIDENCE_SOURCES, { error: "Choose where this evidence comes from." }),
  // The version the form was opened on: a save against an older version is a conflict.
  version: z.coerce.number().int().positive().optional(),
};

const atLeastOne = "Choose at least one expectation this demonstrates.";

function checkDates(v: { dateStart: string; dateEnd?: string }, ctx: z.RefinementCtx) {
  if (v.dateEnd && v.dateEnd < v.dateStart) {
    ctx.addIssue({ code: "custom", message: "The end date must be on or after the start date.", path: ["dateEnd"] });
  }
}

/** Evidence as data (JSON import, tests): plain lists. */
export const evidenceSchema = z
  .object({
    ...evidenceFields,
    links: z.array(link).max(LINKS_MAX, `Add at most ${LINKS_MAX} links.`).default([]),
    vouchers: z.array(voucher).max(VOUCHERS_MAX, `Add at most ${VOUCHERS_MAX} people.`).default([]),
    supports: z.array(support, { error: atLeastOne }).min(1, atLeastOne),
  })
  .superRefine(checkDates)
  .refine((v) => new Set(v.supports.map((s) => s.expectationKey)).size === v.supports.length, {
    message: "Each expectation can be chosen once.",
    path: ["supports"],
  });

export type EvidenceInput = z.output<typeof evidenceSchema>;

/** Evidence as the web form sends it: link and person rows that may be left empty, and one
 *  support slot per expectation of the ladder (ticked or not), so that an error on a slot's
 *  rationale lands beside that expectation's own field. */
export const evidenceFormSchema = z
  .object({
    ...evidenceFields,
    links: z
      .array(link.optional())
      .max(LINKS_MAX, `Add at most ${LINKS_MAX} links.`)
      .default([])
      .transform((list) => list.filter((l): l is string => Boolean(l))),
    vouchers: z
      .array(
        z
          .object({ name: z.string().trim().optional(), role: z.string().trim().optional() })
          .optional()
          .superRefine((v, ctx) => {
            if (!v || (!v.name && !v.role)) return;
            const parsed = voucher.safeParse(v);
            if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: "custom" });
          }),
      )
      .max(VOUCHERS_MAX, `Add at most ${VOUCHERS_MAX} people.`)
      .default([])
      .transform((list) =>
        list.filter((v): v is { name: string; role: string } => Boolean(v?.name && v.role)),
      ),
    supports: z
      .array(
        z
          .object({
            expectationKey: z.string().max(300).optional(),
            rationale: z.string().trim().max(LINE_MAX * 2, `Keep it to ${LINE_MAX * 2} characters or fewer.`).optional(),
          })
          .optional()
          .superRefine((slot, ctx) => {
            if (slot?.expectationKey && !slot.rationale) {
              ctx.addIssue({ code: "custom", message: "Say in one line why this shows the expectation.", path: ["rationale"] });
            }
          }),
      )
      .default([])
      .transform((slots) =>
        slots.flatMap((slot) =>
          slot?.expectationKey ? [{ expectationKey: slot.expectationKey, rationale: slot.rationale ?? "" }] : [],
        ),
      )
      .refine((list) => list.length > 0, atLeastOne)
      .refine((list) => new Set(list.map((s) => s.expectationKey)).size === list.length, "Each expectation can be chosen once."),
  })
  .superRefine(checkDates);

/** The evidence form's lists and how long each may be: one support slot per expectation of the
 *  case's ladder. Longer lists are refused before the form is validated or shown again. */
export function evidenceListLimits(expectationCount: number) {
  return {
    links: { max: LINKS_MAX, message: `Add at most ${LINKS_MAX} links.` },
    vouchers: { max: VOUCHERS_MAX, message: `Add at most ${VOUCHERS_MAX} people.` },
    supports: { max: expectationCount, message: "Choose expectations from this case's ladder." },
  };
}

export const caseSchema = z.object({
  candidateName: title("the candidate's name"),
  currentTitle: title("the candidate's current title"),
  ladderSlug: z.string({ error: "Choose the level they are going for." }).min(1, "Choose the level they are going for."),
  calibrationDate: isoDate("the calibration date").optional(),
  summary: optionalLongText,
  recommendation: optionalLongText,
  status: z.enum(CASE_STATUSES).default("draft"),
  version: z.coerce.number().int().positive().optional(),
});

export type CaseInput = z.output<typeof caseSchema>;

export const coOwnerSchema = z.object({
  email: z.string({ error: "Enter the manager's email address." }).trim().pipe(z.email({ error: "Enter an email address in the right format, like name@example.com." })),
  allowAdministrator: z.enum(["yes"]).optional(),
});

export const markSchema = z.object({
  notApplicable: z.enum(["yes", "no"]).default("no"),
  notApplicableReason: z.string().trim().max(LINE_MAX * 2, `Keep it to ${LINE_MAX * 2} characters or fewer.`).optional(),
  gapNote: z.string().trim().max(TEXT_MAX, `Keep it to ${TEXT_MAX.toLocaleString("en-GB")} characters or fewer.`).optional(),
}).refine((v) => v.notApplicable === "no" || Boolean(v.notApplicableReason), {
  message: "Say why this expectation does not apply.",
  path: ["notApplicableReason"],
});
