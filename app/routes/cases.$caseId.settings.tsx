import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { withConfirmation } from "~/domain/confirmations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, RadioField, TextareaField, TextField } from "~/components/forms";
import { CASE_STATUS_LABELS, CASE_STATUSES } from "~/domain/types";
import { caseSchema, coOwnerSchema } from "~/forms/evidence";
import { requireCase } from "~/lib/permissions.server";
import {
  addCoOwner,
  CoOwnerError,
  deleteCase,
  listCoOwners,
  removeCoOwner,
  updateCase,
} from "~/models/cases.server";
import { WordingFindings } from "~/components/wording";
import { wordingRules } from "~/lib/wording-rules.server";
import { caseFieldsWording, rememberWording } from "~/models/wording.server";
import { ladderLevelLabel } from "~/domain/ladder";

const detailsSchema = caseSchema.omit({ ladderSlug: true });

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, user, found } = await requireCase(args, "edit");
  const coOwners = await listCoOwners(db, caseId);
  const rules = wordingRules();
  const wording = rules.ok ? await caseFieldsWording(db, caseId, found, rules.rules) : [];
  return {
    wording,
    saved: { summary: found.summary, recommendation: found.recommendation },
    caseId,
    isOwner: found.ownerId === user.id,
    ownerName: found.ownerName,
    target: `${ladderLevelLabel(found.ladder)} ${found.ladder.title}`.trim(),
    details: {
      candidateName: found.candidateName,
      currentTitle: found.currentTitle,
      calibrationDate: found.calibrationDate ?? "",
      summary: found.summary,
      recommendation: found.recommendation,
      status: found.status,
    },
    version: found.version,
    coOwners,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user, found } = await requireCase(args, "edit");
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  if (intent === "details") {
    const submission = parseWithZod(formData, { schema: detailsSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const saved = await updateCase(db, user, caseId, submission.value, submission.value.version ?? 0);
    if (saved.ok) await rememberWording(db, caseId);
    if (!saved.ok) {
      return data(
        {
          intent,
          result: submission.reply({
            formErrors: [
              "Someone else changed these details while you were editing. Your text is still below; reload the page to see theirs, and copy what you need before saving again.",
            ],
          }),
        },
        { status: 409 },
      );
    }
    const status = submission.value.status;
    const base = `/cases/${caseId}`;
    if (status !== found.status && status === "archived") return redirect(withConfirmation(base, "archived", "case"));
    if (status !== found.status && found.status === "archived") return redirect(withConfirmation(base, "restored", "case"));
    return redirect(withConfirmation(base, "saved", "details"));
  }
  if (intent === "add-co-owner") {
    const submission = parseWithZod(formData, { schema: coOwnerSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    try {
      await addCoOwner(db, user, caseId, submission.value.email);
    } catch (error) {
      if (!(error instanceof CoOwnerError)) throw error;
      return data({ intent, result: submission.reply({ fieldErrors: { email: [error.message] } }) }, { status: 400 });
    }
    return redirect(withConfirmation(`/cases/${caseId}/settings`, "co-owner", "added"));
  }
  if (intent === "remove-co-owner") {
    await removeCoOwner(db, user, caseId, String(formData.get("userId") ?? ""));
    return redirect(withConfirmation(`/cases/${caseId}/settings`, "co-owner", "removed"));
  }
  if (intent === "delete-case") {
    // Only the owner can delete, and only by typing the candidate's name.
    if (found.ownerId !== user.id) throw new Response("Only the case's owner can delete it.", { status: 403 });
    if (String(formData.get("confirmName") ?? "").trim() !== found.candidateName) {
      return data({ intent, result: null, deleteError: "Type the candidate's name exactly to delete the case." }, { status: 400 });
    }
    await deleteCase(db, user, caseId);
    return redirect(withConfirmation("/cases", "case-deleted", "yes"));
  }
  throw new Response("Bad request", { status: 400 });
}

export default function CaseSettings() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "case-details",
    lastResult: actionData?.intent === "details" ? actionData.result : undefined,
    defaultValue: page.details,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: detailsSchema }),
  });
  const [ownerForm, ownerFields] = useForm({
    id: "co-owner",
    lastResult: actionData?.intent === "add-co-owner" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: coOwnerSchema }),
  });
  return (
    <div className="narrow-wide">
      <h2>Case details</h2>
      <ErrorSummary
        form={form}
        fields={[fields.candidateName, fields.currentTitle, fields.calibrationDate, fields.recommendation, fields.summary, fields.status]}
      />
      <Form method="post" {...getFormProps(form)} className="panel">
        <input type="hidden" name="version" value={page.version} />
        <TextField field={fields.candidateName} label="Candidate's name" autoComplete="off" />
        <TextField field={fields.currentTitle} label="Current title" autoComplete="off" />
        <p>
          <span className="label">Target level</span>
          {page.target} <span className="muted small">(fixed when the case was opened)</span>
        </p>
        <TextField
          field={fields.calibrationDate}
          label="Calibration date (optional)"
          hint="Evidence is judged as recent or stale against this date."
          type="date"
          inputClassName="input--short"
        />
        <TextareaField field={fields.recommendation} label="Your recommendation" rows={6} />
        <WordingFindings
          findings={page.wording}
          text={page.saved.recommendation}
          field="recommendation"
          label="your recommendation"
          panelHref={`/cases/${page.caseId}/wording`}
        />
        <TextareaField field={fields.summary} label="Summary of the case" rows={6} />
        <WordingFindings
          findings={page.wording}
          text={page.saved.summary}
          field="summary"
          label="the summary"
          panelHref={`/cases/${page.caseId}/wording`}
        />
        <RadioField
          field={fields.status}
          legend="Status"
          options={CASE_STATUSES.map((s) => ({
            value: s,
            label: CASE_STATUS_LABELS[s],
            hint: s === "archived" ? "Moves the case out of your list; you can still find it under Archived." : undefined,
          }))}
        />
        <div className="button-row">
          <button type="submit" name="intent" value="details" className="button">
            Save details
          </button>
          <Link to={`/cases/${page.caseId}`}>Cancel</Link>
        </div>
      </Form>

      <h2>Export</h2>
      <p>
        <a href={`/cases/${page.caseId}/export`} download>
          Download a copy of this case (JSON)
        </a>{" "}
        <span className="muted">
          The case, its evidence, links and notes in one file. Keep it as a copy, or import it into another Ladderproof
          (My cases, Import a case).
        </span>
      </p>

      <h2>Co-owners</h2>
      <p className="muted">
        {page.ownerName} owns this case. Co-owners are other managers who can edit it with you.
      </p>
      {page.coOwners.length > 0 ? (
        <ul className="plain-list panel">
          {page.coOwners.map((c) => (
            <li key={c.id} className="co-owner">
              {c.name} <span className="muted">{c.email}</span>
              <Form method="post">
                <input type="hidden" name="userId" value={c.id} />
                <button type="submit" name="intent" value="remove-co-owner" className="button button--link small">
                  Remove<span className="visually-hidden"> {c.name}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorSummary form={ownerForm} fields={[ownerFields.email]} />
      <Form method="post" {...getFormProps(ownerForm)} className="panel">
        <TextField field={ownerFields.email} label="Add a co-owner by email" type="email" autoComplete="off" />
        <button type="submit" name="intent" value="add-co-owner" className="button button--secondary">
          Add co-owner
        </button>
      </Form>

      {page.isOwner ? (
        <>
          <h2>Delete this case</h2>
          <Form method="post" className="panel danger-zone">
            <p>
              Deleting removes the case, all its evidence and every stored packet for good. The history keeps only that the case
              existed and who deleted it.
            </p>
            {actionData && "deleteError" in actionData && actionData.deleteError ? (
              <p className="field-error" id="confirm-name-error">
                {actionData.deleteError}
              </p>
            ) : null}
            <div className="field">
              <label htmlFor="confirm-name">Type the candidate&apos;s name to confirm</label>
              <input id="confirm-name" name="confirmName" type="text" autoComplete="off" />
            </div>
            <button type="submit" name="intent" value="delete-case" className="button button--danger">
              Delete case for good
            </button>
          </Form>
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
