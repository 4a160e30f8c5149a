import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireCase } from "~/lib/permissions.server";
import { getPacketFile } from "~/models/packets.server";
import { contentDisposition } from "~/packet/filename";

/** The exact stored file, byte for byte, as it was first downloaded. */
export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId } = await requireCase(args);
  const file = await getPacketFile(db, caseId, args.params.packetId ?? "");
  if (!file) throw notFound();
  return new Response(file.content as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": contentDisposition(file.fileName),
      "Content-Length": String(file.content.byteLength),
      "X-Packet-Fingerprint": file.fingerprint,
      "X-Packet-SHA256": file.sha256,
    },
  });
}
