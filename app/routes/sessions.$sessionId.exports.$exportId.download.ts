import type { LoaderFunctionArgs } from "@remix-run/node";
import { isUuid, notFound, requireSession } from "~/lib/permissions.server";
import { getSessionExportFile } from "~/models/session-exports.server";
import { contentDisposition } from "~/packet/filename";

export async function loader(args: LoaderFunctionArgs) {
  const { db, sessionId } = await requireSession(args);
  const exportId = args.params.exportId ?? "";
  const file = isUuid(exportId) ? await getSessionExportFile(db, sessionId, exportId) : null;
  if (!file) throw notFound();
  return new Response(file.content as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(file.fileName),
      "Content-Length": String(file.content.byteLength),
    },
  });
}
