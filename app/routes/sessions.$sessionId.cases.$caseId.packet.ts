import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireSubmittedCase } from "~/lib/permissions.server";
import { getPacketFile } from "~/models/packets.server";
import { contentDisposition } from "~/packet/filename";

/** The packet exactly as submitted to the committee, byte for byte. */
export async function loader(args: LoaderFunctionArgs) {
  const { db, submission } = await requireSubmittedCase(args);
  const file = await getPacketFile(db, submission.caseId, submission.packetId);
  if (!file) throw notFound();
  return new Response(file.content as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": contentDisposition(file.fileName),
      "Content-Length": String(file.content.byteLength),
      "X-Packet-Fingerprint": file.fingerprint,
    },
  });
}
