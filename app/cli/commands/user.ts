import { personSchema, ROLES, setPasswordSchema } from "../../forms/auth";
import { CliError, UsageError, readStdin, type Command } from "../command";

const create: Command = {
  name: "user create",
  args: [],
  options: {
    email: {
      type: "string",
      value: "EMAIL",
      description: "The person's email address, used to sign in.",
      required: true,
    },
    name: { type: "string", value: "NAME", description: "Their name as the app shows it.", required: true },
    role: { type: "string", value: "ROLE", description: "What they may do.", required: true, choices: ROLES },
    "password-stdin": {
      type: "boolean",
      description: "Read the password from standard input (one trailing newline is dropped).",
    },
  },
  summary: "Create an account (for example the first administrator) and print its id.",
  description: [
    "Creates an account with the same rules as the web: a valid email address not yet used,",
    "a name, and with --password-stdin a password of 10 to 256 characters, read from standard",
    "input so that it never appears in the process list or the shell history:",
    "",
    `  printf '%s' "$PASSWORD" | npm run -s cli -- user create --email ada@example.com \\`,
    "      --name 'Ada Lovelace' --role admin --password-stdin",
    "",
    "Without --password-stdin the account has no password yet: an administrator sends an invite",
    "link from the People page. Prints the new account's id.",
  ].join("\n"),
  async run(ctx) {
    const person = personSchema.safeParse({ email: ctx.options.email, name: ctx.options.name, role: ctx.options.role });
    if (!person.success) {
      throw new CliError(
        "The account was not created:",
        person.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`),
      );
    }
    let password: string | undefined;
    if (ctx.options["password-stdin"]) {
      if (ctx.stdin.isTTY) {
        throw new UsageError("--password-stdin reads the password from a pipe, not from the terminal.", "user create");
      }
      // Passwords are never trimmed; only the newline that echo or a here-string adds is dropped.
      password = (await readStdin(ctx.stdin, 4096)).replace(/\r?\n$/, "");
      const checked = setPasswordSchema.safeParse({ password, confirmPassword: password });
      if (!checked.success) {
        throw new CliError(
          "The account was not created:",
          checked.error.issues.map((i) => `password: ${i.message}`),
        );
      }
    }
    const { createUser, EmailTakenError } = await import("../../models/users.server");
    try {
      const { id } = await createUser(await ctx.db(), { ...person.data, password });
      ctx.out(id);
      if (!password) ctx.err("The account has no password yet: send an invite link from the People page.");
      return 0;
    } catch (error) {
      if (error instanceof EmailTakenError) throw new CliError(error.message);
      throw error;
    }
  },
};

const resetPassword: Command = {
  name: "user reset-password",
  args: ["EMAIL"],
  options: {},
  summary: "Print a one-time password reset link for an account (24 hours; every session ends when it is used).",
  description: [
    "For a person who forgot their password, or an operator who missed the demo password: prints a",
    "link that sets a new password once, within 24 hours, and ends every session of the account when",
    "it is used. The person's account page shows that a reset link was issued from the command line.",
    "The link starts with ORIGIN when it is set (as it should be in production), otherwise with",
    "http://localhost:PORT. For an account that has never set a password, send an invitation from",
    "the People page instead.",
  ].join("\n"),
  async run(ctx) {
    const email = ctx.args[0]!;
    const db = await ctx.db();
    const { AccountLinkError, createAccountLink, getUserByEmail } = await import("../../models/users.server");
    const person = await getUserByEmail(db, email);
    if (!person) throw new CliError(`There is no account with the email address ${email}.`);
    try {
      const token = await createAccountLink(db, person.id, { id: null, name: "The operator (command line)" }, "reset");
      const base = process.env.ORIGIN || `http://localhost:${process.env.PORT || "3000"}`;
      ctx.out(new URL(`/reset/${token}`, base).toString());
      ctx.err(`Send this link to ${person.name} yourself. It works once, for 24 hours.`);
      return 0;
    } catch (error) {
      if (error instanceof AccountLinkError) throw new CliError(error.message);
      throw error;
    }
  },
};

export const userCommands = [create, resetPassword];
