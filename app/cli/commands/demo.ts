import { activeAccount, type Account } from "../accounts";
import { CliError, type Command } from "../command";

const seed: Command = {
  name: "demo seed",
  args: [],
  options: {
    owner: {
      type: "string",
      value: "EMAIL",
      description: "Who owns the demo case; by default the first administrator.",
    },
  },
  summary: "Create the demo case (a realistic L5 case) and print its id.",
  description: [
    "Creates the demo case, a fictional support engineer going for L5 with some expectations",
    "well covered, some thin and some missing, owned by --owner or, without it, by the",
    "administrator whose account is oldest. Each run creates another copy.",
  ].join("\n"),
  async run(ctx) {
    const db = await ctx.db();
    let owner: Account;
    if (ctx.options.owner) {
      owner = await activeAccount(db, String(ctx.options.owner));
    } else {
      const { listUsers } = await import("../../models/users.server");
      const admins = (await listUsers(db))
        .filter((u) => u.role === "admin" && !u.disabledAt)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      if (!admins[0]) {
        throw new CliError(
          "There is no administrator to own the demo case: pass --owner EMAIL, or create one with `user create --role admin`.",
        );
      }
      owner = admins[0];
    }
    const { DEMO_LADDER_SLUG, seedDemoCase } = await import("../../models/demo-case.server");
    const caseId = await seedDemoCase(db, owner.id);
    if (!caseId) {
      throw new CliError(
        `The demo case needs the ladder "${DEMO_LADDER_SLUG}", which is not loaded: put its document in the content folder.`,
      );
    }
    ctx.out(caseId);
    ctx.err(`Created the demo case for ${owner.email}.`);
    return 0;
  },
};

export const demoCommands = [seed];
