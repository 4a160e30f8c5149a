import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, TextareaField, TextField } from "~/components/forms";
import { caseSchema } from "~/forms/evidence";
import { requireCaseBuilder } from "~/lib/auth.server";
import { getDb } from "~/lib/services.server";
import { createCase, listOpenCandidates, UnknownLadderError } from "~/models/cases.server";
import { sameCandidate } from "~/domain/candidates";
import { listLadders } from "~/models/ladders.server";
import { ladderLabel } from "~/domain/ladder";

export const meta: MetaFunction = () => [{ title: "Open a new case · Ladderproof" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireCaseBuilder(args);
  const db = await getDb();
  const [ladders, openCases] = await Promise.all([listLadders(db), listOpenCandidates(db, user)]);
  return { ladders: ladders.map((l) => ({ value: l.slug, label: ladderLabel(l.document) })), openCases };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireCaseBuilder(args);
  const submission = parseWithZod(await args.request.formData(), { schema: caseSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const id = await createCase(await getDb(), user, { ...submission.value, status: "draft" });
    return redirect(`/cases/${id}`);
  } catch (error) {
    if (!(error instanceof UnknownLadderError)) throw error;
    return data(submission.reply({ fieldErrors: { ladderSlug: [error.message] } }), { status: 400 });
  }
}

export default function NewCase() {
  const { ladders, openCases } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-case",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: caseSchema }),
    defaultValue: { ladderSlug: ladders.length === 1 ? ladders[0]!.value : "" },
  });
  return (
    <div className="narrow-wide">
      <Breadcrumbs parents={[{ to: "/cases", label: "My cases" }]} current={"New case"} />
      <h1>Open a new case</h1>
      <p className="lede">Who are you putting forward, and for which level? You can change everything but the level later.</p>
      <ErrorSummary
        form={form}
        fields={[fields.candidateName, fields.currentTitle, fields.ladderSlug, fields.calibrationDate, fields.recommendation, fields.summary]}
      />
      <Form method="post" {...getFormProps(form)} className="panel">
        <TextField field={fields.candidateName} label="Candidate's name" autoComplete="off" />
        <DuplicateWarning matches={sameCandidate(String(fields.candidateName.value ?? ""), openCases)} />
        <TextField field={fields.currentTitle} label="Current title" hint="For example, Senior DevOps Support Engineer (L4)." autoComplete="off" />
        <SelectField
          field={fields.ladderSlug}
          label="Target level"
          hint="The ladder the case is judged against. The case keeps this version of the ladder even if the document changes later."
          options={ladders}
          placeholder="Choose a level"
        />
        <TextField
          field={fields.calibrationDate}
          label="Calibration date (optional)"
          hint="When the committee meets. Evidence is judged as recent or stale against this date."
          type="date"
          inputClassName="input--short"
        />
        <TextareaField
          field={fields.recommendation}
          label="Your recommendation (optional)"
          hint="What you recommend and why, in your own words. You can write this later."
          rows={6}
        />
        <TextareaField
          field={fields.summary}
          label="Summary of the case (optional)"
          hint="Where the case is strongest and where it is still thin."
          rows={6}
        />
        <div className="button-row">
          <button type="submit" className="button">
            Open case
          </button>
          <Link to="/cases">Cancel</Link>
        </div>
      </Form>
    </div>
  );
}

/** Not a block: a second case for the same person may be meant (another level, a new cycle). */
function DuplicateWarning({ matches }: { matches: { id: string; candidateName: string }[] }) {
  return (
    <div role="status">
      {matches.length > 0 ? (
        <p className="notice notice--warning">
          You already have an open case for {matches[0]!.candidateName}:{" "}
          <Link to={`/cases/${matches[0]!.id}`}>open that case</Link>. You can still open another one.
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
