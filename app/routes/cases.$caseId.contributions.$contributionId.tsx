import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvidenceForm, evidenceDefaults } from "~/components/evidence-form";
import { ErrorSummary, TextareaField } from "~/components/forms";
import { Paragraphs } from "~/components/paragraphs";
import { withConfirmation } from "~/domain/confirmations";
import { formatDateRange } from "~/domain/dates";
import { dismissSchema } from "~/forms/contribution";
import { evidenceFormSchema } from "~/forms/evidence";
import { findExpectation, ladderOutline, unknownKeys } from "~/lib/case-pages.server";
import { notFound, requireCase } from "~/lib/permissions.server";
import {
  acceptContribution,
  contributionAsEvidence,
  dismissContribution,
  getContribution,
} from "~/models/contributions.server";

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, found } = await requireCase(args, "edit");
  const contribution = await getContribution(db, caseId, args.params.contributionId ?? "");
  if (!contribution) throw notFound();
  return {
    caseId,
    candidateName: found.candidateName,
    ladder: ladderOutline(found.ladder),
    // The accept form starts from what the candidate sent.
    initial: contributionAsEvidence(contribution),
    contribution: {
      ...contribution,
      when: formatDateRange(contribution.dateStart, contribution.dateEnd),
      suggestions: contribution.suggestedKeys.flatMap((key) => {
        const text = findExpectation(found.ladder, key)?.expectation.text;
        return text ? [text] : [];
      }),
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user, found } = await requireCase(args, "edit");
  const contributionId = args.params.contributionId ?? "";
  const inbox = `/cases/${caseId}/contributions`;
  const formData = await args.request.formData();
  if (formData.get("intent") === "dismiss") {
    const submission = parseWithZod(formData, { schema: dismissSchema });
    if (submission.status !== "success") return data({ accept: null, dismiss: submission.reply() }, { status: 400 });
    const result = await dismissContribution(db, user, caseId, contributionId, submission.value.reason);
    if (!result.ok && result.reason === "gone") throw notFound();
    return redirect(result.ok ? withConfirmation(inbox, "contribution", "dismissed") : inbox);
  }
  const submission = parseWithZod(formData, { schema: evidenceFormSchema });
  if (submission.status !== "success") return data({ accept: submission.reply(), dismiss: null }, { status: 400 });
  if (unknownKeys(found.ladder, submission.value.supports.map((s) => s.expectationKey)).length > 0) {
    return data({ accept: submission.reply({ formErrors: ["Choose expectations from this case's ladder."] }), dismiss: null }, { status: 400 });
  }
  const result = await acceptContribution(db, user, caseId, contributionId, submission.value);
  if (!result.ok && result.reason === "gone") throw notFound();
  if (!result.ok) {
    return data({ accept: submission.reply({ formErrors: ["This was already accepted or dismissed."] }), dismiss: null }, { status: 409 });
  }
  return redirect(withConfirmation(inbox, "contribution", "accepted"));
}

export default function ReviewContribution() {
  const { caseId, candidateName, ladder, initial, contribution } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [dismissForm, dismissFields] = useForm({
    id: "dismiss",
    lastResult: actionData?.dismiss,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: dismissSchema }),
  });
  const inbox = `/cases/${caseId}/contributions`;
  if (contribution.status !== "pending") {
    return (
      <div className="narrow">
        <h2>{contribution.title}</h2>
        <p>This was already {contribution.status}.</p>
        <Link to={inbox}>Back to the inbox</Link>
      </div>
    );
  }
  return (
    <div className="narrow-wide">
      <h2>From {candidateName}: {contribution.title}</h2>
      <section className="panel prose" aria-labelledby="sent-heading">
        <h3 id="sent-heading">What {candidateName} sent</h3>
        <p className="muted">{contribution.when}</p>
        <h4>What happened</h4>
        <Paragraphs text={contribution.whatHappened} />
        <h4>Their part</h4>
        <Paragraphs text={contribution.part} />
        <h4>Outcome</h4>
        <Paragraphs text={contribution.outcome} />
        {contribution.suggestions.length > 0 ? (
          <>
            <h4>Expectations they think it shows</h4>
            <ul>
              {contribution.suggestions.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <h3>Accept it as evidence</h3>
      <p className="muted">
        Edit anything you need, tick the expectations it shows and say in one line why. It stays marked as self-reported,
        because it is the candidate&apos;s own account.
      </p>
      <EvidenceForm
        id="accept-contribution"
        ladder={ladder}
        defaultValue={evidenceDefaults(ladder, initial)}
        lastResult={actionData?.accept}
        submitLabel="Accept into the case"
        cancel={<Link to={inbox}>Back to the inbox</Link>}
      />
      <section className="panel" aria-labelledby="dismiss-heading">
        <h3 id="dismiss-heading">Or dismiss it</h3>
        <ErrorSummary form={dismissForm} fields={[dismissFields.reason]} />
        <Form method="post" {...getFormProps(dismissForm)}>
          <TextareaField field={dismissFields.reason} label="Why you are not using it" rows={2} />
          <button type="submit" name="intent" value="dismiss" className="button button--secondary">
            Dismiss
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
