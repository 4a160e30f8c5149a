import type { LoaderFunctionArgs } from "@remix-run/node";
import { serializeCaseFile } from "~/domain/case-file";
import { requireCase } from "~/lib/permissions.server";
import { exportCase } from "~/models/case-transfer.server";
import { recordDownload } from "~/models/case-writes.server";
import { caseFileName, contentDisposition } from "~/packet/filename";

/** The case as a versioned JSON file (docs/case-file-format.md), for moving it to another installation. */
export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, user } = await requireCase(args);
  const file = await exportCase(db, caseId);
  const fileName = caseFileName(file.case.candidateName);
  await recordDownload(db, user, caseId, { entityType: "case", entityId: caseId, fileName });
  return new Response(serializeCaseFile(file), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": contentDisposition(fileName),
    },
  });
}
