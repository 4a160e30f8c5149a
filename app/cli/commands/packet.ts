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

const verify: Command = {
  name: "packet verify",
  args: ["file"],
  options: {
    json: { type: "boolean", description: "Print the result as JSON." },
  },
  summary: "Say whether a .docx is a packet Ladderproof issued, for which case, and whether it was altered.",
  description: [
    "Compares the file with every packet export kept in the database:",
    "  issued    the SHA-256 of its bytes is an export's: exactly the file that was downloaded (exit 0);",
    "  re-saved  the bytes differ, but it carries an export's content fingerprint and exactly that",
    "            export's text: opened and saved again, not edited (exit 1);",
    "  unknown   neither: not a packet from here, or edited since (exit 1).",
    "Prints the case, the export, who made it and when. A file that is not a .docx is refused (exit 1).",
  ].join("\n"),
  async run(ctx) {
    const file = ctx.args[0]!;
    const { MAX_PACKET_FILE_BYTES, readPacketFile } = await import("../../packet/read");
    let size: number;
    try {
      size = (await fs.stat(file)).size;
    } catch (error) {
      throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
    }
    if (size > MAX_PACKET_FILE_BYTES) {
      throw new CliError(
        `${file} is ${(size / 1024 / 1024).toFixed(1)} MB: a packet from Ladderproof is at most ${MAX_PACKET_FILE_BYTES / 1024 / 1024} MB, so this is not one.`,
      );
    }
    const reading = await readPacketFile(new Uint8Array(await fs.readFile(file)));
    if (!reading.ok) throw new CliError(`${file}: ${reading.problem}`);
    const db = await ctx.db();
    const { checkPacketFile } = await import("../../models/packets.server");
    const { formatTimestamp } = await import("../../domain/dates");
    // The command line is the operator's: every case may be read.
    const result = await checkPacketFile(db, reading.facts, async () => true);
    if (ctx.options.json) {
      ctx.out(JSON.stringify({ verdict: result.verdict, file: { sha256: reading.facts.sha256 }, ...("packet" in result ? { packet: result.packet } : {}) }));
      return result.verdict === "issued" ? 0 : 1;
    }
    if (result.verdict === "unknown") {
      ctx.out(
        [
          "Not a packet Ladderproof issued, or changed since: no export has this file's SHA-256, and none has both its content fingerprint and its text.",
          `File SHA-256: ${reading.facts.sha256}`,
        ].join("\n"),
      );
      return 1;
    }
    const p = result.packet;
    const verdict =
      result.verdict === "issued"
        ? "Issued by Ladderproof, unaltered: the file is byte for byte the exported packet."
        : "Re-saved: the bytes differ from the exported packet, but its content fingerprint and its text are the export's, so it was opened and saved again, not edited.";
    ctx.out(
      [
        verdict,
        `Case: ${p.candidateName} (${p.caseId})`,
        `Export: ${p.id}, ${formatTimestamp(p.createdAt.toISOString())}, by ${p.createdByName}`,
        `Readiness then: ${p.readiness}`,
        `File SHA-256: ${reading.facts.sha256}${result.verdict === "issued" ? " (the export's)" : ` (the export's is ${p.sha256})`}`,
        `Content fingerprint: ${p.fingerprint}`,
      ].join("\n"),
    );
    return result.verdict === "issued" ? 0 : 1;
  },
};

export const packetCommands = [packet, verify];
