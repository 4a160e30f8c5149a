import { createHash } from "node:crypto";
import { canonicalJson } from "../domain/canonical-json";
import type { PacketInput } from "../domain/types";

export { canonicalJson };

/** SHA-256 of the whole input, as the packet's identity: same input, same fingerprint; any change, a new one. */
export function packetFingerprint(input: PacketInput): string {
  return createHash("sha256").update(canonicalJson(input), "utf8").digest("hex");
}
