import { z } from "zod";
import { isoDate, isWebLink, LINE_MAX, TEXT_MAX, TITLE_MAX } from "./evidence";

/** Rows the candidate's form offers for links and for people who can vouch. */
export const CONTRIBUTION_LINK_ROWS = 3;
export const CONTRIBUTION_VOUCHER_ROWS = 3;
export const SUGGESTIONS_MAX = 12;

const required = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(max, `Keep it to ${max.toLocaleString("en-GB")} characters or fewer.`);

/** What the candidate adds through their link: like an evidence item, without the manager's judgements
 *  (kind, reach, source), and with the expectations they think it shows as suggestions. */
export const contributionSchema = z
  .object({
    title: required("a short title", TITLE_MAX),
    whatHappened: required("what happened", TEXT_MAX),
    part: required("your own part in it", TEXT_MAX),
    outcome: required("the outcome", TEXT_MAX),
    dateStart: isoDate("the date"),
    dateEnd: isoDate("the end date").optional(),
    links: z
      .array(
        z
          .string()
          .trim()
          .max(2000, "Links are at most 2,000 characters.")
          .refine((v) => v === "" || isWebLink(v), "Enter a web address that starts with http:// or https://.")
          .optional(),
      )
      .max(CONTRIBUTION_LINK_ROWS, `Add at most ${CONTRIBUTION_LINK_ROWS} links.`)
      .default([])
      .transform((list) => list.filter((l): l is string => Boolean(l))),
    vouchers: z
      .array(
        z
          .object({
            name: z.string().trim().max(TITLE_MAX, `Keep it to ${TITLE_MAX} characters or fewer.`).optional(),
            role: z.string().trim().max(TITLE_MAX, `Keep it to ${TITLE_MAX} characters or fewer.`).optional(),
          })
          .optional()
          .superRefine((v, ctx) => {
            if (v?.role && !v.name) ctx.addIssue({ code: "custom", message: "Enter the person's name.", path: ["name"] });
            if (v?.name && !v.role) ctx.addIssue({ code: "custom", message: "Enter how they know the work.", path: ["role"] });
          }),
      )
      .max(CONTRIBUTION_VOUCHER_ROWS, `Add at most ${CONTRIBUTION_VOUCHER_ROWS} people.`)
      .default([])
      .transform((list) => list.filter((v): v is { name: string; role: string } => Boolean(v?.name && v.role))),
    suggestedKeys: z
      .array(z.string().max(300))
      .max(SUGGESTIONS_MAX, `Suggest at most ${SUGGESTIONS_MAX} expectations.`)
      .default([]),
  })
  .superRefine((v, ctx) => {
    if (v.dateEnd && v.dateEnd < v.dateStart) {
      ctx.addIssue({ code: "custom", message: "The end date must be on or after the start date.", path: ["dateEnd"] });
    }
  });

export type ContributionInput = z.output<typeof contributionSchema>;

export const dismissSchema = z.object({
  reason: z
    .string({ error: "Say why you are not using it." })
    .trim()
    .min(1, "Say why you are not using it.")
    .max(LINE_MAX * 2, `Keep it to ${LINE_MAX * 2} characters or fewer.`),
});
