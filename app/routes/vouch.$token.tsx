import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, RadioField, TextareaField } from "~/components/forms";
import { LinkErrorBoundary } from "~/components/link-pages";
import { Paragraphs } from "~/components/paragraphs";
import { formatDate, todayIso } from "~/domain/dates";
import { APP_NAME } from "~/domain/vouch";
import { VOUCH_ANSWER_LABELS, vouchAnswerSchema } from "~/forms/vouch";
import { passRetryAfter } from "~/lib/http.server";
import { closedLink, requireVouchLink } from "~/lib/link-guards.server";
import { throttleLinkSubmission } from "~/lib/links.server";
import { answerVouch, markVouchOpened } from "~/models/vouches.server";

export const meta: MetaFunction = () => [
  { title: `Confirm a piece of work · ${APP_NAME}` },
  { name: "robots", content: "noindex, nofollow" },
];

export const headers = passRetryAfter;

export async function loader(args: LoaderFunctionArgs) {
  const { db, vouch } = await requireVouchLink(args);
  await markVouchOpened(db, vouch.id);
  return {
    voucherName: vouch.voucherName,
    candidateName: vouch.candidateName,
    managerName: vouch.managerName,
    shown: vouch.shown,
    expiresOn: todayIso(vouch.expiresAt),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, vouch } = await requireVouchLink(args);
  const retryAfter = await throttleLinkSubmission(vouch.id, args.context.clientAddress);
  if (retryAfter !== null) {
    const minutes = Math.ceil(retryAfter / 60);
    return data(
      { result: null, throttled: `Too many tries through this link. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` },
      { status: 429, headers: { "Retry-After": String(retryAfter) } },
    );
  }
  const submission = parseWithZod(await args.request.formData(), { schema: vouchAnswerSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), throttled: null }, { status: 400 });
  // Text left as it was shown is not a correction of it.
  const answer = { ...submission.value };
  if (answer.correctionPart === (vouch.shown.whatHappened ?? "").trim()) answer.correctionPart = null;
  if (answer.correctionOutcome === (vouch.shown.outcome ?? "").trim()) answer.correctionOutcome = null;
  if (answer.answer === "corrected" && !answer.correctionPart && !answer.correctionOutcome) {
    const message = "Change the candidate's part or the outcome in your words, or choose another answer.";
    return data({ result: submission.reply({ fieldErrors: { correctionPart: [message] } }), throttled: null }, { status: 400 });
  }
  if (!(await answerVouch(db, vouch.id, answer))) throw closedLink("used");
  // Away from the link, whose page now says it was used: the thanks page knows only the kind of answer.
  return redirect(`/vouch/answered?answer=${answer.answer}`);
}

export default function VouchPage() {
  const { voucherName, candidateName, managerName, shown, expiresOn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "vouch-answer",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: vouchAnswerSchema }),
    defaultValue: { correctionPart: shown.whatHappened ?? "", correctionOutcome: shown.outcome ?? "" },
  });
  return (
    <div className="narrow">
      <h1>Can you confirm this?</h1>
      <p className="lede">
        {managerName} is preparing a promotion case for {candidateName} and named you, {voucherName}, as someone who saw
        this piece of work. Your answer will be shown with your name and the date.
      </p>
      <section className="panel prose" aria-labelledby="shown-heading">
        <h2 id="shown-heading">What {managerName} wrote</h2>
        {shown.title !== undefined ? (
          <>
            <h3>Title</h3>
            <p>{shown.title}</p>
          </>
        ) : null}
        {shown.whatHappened !== undefined ? (
          <>
            <h3>What happened, and {candidateName}&apos;s part</h3>
            <Paragraphs text={shown.whatHappened} />
          </>
        ) : null}
        {shown.outcome !== undefined ? (
          <>
            <h3>Outcome</h3>
            <Paragraphs text={shown.outcome} />
          </>
        ) : null}
      </section>
      {actionData?.throttled ? (
        <div className="notice notice--danger" role="alert">
          {actionData.throttled}
        </div>
      ) : null}
      <ErrorSummary form={form} fields={[fields.answer, fields.correctionPart, fields.correctionOutcome, fields.comment]} />
      <Form method="post" {...getFormProps(form)} className="panel">
        <RadioField
          field={fields.answer}
          legend="Your answer"
          options={[
            { value: "confirmed", label: VOUCH_ANSWER_LABELS.confirmed },
            {
              value: "corrected",
              label: VOUCH_ANSWER_LABELS.corrected,
              hint: "Put it in your own words below. What was written stays as it is; your words are shown beside it.",
            },
            { value: "declined", label: VOUCH_ANSWER_LABELS.declined },
          ]}
        />
        <TextareaField
          field={fields.correctionPart}
          label={`${candidateName}'s part, in your words (for a correction)`}
          hint="Leave it as it is if it is right."
          rows={5}
        />
        <TextareaField
          field={fields.correctionOutcome}
          label="The outcome, in your words (for a correction)"
          hint="Leave it as it is if it is right."
          rows={4}
        />
        <TextareaField field={fields.comment} label="Comment (optional)" rows={3} />
        <p className="hint">
          One answer only, and it cannot be changed afterwards. This link works until {formatDate(expiresOn)}.
        </p>
        <button type="submit" className="button">
          Send my answer
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <LinkErrorBoundary />;
}
