import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { withConfirmation } from "~/domain/confirmations";
import { draftFields, draftHasContent, draftSize } from "~/domain/drafts";
import { DRAFT_MAX_CHARS } from "~/domain/policy";
import { requireCase } from "~/lib/permissions.server";
import { discardDraft, saveDraft } from "~/models/drafts.server";

/** The evidence form's script saves the author's draft here while they type and when they leave;
 *  "Discard" posts here too. A draft is only ever the author's own. */
export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user } = await requireCase(args, "edit");
  const formData = await args.request.formData();
  if (formData.get("intent") === "discard") {
    await discardDraft(db, caseId, user.id);
    return redirect(withConfirmation(`/cases/${caseId}/evidence/new`, "draft", "discarded"));
  }
  const fields = draftFields(formData.entries());
  if (draftSize(fields) > DRAFT_MAX_CHARS) return Response.json({ savedAt: null }, { status: 413 });
  if (!draftHasContent(fields)) {
    await discardDraft(db, caseId, user.id);
    return Response.json({ savedAt: null });
  }
  const savedAt = await saveDraft(db, caseId, user.id, fields);
  return Response.json({ savedAt: savedAt.toISOString() });
}
