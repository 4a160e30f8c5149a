import fs from "node:fs/promises";
import { activeAccount } from "../accounts";
import { CliError, type Command } from "../command";

const packet: Command = {
  name: "packet",
  args: ["case-id"],
  options: {
    out: { type: "string", description: "Where to write the .docx file (required)." },
    by: {
      type: "string",
      description: "Email of the person exporting, recorded in the packet and its history (default: the case's owner).",
    },
  },
  summary: "Write a case's Word promotion packet to a file, as the Download button does.",
  description: [
    "Builds the packet from the case as it is now, writes it to --out, and records the export in the",
    "case's packet history (who, when, ladder version, readiness, fingerprint) with the exact file, so",
    "that it can be downloaded again from the case page. Prints the file name and the fingerprint.",
    "Useful for exporting a whole calibration round from a shell.",
  ].join("\n"),
  async run(ctx) {
    const caseId = ctx.args[0]!;
    const out = ctx.options.out;
    if (typeof out !== "string" || out === "") throw new CliError("--out: say where to write the packet, e.g. --out packet.docx.");
    const db = await ctx.db();
    const { getCase } = await import("../../models/cases.server");
    const found = await getCase(db, caseId);
    if (!found) throw new CliError(`There is no case with id ${caseId}.`);
    const actor =
      typeof ctx.options.by === "string"
        ? await activeAccount(db, ctx.options.by, "--by")
        : { id: found.ownerId, name: found.ownerName };
    const { packetInput, storePacket } = await import("../../models/packets.server");
    const { buildPacket } = await import("../../packet/build");
    const input = await packetInput(db, caseId, actor);
    if (!input) throw new CliError(`There is no case with id ${caseId}.`);
    const built = await buildPacket(input);
    try {
      await fs.writeFile(out, built.buffer, { mode: 0o600 });
    } catch (error) {
      throw new CliError(`Cannot write ${out}: ${(error as Error).message}`);
    }
    await storePacket(db, actor, caseId, input, built);
    ctx.out(`${out}\nSHA-256 fingerprint ${built.fingerprint}\n${input.analysis.summary}`);
    return 0;
  },
};

export const packetCommands = [packet];
