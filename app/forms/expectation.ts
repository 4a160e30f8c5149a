import { z } from "zod";
import { LINE_MAX, TEXT_MAX } from "./evidence";

/** The gap note on an expectation: the manager's plan or context, for the packet. */
export const gapNoteSchema = z.object({
  gapNote: z.string().trim().max(TEXT_MAX, `Keep it to ${TEXT_MAX.toLocaleString("en-GB")} characters or fewer.`).optional(),
});

/** Marking an expectation not applicable always says why. */
export const notApplicableSchema = z.object({
  notApplicableReason: z
    .string({ error: "Say why this expectation does not apply." })
    .trim()
    .min(1, "Say why this expectation does not apply.")
    .max(LINE_MAX * 2, `Keep it to ${LINE_MAX * 2} characters or fewer.`),
});
