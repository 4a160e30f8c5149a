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

export const userCommands = [create];
