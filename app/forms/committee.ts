import { z } from "zod";
import { COMMITTEE_DECISIONS, rationaleRequired, VOTE_CHOICES } from "../domain/committee";
import { isoDate, TEXT_MAX, TITLE_MAX } from "./evidence";

const uuidList = (message: string) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().uuid(message)).max(200, message));

const note = z
  .string()
  .trim()
  .max(TEXT_MAX, `Keep it to ${TEXT_MAX.toLocaleString("en-GB")} characters or fewer.`)
  .optional()
  .transform((v) => v ?? "");

const keyList = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string().max(300)).max(500),
);

export const sessionSchema = z.object({
  name: z
    .string({ error: "Enter a name for the session." })
    .trim()
    .min(1, "Enter a name for the session.")
    .max(TITLE_MAX, `Keep it to ${TITLE_MAX} characters or fewer.`),
  levels: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(z.coerce.number({ error: "Choose the levels listed." }).int().min(0).max(99))
      .min(1, "Choose at least one level.")
      .max(100),
  ),
  meetingDate: isoDate("the meeting date"),
  chairId: z.string({ error: "Choose the chair." }).uuid("Choose the chair."),
  memberIds: uuidList("Choose members among the people listed."),
});
export type SessionFormInput = z.output<typeof sessionSchema>;

export const submitSchema = z.object({
  sessionId: z.string({ error: "Choose a session." }).uuid("Choose a session."),
});

export const voteSchema = z
  .object({
    vote: z.enum(VOTE_CHOICES, { error: "Choose Support, Not yet or Needs more evidence." }),
    note,
    expectationKeys: keyList,
  })
  .refine((v) => v.vote !== "more-evidence" || v.expectationKeys.length > 0, {
    message: "Choose the expectations that need more evidence.",
    path: ["expectationKeys"],
  });

export const evidenceRequestSchema = z.object({
  expectationKeys: keyList.refine((v) => v.length > 0, "Choose the expectations that need more evidence."),
  note,
});

export const decisionSchema = z
  .object({
    decision: z.enum(COMMITTEE_DECISIONS, { error: "Choose Promote, Not yet or Defer." }),
    rationale: note,
  })
  .refine((v) => !rationaleRequired(v.decision) || v.rationale.length > 0, {
    message: "Say why: a rationale is required for Not yet and Defer.",
    path: ["rationale"],
  });
