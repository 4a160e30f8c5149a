import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvidenceForm, evidenceDefaults } from "~/components/evidence-form";
import { evidenceFormSchema } from "~/forms/evidence";
import { findExpectation, ladderOutline, unknownKeys } from "~/lib/case-pages.server";
import { requireCase } from "~/lib/permissions.server";
import { createEvidence } from "~/models/evidence.server";
import { rememberWording } from "~/models/wording.server";

export async function loader(args: LoaderFunctionArgs) {
  const { caseId, found } = await requireCase(args, "edit");
  const requested = new URL(args.request.url).searchParams.get("expectation") ?? "";
  const preselected = findExpectation(found.ladder, requested);
  return {
    caseId,
    ladder: ladderOutline(found.ladder),
    preselect: preselected ? { key: requested, text: preselected.expectation.text } : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user, found } = await requireCase(args, "edit");
  const submission = parseWithZod(await args.request.formData(), { schema: evidenceFormSchema });
  if (submission.status !== "success") {
    return data(submission.reply(), { status: submission.status === "error" ? 400 : 200 });
  }
  if (unknownKeys(found.ladder, submission.value.supports.map((s) => s.expectationKey)).length > 0) {
    return data(submission.reply({ formErrors: ["Choose expectations from this case's ladder."] }), { status: 400 });
  }
  const record = await createEvidence(db, user, caseId, submission.value);
  await rememberWording(db, caseId);
  const from = new URL(args.request.url).searchParams.get("expectation");
  const back = from && findExpectation(found.ladder, from) ? `/cases/${caseId}/expectations/${from}` : `/cases/${caseId}`;
  return redirect(`${back}?added=${encodeURIComponent(record.ref)}`);
}

export default function NewEvidence() {
  const { caseId, ladder, preselect } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const back = preselect ? `/cases/${caseId}/expectations/${preselect.key}` : `/cases/${caseId}`;
  return (
    <div className="narrow-wide">
      <h2>Add evidence</h2>
      {preselect ? (
        <p className="lede">
          For “{preselect.text}”. You can tick other expectations it also shows.
        </p>
      ) : (
        <p className="lede">Record one piece of work, then tie it to the expectations it demonstrates.</p>
      )}
      <EvidenceForm
        id="new-evidence"
        ladder={ladder}
        defaultValue={evidenceDefaults(ladder, {}, preselect?.key)}
        lastResult={lastResult}
        submitLabel="Save evidence"
        cancel={<Link to={back}>Cancel</Link>}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
