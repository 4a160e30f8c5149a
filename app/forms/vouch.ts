import { z } from "zod";
import { LINE_MAX, TEXT_MAX } from "./evidence";

const tooLong = `Keep it to ${TEXT_MAX.toLocaleString("en-GB")} characters or fewer.`;

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => (v ? v : null));

const ticked = z
  .string()
  .optional()
  .transform((v) => v === "on");

/** The manager's request: which person, their email, and what of the item they may see. */
export const vouchRequestSchema = z
  .object({
    voucher: z.coerce
      .number({ error: "Choose who you are asking." })
      .int("Choose who you are asking.")
      .min(0, "Choose who you are asking."),
    email: z
      .string()
      .trim()
      .max(320, "Keep it to 320 characters or fewer.")
      .optional()
      .transform((v) => (v ? v.toLowerCase() : null))
      .pipe(z.email({ error: "Enter an email address in the right format, like name@example.com." }).nullable()),
    showTitle: ticked,
    showWhatHappened: ticked,
    showOutcome: ticked,
  })
  .refine((v) => v.showTitle || v.showWhatHappened || v.showOutcome, {
    message: "Choose at least one thing they will see, or they will have nothing to confirm.",
    path: ["showTitle"],
  });

export const VOUCH_ANSWER_LABELS = {
  confirmed: "Yes, this is right",
  corrected: "Yes, with a correction",
  declined: "I can't speak to this",
} as const;

/** The person's answer through their link. */
export const vouchAnswerSchema = z
  .object({
    answer: z.enum(["confirmed", "corrected", "declined"], { error: "Choose your answer." }),
    correctionPart: optionalText(TEXT_MAX, tooLong),
    correctionOutcome: optionalText(TEXT_MAX, tooLong),
    comment: optionalText(LINE_MAX * 4, `Keep it to ${(LINE_MAX * 4).toLocaleString("en-GB")} characters or fewer.`),
  })
  .refine((v) => v.answer !== "corrected" || Boolean(v.correctionPart || v.correctionOutcome), {
    message: "Write your correction of the candidate's part or of the outcome.",
    path: ["correctionPart"],
  });
