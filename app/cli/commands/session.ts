import fs from "node:fs/promises";
import { CliError, json, table, type Command } from "../command";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sessionId(raw: string): string {
  if (!UUID.test(raw)) throw new CliError(`There is no calibration session with id ${raw}.`);
  return raw;
}

const list: Command = {
  name: "session list",
  args: [],
  options: { json: { type: "boolean", description: "Print JSON instead of a table." } },
  summary: "List the calibration sessions with their chair and how many cases are decided.",
  description: "Lists every calibration session, latest meeting first: id, name, levels, meeting date, chair, cases decided of those submitted, and whether it is locked.",
  async run(ctx) {
    const db = await ctx.db();
    const { listSessionsFor } = await import("../../models/committee.server");
    // The operator sees every session, as an administrator does.
    const rows = await listSessionsFor(db, { id: "", name: "", role: "admin" });
    const output = rows.map((s) => ({
      id: s.id,
      name: s.name,
      levels: s.levels,
      meetingDate: s.meetingDate,
      chair: s.chairName,
      submitted: s.submitted,
      decided: s.decided,
      locked: s.lockedAt !== null,
    }));
    if (ctx.options.json) ctx.out(json(output));
    else if (output.length === 0) ctx.out("There are no calibration sessions yet.");
    else
      ctx.out(
        table(
          ["ID", "NAME", "LEVELS", "MEETING", "CHAIR", "DECIDED", "STATUS"],
          output.map((s) => [s.id, s.name, s.levels.map((l) => `L${l}`).join(","), s.meetingDate, s.chair, `${s.decided}/${s.submitted}`, s.locked ? "locked" : "open"]),
        ),
      );
    return 0;
  },
};

const show: Command = {
  name: "session show",
  args: ["session-id"],
  options: {
    json: { type: "boolean", description: "Print JSON instead of text." },
    votes: { type: "boolean", description: "Include each member's vote and note (otherwise only the tallies)." },
  },
  summary: "Show a session's cases, decisions, rationale, vote tallies and packet fingerprints.",
  description: [
    "Shows one calibration session: its members, and for each case submitted the candidate, manager,",
    "level, readiness when submitted, the fingerprint of the packet the committee read, the status,",
    "the decision with its rationale, and the vote tally. --votes adds each member's vote.",
  ].join("\n"),
  async run(ctx) {
    const id = sessionId(ctx.args[0]!);
    const db = await ctx.db();
    const { sessionOutcome } = await import("../../models/committee.server");
    const outcome = await sessionOutcome(db, id, { includeVotes: Boolean(ctx.options.votes) });
    if (!outcome) throw new CliError(`There is no calibration session with id ${id}.`);
    if (ctx.options.json) {
      ctx.out(json(outcome));
      return 0;
    }
    ctx.out(
      [
        `${outcome.sessionName} (${outcome.levels.map((l) => `L${l}`).join(", ")}), meeting ${outcome.meetingDate}, ${outcome.lockedAt ? `locked ${outcome.lockedAt}` : "open"}`,
        `Chair ${outcome.chairName}; members ${outcome.members.join(", ")}`,
        "",
        table(
          ["CASE", "CANDIDATE", "MANAGER", "LEVEL", "STATUS", "DECISION", "SUPPORT/NOT YET/MORE", "FINGERPRINT"],
          outcome.cases.map((c) => [
            c.caseId,
            c.candidateName,
            c.managerName,
            `L${c.level}`,
            c.status,
            c.decision ?? "-",
            c.tally ? `${c.tally.support}/${c.tally.notYet}/${c.tally.moreEvidence}` : "-",
            c.fingerprint.slice(0, 16),
          ]),
        ),
      ].join("\n"),
    );
    return 0;
  },
};

const exportZip: Command = {
  name: "session export",
  args: ["session-id"],
  options: { out: { type: "string", description: "Where to write the .zip file (required)." } },
  summary: "Write all of a session's submitted packets, with their fingerprints, to one zip file.",
  description: [
    "Collects every packet exactly as it was submitted to the session (byte for byte) and a list of",
    "their SHA-256 fingerprints and decisions into one zip, as the session's export page does.",
  ].join("\n"),
  async run(ctx) {
    const id = sessionId(ctx.args[0]!);
    const out = ctx.options.out;
    if (typeof out !== "string" || out === "") throw new CliError("--out: say where to write the zip, e.g. --out packets.zip.");
    const db = await ctx.db();
    const { buildSessionZip } = await import("../../models/session-exports.server");
    const { getSessionForViewer } = await import("../../models/committee.server");
    if (!(await getSessionForViewer(db, id, { id: "", name: "", role: "admin" }))) throw new CliError(`There is no calibration session with id ${id}.`);
    const built = await buildSessionZip(db, id, async (done, total) => ctx.err(`${done} of ${total} packets`));
    try {
      await fs.writeFile(out, built.content, { mode: 0o600 });
    } catch (error) {
      throw new CliError(`Cannot write ${out}: ${(error as Error).message}`);
    }
    ctx.out(`${out} (${built.content.byteLength} bytes)`);
    return 0;
  },
};

export const sessionCommands = [list, show, exportZip];
