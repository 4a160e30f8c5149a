import { z } from "zod";

export const REASON_MAX = 500;

const findingKey = z.string().regex(/^[0-9a-f]{32}$/, "This finding is no longer there. Reload the page.");

export const dismissSchema = z.object({
  key: findingKey,
  reason: z
    .string({ error: "Say why this finding does not apply: the committee will read it." })
    .trim()
    .min(1, "Say why this finding does not apply: the committee will read it.")
    .max(REASON_MAX, `Keep it to ${REASON_MAX} characters or fewer.`),
});

export const reopenSchema = z.object({ key: findingKey });
