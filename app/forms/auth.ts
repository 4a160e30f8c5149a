import { z } from "zod";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

const email = z
  .string({ error: "Enter an email address." })
  .trim()
  .max(254, "Email addresses are at most 254 characters.")
  .pipe(z.email({ error: "Enter an email address in the right format, like name@example.com." }));

// Counted in characters as a person sees them; never trimmed or truncated.
const newPassword = z
  .string({ error: "Enter a password." })
  .refine((p) => [...p].length >= PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .refine((p) => [...p].length <= PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

const name = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(200, "Names are at most 200 characters.");

export const loginSchema = z.object({
  email,
  password: z.string({ error: "Enter your password." }).max(1024, "Enter your password."),
  redirectTo: z.string().optional(),
});

function confirmed<T extends z.ZodType<{ password: string; confirmPassword: string }>>(schema: T) {
  return schema.refine((v) => v.password === v.confirmPassword, {
    message: "The two passwords do not match.",
    path: ["confirmPassword"],
  });
}

export const setupSchema = confirmed(
  z.object({ name, email, password: newPassword, confirmPassword: z.string({ error: "Enter the password again." }) }),
);

export const setPasswordSchema = confirmed(
  z.object({ password: newPassword, confirmPassword: z.string({ error: "Enter the password again." }) }),
);

export const changePasswordSchema = confirmed(
  z.object({
    currentPassword: z.string({ error: "Enter your current password." }),
    password: newPassword,
    confirmPassword: z.string({ error: "Enter the new password again." }),
  }),
);

export const ROLES = ["manager", "reviewer", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = { manager: "Manager", reviewer: "Reviewer", admin: "Administrator" };

export const personSchema = z.object({
  name,
  email,
  role: z.enum(ROLES, { error: "Choose a role." }),
});
