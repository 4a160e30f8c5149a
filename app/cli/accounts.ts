import type { Role } from "../forms/auth";
import type { Db } from "../lib/db.server";
import { CliError } from "./command";

export interface Account {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** The active account with this email address, or a CliError naming the option it came from. */
export async function activeAccount(db: Db, email: string, option = "--owner"): Promise<Account> {
  const { getUserByEmail } = await import("../models/users.server");
  const user = await getUserByEmail(db, email);
  if (!user) throw new CliError(`${option}: there is no account with the email address ${email}.`);
  if (user.disabledAt) throw new CliError(`${option}: the account ${user.email} is disabled.`);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
