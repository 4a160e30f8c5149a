import { count } from "drizzle-orm";
import { users } from "../../db/schema";
import { createUser } from "../models/users.server";
import { randomToken } from "./auth.server";
import type { Db } from "./db.server";
import { seedDemoCase } from "../models/demo-case.server";

export const DEMO_EMAIL = "demo@ladderproof.example";

/** On a brand-new embedded database: an administrator to sign in with, and one realistic case.
 *  Returns the credentials to print once, or null when the database already had people. */
export async function ensureDemo(db: Db): Promise<{ email: string; password: string } | null> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return null;
  const password = randomToken(12);
  const { id } = await createUser(db, { email: DEMO_EMAIL, name: "Demo Manager", role: "admin", password });
  await seedDemoCase(db, id);
  return { email: DEMO_EMAIL, password };
}
