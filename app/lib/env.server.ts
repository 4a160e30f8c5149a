import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PGLITE_DIR: z.string().min(1).default("./data/pglite"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DEMO: z.enum(["0", "1"]).default("1"),
  CONTENT_DIR: z.string().min(1).default("./content"),
  MIGRATIONS_DIR: z.string().min(1).default("./db/migrations"),
  // Comma-separated proxy addresses whose X-Forwarded-For is believed; empty: trust the socket only.
  TRUSTED_PROXIES: z.string().default(""),
  // The public origin, when the app sits behind a proxy that changes Host.
  ORIGIN: z.string().url().optional(),
  // smtp://user:pass@host:587 or smtps://...: where vouch requests are sent; unset, the manager copies the link.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default("Ladderproof <ladderproof@localhost>"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

export const isProduction = () => env().NODE_ENV === "production";
