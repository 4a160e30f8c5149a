import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvidenceFacts } from "~/components/evidence-facts";
import { ErrorSummary, SelectField, TextareaField, TextField } from "~/components/forms";
import { ExpectationExamples, ExpectationText } from "~/components/ladder";
import { StatusTag } from "~/components/status";
import { withConfirmation } from "~/domain/confirmations";
import { markSchema } from "~/forms/evidence";
import { gapNoteSchema, notApplicableSchema } from "~/forms/expectation";
import { attachExistingSchema } from "~/forms/support";
import { examplesFor } from "~/domain/ladder";
import { findExpectation } from "~/lib/case-pages.server";
import { notFound, requireCase } from "~/lib/permissions.server";
import { loadCaseAnalysis, setMark } from "~/models/cases.server";
import { attachEvidence, getEvidence } from "~/models/evidence.server";

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, access, found } = await requireCase(args);
  const key = args.params.key ?? "";
  const loaded = await loadCaseAnalysis(db, caseId, undefined, found);
  const place = loaded ? findExpectation(loaded.case.ladder, key) : null;
  if (!loaded || !place) throw notFound();
  const analysis = loaded.analysis.sections.flatMap((s) => s.expectations).find((e) => e.key === key)!;
  const byId = new Map(loaded.evidence.map((e) => [e.id, e]));
  return {
    caseId,
    canEdit: access === "edit",
    section: place.section.title,
    expectation: {
      key,
      text: place.expectation.text,
      shortName: place.expectation.shortName,
      group: place.expectation.group ?? null,
      examples: examplesFor(place.section, place.expectation),
    },
    analysis,
    evidence: analysis.evidenceIds.flatMap((id) => {
      const e = byId.get(id);
      if (!e) return [];
      return [
        {
          id,
          ref: e.ref,
          title: e.title,
          facts: { dateStart: e.dateStart, dateEnd: e.dateEnd, kind: e.kind, scope: e.scope, source: e.source },
          rationale: e.supports.find((s) => s.expectationKey === key)?.rationale ?? "",
        },
      ];
    }),
    others: loaded.evidence
      .filter((e) => !e.supports.some((s) => s.expectationKey === key))
      .map((e) => ({ value: e.id, label: `${e.ref} ${e.title}` })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user, found } = await requireCase(args, "edit");
  const key = args.params.key ?? "";
  // A write only needs to know the key is one of this case's expectations, not the whole analysis.
  if (!findExpectation(found.ladder, key)) throw notFound();
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  const here = `/cases/${caseId}/expectations/${key}`;
  if (intent === "gap-note") {
    const submission = parseWithZod(formData, { schema: gapNoteSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    await setMark(db, user, caseId, key, { gapNote: submission.value.gapNote ?? null });
    return redirect(withConfirmation(here, "saved", "note"));
  }
  if (intent === "not-applicable") {
    const submission = parseWithZod(formData, { schema: notApplicableSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    await setMark(db, user, caseId, key, { notApplicableReason: submission.value.notApplicableReason });
    return redirect(withConfirmation(here, "marked", "not-applicable"));
  }
  if (intent === "applicable") {
    await setMark(db, user, caseId, key, { notApplicableReason: null });
    return redirect(withConfirmation(here, "marked", "applicable"));
  }
  if (intent === "mark") {
    // Both at once, as scripts and older pages send them.
    const submission = parseWithZod(formData, { schema: markSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const { notApplicable, notApplicableReason, gapNote } = submission.value;
    await setMark(db, user, caseId, key, {
      notApplicableReason: notApplicable === "yes" ? notApplicableReason ?? null : null,
      gapNote: gapNote ?? null,
    });
    return redirect(withConfirmation(here, "saved", "note"));
  }
  if (intent === "attach") {
    const submission = parseWithZod(formData, { schema: attachExistingSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const { evidenceId, rationale } = submission.value;
    if (!(await attachEvidence(db, user, caseId, evidenceId, { expectationKey: key, rationale }))) {
      return data({ intent, result: submission.reply({ fieldErrors: { evidenceId: ["Choose an item of this case."] } }) }, { status: 400 });
    }
    const item = await getEvidence(db, caseId, evidenceId);
    return redirect(withConfirmation(here, "attached", item?.record.ref ?? ""));
  }
  throw new Response("Bad request", { status: 400 });
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;
type Result = NonNullable<ReturnType<typeof useActionData<typeof action>>>["result"];

export default function ExpectationPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  return (
    <div className="narrow-wide">
      <ExpectationSummary page={page} />
      <ExpectationEvidence page={page} />
      {page.canEdit ? (
        <section aria-labelledby="actions-heading" className="expectation-actions">
          <h3 id="actions-heading">What you can do</h3>
          <AddEvidence page={page} />
          {page.others.length > 0 ? <AttachExisting options={page.others} result={resultFor("attach")} /> : null}
          <GapNote note={page.analysis.gapNote} result={resultFor("gap-note")} />
          <NotApplicable reason={page.analysis.notApplicableReason} result={resultFor("not-applicable")} />
        </section>
      ) : null}
    </div>
  );
}

function ExpectationSummary({ page }: { page: Page }) {
  const e = page.analysis;
  return (
    <>
      <p className="muted">
        {page.section}
        {page.expectation.group ? ` › ${page.expectation.group}` : null}
      </p>
      <h2 className="expectation-title">
        <StatusTag status={e.status} /> <ExpectationText expectation={page.expectation} />
      </h2>
      <ExpectationExamples examples={page.expectation.examples} />
      {e.status === "not-applicable" ? (
        <p className="notice" role="note">
          Marked not applicable: {e.notApplicableReason}
        </p>
      ) : null}
      {e.reasons.length > 0 ? (
        <section className="panel" aria-labelledby="why-heading">
          <h3 id="why-heading">{e.status === "missing" ? "Why it is missing" : "Why it is weak"}</h3>
          <ul>
            {e.reasons.map((r) => (
              <li key={r.code}>
                {r.message} <span className="muted">{r.remedy}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {e.gapNote ? (
        <p>
          <span className="label-inline">Your gap note:</span> {e.gapNote}
        </p>
      ) : null}
    </>
  );
}

function ExpectationEvidence({ page }: { page: Page }) {
  const base = `/cases/${page.caseId}`;
  return (
    <section aria-labelledby="evidence-heading">
      <h3 id="evidence-heading">Evidence ({page.evidence.length})</h3>
      {page.evidence.length === 0 ? <p className="muted">No evidence yet.</p> : null}
      <ul className="evidence-list">
        {page.evidence.map((item) => (
          <li key={item.id}>
            <span className="evidence-ref">{item.ref}</span>
            <Link to={`${base}/evidence/${item.id}`}>{item.title}</Link> <EvidenceFacts item={item.facts} compact />
            <p className="rationale">{item.rationale}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AddEvidence({ page }: { page: Page }) {
  return (
    <section className="panel" aria-labelledby="add-heading">
      <h4 id="add-heading">Add new evidence</h4>
      <p className="muted">Record a piece of work that shows this expectation. It is ticked for you on the form.</p>
      <Link to={`/cases/${page.caseId}/evidence/new?expectation=${encodeURIComponent(page.expectation.key)}`} className="button">
        Add evidence for this expectation
      </Link>
    </section>
  );
}

function AttachExisting({ options, result }: { options: { value: string; label: string }[]; result: Result | undefined }) {
  const [form, fields] = useForm({
    id: "attach-existing",
    lastResult: result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: attachExistingSchema }),
  });
  return (
    <section className="panel" aria-labelledby="attach-heading">
      <h4 id="attach-heading">Use evidence already in the case</h4>
      <ErrorSummary form={form} fields={[fields.evidenceId, fields.rationale]} />
      <Form method="post" {...getFormProps(form)}>
        <SelectField field={fields.evidenceId} label="Evidence item" options={options} placeholder="Choose an item" />
        <TextField field={fields.rationale} label="Why it shows this expectation" hint="One line the committee will read." />
        <button type="submit" name="intent" value="attach" className="button button--secondary">
          Attach to this expectation
        </button>
      </Form>
    </section>
  );
}

function GapNote({ note, result }: { note: string | null; result: Result | undefined }) {
  const [form, fields] = useForm({
    id: "gap-note",
    lastResult: result,
    shouldValidate: "onSubmit",
    defaultValue: { gapNote: note ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: gapNoteSchema }),
  });
  return (
    <section className="panel" aria-labelledby="gap-note-heading">
      <h4 id="gap-note-heading">Gap note</h4>
      <ErrorSummary form={form} fields={[fields.gapNote]} />
      <Form method="post" {...getFormProps(form)}>
        <TextareaField
          field={fields.gapNote}
          label="Your plan to close the gap, or context the committee should know"
          hint="Optional. It goes into the packet. Leave it empty to remove the note."
          rows={3}
        />
        <button type="submit" name="intent" value="gap-note" className="button button--secondary">
          Save gap note
        </button>
      </Form>
    </section>
  );
}

function NotApplicable({ reason, result }: { reason: string | null; result: Result | undefined }) {
  const [form, fields] = useForm({
    id: "not-applicable",
    lastResult: result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: notApplicableSchema }),
  });
  return (
    <section className="panel" aria-labelledby="na-heading">
      <h4 id="na-heading">Not applicable</h4>
      {reason ? (
        <Form method="post">
          <p>
            This expectation is marked not applicable: <em>{reason}</em>
          </p>
          <button type="submit" name="intent" value="applicable" className="button button--secondary">
            It applies after all
          </button>
        </Form>
      ) : (
        <>
          <p className="muted">
            If this expectation does not apply to this candidate&apos;s role, mark it so. The committee sees it as not
            applicable, with your reason, and it no longer counts as a gap.
          </p>
          <ErrorSummary form={form} fields={[fields.notApplicableReason]} />
          <Form method="post" {...getFormProps(form)}>
            <TextField field={fields.notApplicableReason} label="Why it does not apply" />
            <button type="submit" name="intent" value="not-applicable" className="button button--secondary">
              Mark not applicable
            </button>
          </Form>
        </>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
