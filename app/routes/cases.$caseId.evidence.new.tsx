import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvidenceForm, evidenceDefaults } from "~/components/evidence-form";
import { withConfirmation } from "~/domain/confirmations";
import { dayIn, formatTime, formatTimestamp } from "~/domain/dates";
import { draftFields, draftHasContent, draftInitial } from "~/domain/drafts";
import { DRAFT_DAYS } from "~/domain/policy";
import { evidenceFormSchema } from "~/forms/evidence";
import { findExpectation, ladderOutline, unknownKeys } from "~/lib/case-pages.server";
import { requireCase } from "~/lib/permissions.server";
import { viewerTimeZone } from "~/lib/time-zone.server";
import { discardDraft, getDraft, saveDraft } from "~/models/drafts.server";
import { createEvidence } from "~/models/evidence.server";
import { rememberWording } from "~/models/wording.server";

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, user, found } = await requireCase(args, "edit");
  const url = new URL(args.request.url);
  const requested = url.searchParams.get("expectation") ?? "";
  const preselected = findExpectation(found.ladder, requested);
  const draft = await getDraft(db, caseId, user.id);
  const continuing = draft !== null && url.searchParams.get("resume") === "draft";
  const zone = viewerTimeZone(args.request);
  const ladder = ladderOutline(found.ladder);
  let offer: { from: string } | null = null;
  if (draft && !continuing) {
    const at = draft.updatedAt.toISOString();
    offer = { from: dayIn(at, zone) === dayIn(new Date().toISOString(), zone) ? formatTime(at, zone) : formatTimestamp(at, zone) };
  }
  return {
    caseId,
    ladder,
    preselect: preselected ? { key: requested, text: preselected.expectation.text } : null,
    offer,
    defaultValue: continuing ? evidenceDefaults(ladder, draftInitial(draft.fields)) : evidenceDefaults(ladder, {}, preselected ? requested : undefined),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user, found } = await requireCase(args, "edit");
  const formData = await args.request.formData();
  const from = new URL(args.request.url).searchParams.get("expectation");
  if (formData.get("intent") === "save-draft") {
    // Without the script: the explicit "Save as draft" button.
    const fields = draftFields(formData.entries());
    if (draftHasContent(fields)) await saveDraft(db, caseId, user.id, fields);
    return redirect(withConfirmation(`/cases/${caseId}/evidence/new?resume=draft`, "draft", "saved"));
  }
  const submission = parseWithZod(formData, { schema: evidenceFormSchema });
  if (submission.status !== "success") {
    return data(submission.reply(), { status: submission.status === "error" ? 400 : 200 });
  }
  if (unknownKeys(found.ladder, submission.value.supports.map((s) => s.expectationKey)).length > 0) {
    return data(submission.reply({ formErrors: ["Choose expectations from this case's ladder."] }), { status: 400 });
  }
  const record = await createEvidence(db, user, caseId, submission.value);
  await rememberWording(db, caseId);
  await discardDraft(db, caseId, user.id);
  const back = from && findExpectation(found.ladder, from) ? `/cases/${caseId}/expectations/${from}` : `/cases/${caseId}`;
  return redirect(`${back}?added=${encodeURIComponent(record.ref)}`);
}

export default function NewEvidence() {
  const { caseId, ladder, preselect, offer, defaultValue } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const back = preselect ? `/cases/${caseId}/expectations/${preselect.key}` : `/cases/${caseId}`;
  return (
    <div className="narrow-wide">
      <h2>Add evidence</h2>
      {offer ? (
        <DraftOffer caseId={caseId} from={offer.from} />
      ) : (
        <>
          {preselect ? (
            <p className="lede">For “{preselect.text}”. You can tick other expectations it also shows.</p>
          ) : (
            <p className="lede">Record one piece of work, then tie it to the expectations it demonstrates.</p>
          )}
          <EvidenceForm
            id="new-evidence"
            ladder={ladder}
            defaultValue={defaultValue}
            lastResult={lastResult}
            submitLabel="Save evidence"
            cancel={<Link to={back}>Cancel</Link>}
            draftUrl={`/cases/${caseId}/evidence/draft`}
          />
        </>
      )}
    </div>
  );
}

/** A draft is waiting: go on with it, or throw it away and start again. Nothing is overwritten
 *  until the author chooses. */
function DraftOffer({ caseId, from }: { caseId: string; from: string }) {
  return (
    <section className="panel" aria-labelledby="draft-heading">
      <h3 id="draft-heading">You have an unfinished item</h3>
      <p>What you typed last time was kept as a draft. Only you can see it; it is removed after {DRAFT_DAYS} days.</p>
      <div className="button-row">
        <Link to={`/cases/${caseId}/evidence/new?resume=draft`} className="button">
          Continue your draft from {from}
        </Link>
        <Form method="post" action={`/cases/${caseId}/evidence/draft`}>
          <button type="submit" name="intent" value="discard" className="button button--secondary">
            Discard it and start again
          </button>
        </Form>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
