// Piscina task: builds one packet off the main thread. Loaded by pool.server.ts as TypeScript source through tsx,
// so it must only import by relative path (no "~/" alias, no bundler).
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { isMainThread } from "node:worker_threads";
import { move, transferableSymbol, valueSymbol } from "piscina";
import type { PacketInput } from "../domain/types";
import { buildPacket } from "./build";

/** An export is background work: this thread gives way to the one answering requests, so pages stay
 *  fast while packets are built (bench/, issue 7). Linux keeps a nice value per thread, found by its id
 *  in /proc; elsewhere, or if refused, the thread keeps the normal priority. Never the main thread. */
export const EXPORT_THREAD_NICE = 10;
if (!isMainThread) {
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, EXPORT_THREAD_NICE);
  } catch {
    // Not Linux, or not allowed: normal priority.
  }
}

export interface PacketTaskResult {
  bytes: Uint8Array;
  fingerprint: string;
}

export default async function buildPacketTask(input: PacketInput): Promise<PacketTaskResult> {
  const { buffer, fingerprint } = await buildPacket(input);
  // Transfer, not copy, the bytes; only safe when the Buffer owns its whole ArrayBuffer (small Buffers share a pool).
  const owned = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength;
  const bytes = owned ? new Uint8Array(buffer.buffer, 0, buffer.byteLength) : new Uint8Array(buffer);
  const result: PacketTaskResult = { bytes, fingerprint };
  // Piscina hands back [valueSymbol] and moves [transferableSymbol] in the postMessage transfer list.
  return move({ [transferableSymbol]: bytes.buffer, [valueSymbol]: result }) as unknown as PacketTaskResult;
}
