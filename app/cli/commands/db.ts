import type { Command } from "../command";

const migrate: Command = {
  name: "db migrate",
  args: [],
  options: {},
  summary: "Apply pending database migrations (and load the ladders from content/).",
  description: [
    "Opens the database named by the environment, exactly as the server does at start-up:",
    "applies any pending migrations and loads the ladder documents from content/.",
    "The server does the same when it starts, so this is only needed to prepare a database ahead of time.",
  ].join("\n"),
  async run(ctx) {
    const database = await ctx.database();
    ctx.out(`Database is up to date (${database.kind}: ${database.location}).`);
    return 0;
  },
};

export const dbCommands = [migrate];
