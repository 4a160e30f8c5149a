import { z } from "zod";
import { LINE_MAX } from "./evidence";

export const attachSchema = z.object({
  expectationKey: z.string({ error: "Choose an expectation." }).min(1, "Choose an expectation."),
  rationale: z
    .string({ error: "Say in one line why this shows the expectation." })
    .trim()
    .min(1, "Say in one line why this shows the expectation.")
    .max(LINE_MAX * 2, `Keep it to ${LINE_MAX * 2} characters or fewer.`),
});

export const attachExistingSchema = z.object({
  evidenceId: z.string({ error: "Choose an evidence item." }).min(1, "Choose an evidence item."),
  rationale: attachSchema.shape.rationale,
});
