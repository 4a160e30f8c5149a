import { activeAccount, type Account } from "../accounts";
import { json, table, type Command } from "../command";

const list: Command = {
  name: "cases list",
  args: [],
  options: {
    json: { type: "boolean", description: "Print JSON instead of a table." },
    owner: {
      type: "string",
      value: "EMAIL",
      description: "Only the cases this person sees as theirs (owned or co-owned).",
    },
  },
  summary: "List all cases, or one person's, with their readiness.",
  description: [
    "Lists cases, most recently changed first: id, candidate, level, status, number of evidence",
    "items (not counting the trash) and the readiness summary of the gap analysis, as of each",
    "case's calibration date (or today when it has none).",
    "Without --owner every case of the installation is listed, each under its owner.",
  ].join("\n"),
  async run(ctx) {
    const db = await ctx.db();
    const { listCasesForUser } = await import("../../models/cases.server");
    const { listUsers } = await import("../../models/users.server");
    const everyone = await listUsers(db);
    const emailOf = new Map(everyone.map((p) => [p.id, p.email]));
    const people: Account[] = ctx.options.owner ? [await activeAccount(db, String(ctx.options.owner))] : everyone;
    const rows = [];
    for (const person of people) {
      const visible = await listCasesForUser(db, person);
      // Listing everyone: each case once, under its owner (its co-owners see it too).
      rows.push(...(ctx.options.owner ? visible : visible.filter((c) => c.ownerId === person.id)));
    }
    rows.sort((a, b) => b.lastChange.getTime() - a.lastChange.getTime());
    const output = rows.map((r) => ({
      id: r.id,
      candidateName: r.candidateName,
      currentTitle: r.currentTitle,
      ownerEmail: emailOf.get(r.ownerId) ?? null,
      level: r.ladderLevel,
      levelLabel: r.ladderLevelLabel,
      ladderTitle: r.ladderTitle,
      status: r.status,
      calibrationDate: r.calibrationDate,
      evidenceCount: r.evidenceCount,
      readiness: r.readiness,
      counts: r.counts,
      lastChange: r.lastChange.toISOString(),
    }));
    if (ctx.options.json) {
      ctx.out(json(output));
    } else if (output.length === 0) {
      ctx.out(ctx.options.owner ? `${String(ctx.options.owner)} has no cases.` : "There are no cases yet.");
    } else {
      ctx.out(
        table(
          ["ID", "CANDIDATE", "LEVEL", "STATUS", "EVIDENCE", "OWNER", "READINESS"],
          output.map((c) => [
            c.id,
            c.candidateName,
            c.levelLabel || "-",
            c.status,
            String(c.evidenceCount),
            c.ownerEmail ?? "",
            c.readiness,
          ]),
        ),
      );
    }
    return 0;
  },
};

export const casesCommands = [list];
