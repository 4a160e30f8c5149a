import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/lib/auth.server";
import { BACKUP_CONTENT_TYPE, BackupError, backupFileName, backupRunningDatabase } from "~/lib/backup.server";
import { getDatabase } from "~/lib/services.server";
import { contentDisposition } from "~/packet/filename";

/** A consistent copy of the embedded database, for administrators only (see app/lib/backup.server.ts). */
export async function action(args: ActionFunctionArgs) {
  const admin = await requireAdmin(args);
  const database = await getDatabase();
  let archive: Uint8Array;
  try {
    archive = await backupRunningDatabase(database);
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    return new Response(error.message, { status: 409, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  // Who took a copy of everything is worth a line in the server log.
  console.log(`Backup (${archive.byteLength} bytes) downloaded by ${admin.email} (${admin.id}).`);
  return new Response(archive as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": BACKUP_CONTENT_TYPE,
      "Content-Disposition": contentDisposition(backupFileName()),
      "Content-Length": String(archive.byteLength),
      "Cache-Control": "no-store",
    },
  });
}

// The backup is made by a POST only; a GET goes to the page that has the button.
export async function loader(args: LoaderFunctionArgs) {
  await requireAdmin(args);
  return redirect("/admin/backup");
}
