import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { withConfirmation } from "~/domain/confirmations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvidenceForm, evidenceDefaults } from "~/components/evidence-form";
import { ErrorSummary, RadioField, SelectField, TextareaField, TextField } from "~/components/forms";
import { StatusTag } from "~/components/status";
import { formatDateRange } from "~/domain/dates";
import { EVIDENCE_KIND_LABELS, SCOPE_LABELS } from "~/domain/types";
import { markSchema } from "~/forms/evidence";
import { attachExistingSchema } from "~/forms/support";
import { findExpectation, ladderOutline } from "~/lib/case-pages.server";
import { parseForm, readForm } from "~/lib/form.server";
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
    expectation: { key, text: place.expectation.text },
    analysis,
    evidence: analysis.evidenceIds.flatMap((id) => {
      const e = byId.get(id);
      if (!e) return [];
      return [
        {
          id,
          ref: e.ref,
          title: e.title,
          when: formatDateRange(e.dateStart, e.dateEnd),
          kind: EVIDENCE_KIND_LABELS[e.kind],
          scope: SCOPE_LABELS[e.scope],
          rationale: e.supports.find((s) => s.expectationKey === key)?.rationale ?? "",
        },
      ];
    }),
    others: loaded.evidence
      .filter((e) => !e.supports.some((s) => s.expectationKey === key))
      .map((e) => ({ value: e.id, label: `${e.ref} ${e.title}` })),
    ladder: ladderOutline(loaded.case.ladder),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user, found } = await requireCase(args, "edit");
  const key = args.params.key ?? "";
  // A write only needs to know the key is one of this case's expectations, not the whole analysis.
  if (!findExpectation(found.ladder, key)) throw notFound();
  const formData = await readForm(args.request);
  const intent = formData.get("intent");
  if (intent === "mark") {
    const submission = parseForm(formData, markSchema);
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const { notApplicable, notApplicableReason, gapNote } = submission.value;
    await setMark(db, user, caseId, key, {
      notApplicableReason: notApplicable === "yes" ? notApplicableReason ?? null : null,
      gapNote: gapNote ?? null,
    });
    return redirect(withConfirmation(`/cases/${caseId}/expectations/${key}`, "saved", "note"));
  }
  if (intent === "attach") {
    const submission = parseForm(formData, attachExistingSchema);
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const { evidenceId, rationale } = submission.value;
    if (!(await attachEvidence(db, user, caseId, evidenceId, { expectationKey: key, rationale }))) {
      return data({ intent, result: submission.reply({ fieldErrors: { evidenceId: ["Choose an item of this case."] } }) }, { status: 400 });
    }
    const item = await getEvidence(db, caseId, evidenceId);
    return redirect(withConfirmation(`/cases/${caseId}/expectations/${key}`, "attached", item?.record.ref ?? ""));
  }
  throw new Response("Bad request", { status: 400 });
}

export default function ExpectationPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/cases/${page.caseId}`;
  const e = page.analysis;
  return (
    <div className="narrow-wide">
      <p className="muted">{page.section}</p>
      <h2 className="expectation-title">
        <StatusTag status={e.status} /> {page.expectation.text}
      </h2>
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
      {e.status === "not-applicable" ? (
        <div className="notice" role="note">
          Marked not applicable: {e.notApplicableReason}
        </div>
      ) : null}
      <section aria-labelledby="evidence-heading">
        <h3 id="evidence-heading">Evidence ({page.evidence.length})</h3>
        {page.evidence.length === 0 ? <p className="muted">No evidence yet.</p> : null}
        <ul className="evidence-list">
          {page.evidence.map((item) => (
            <li key={item.id}>
              <span className="evidence-ref">{item.ref}</span>
              <Link to={`${base}/evidence/${item.id}`}>{item.title}</Link>
              <span className="muted small">
                {" "}
                · {item.when} · {item.kind} · {item.scope}
              </span>
              <p className="rationale">{item.rationale}</p>
            </li>
          ))}
        </ul>
      </section>
      {page.canEdit ? (
        <>
          {page.others.length > 0 ? (
            <AttachExisting options={page.others} result={actionData?.intent === "attach" ? actionData.result : undefined} />
          ) : null}
          <MarkForm analysis={e} result={actionData?.intent === "mark" ? actionData.result : undefined} />
          <section aria-labelledby="add-heading">
            <h3 id="add-heading">Add evidence for this expectation</h3>
            <EvidenceForm
              id="add-evidence"
              action={`${base}/evidence/new?expectation=${encodeURIComponent(page.expectation.key)}`}
              ladder={page.ladder}
              defaultValue={evidenceDefaults(page.ladder, {}, page.expectation.key)}
              lastResult={undefined}
              submitLabel="Save evidence"
              cancel={<Link to={base}>Back to the case</Link>}
            />
          </section>
        </>
      ) : null}
    </div>
  );
}

type Result = NonNullable<ReturnType<typeof useActionData<typeof action>>>["result"];

function AttachExisting({ options, result }: { options: { value: string; label: string }[]; result: Result | undefined }) {
  const [form, fields] = useForm({
    id: "attach-existing",
    lastResult: result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: attachExistingSchema }),
  });
  return (
    <section className="panel" aria-labelledby="attach-heading">
      <h3 id="attach-heading">Use evidence already in the case</h3>
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

function MarkForm({
  analysis,
  result,
}: {
  analysis: ReturnType<typeof useLoaderData<typeof loader>>["analysis"];
  result: Result | undefined;
}) {
  const [form, fields] = useForm({
    id: "mark",
    lastResult: result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: markSchema }),
    defaultValue: {
      notApplicable: analysis.notApplicableReason ? "yes" : "no",
      notApplicableReason: analysis.notApplicableReason ?? "",
      gapNote: analysis.gapNote ?? "",
    },
  });
  return (
    <section className="panel" aria-labelledby="mark-heading">
      <h3 id="mark-heading">Your note on this expectation</h3>
      <ErrorSummary form={form} fields={[fields.notApplicable, fields.notApplicableReason, fields.gapNote]} />
      <Form method="post" {...getFormProps(form)}>
        <TextareaField
          field={fields.gapNote}
          label="Gap note (optional)"
          hint="Your plan to close the gap, or context the committee should know. It goes into the packet."
          rows={3}
        />
        <RadioField
          field={fields.notApplicable}
          legend="Does this expectation apply to this candidate?"
          options={[
            { value: "no", label: "Yes, it applies" },
            { value: "yes", label: "No, mark it not applicable", hint: "The committee sees it as not applicable, with your reason." },
          ]}
        />
        <TextField field={fields.notApplicableReason} label="Why it does not apply (if so)" />
        <button type="submit" name="intent" value="mark" className="button button--secondary">
          Save note
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
