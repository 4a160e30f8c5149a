import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { withConfirmation } from "~/domain/confirmations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, TextField } from "~/components/forms";
import { EvidenceFacts } from "~/components/evidence-facts";
import { Paragraphs } from "~/components/paragraphs";
import { attachSchema } from "~/forms/support";
import { findExpectation } from "~/lib/case-pages.server";
import { parseForm, readForm } from "~/lib/form.server";
import { notFound, requireCase } from "~/lib/permissions.server";
import { attachEvidence, detachEvidence, getEvidence } from "~/models/evidence.server";
import { vouchRequestSummaries } from "~/models/vouches.server";
import { Confirmations, VouchRequests } from "~/components/vouches";
import { WordingFindings } from "~/components/wording";
import { wordingRules } from "~/lib/wording-rules.server";
import { itemWording, rememberWording } from "~/models/wording.server";

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, access, found } = await requireCase(args);
  const item = await getEvidence(db, caseId, args.params.evidenceId ?? "");
  if (!item) throw notFound();
  const supported = new Set(item.record.supports.map((s) => s.expectationKey));
  const rules = wordingRules();
  return {
    vouches: await vouchRequestSummaries(db, caseId, item.record.id),
    caseId,
    wording: rules.ok ? await itemWording(db, caseId, item.record, rules.rules) : [],
    canEdit: access === "edit",
    item: item.record,
    supports: item.record.supports.map((s) => ({
      ...s,
      text: findExpectation(found.ladder, s.expectationKey)?.expectation.text ?? "An expectation no longer in this ladder",
    })),
    others: found.ladder.sections.flatMap((section) =>
      section.expectations
        .filter((e) => !supported.has(e.key))
        .map((e) => ({ value: e.key, label: `${section.title}: ${e.text}` })),
    ),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user, found } = await requireCase(args, "edit");
  const evidenceId = args.params.evidenceId ?? "";
  const formData = await readForm(args.request);
  const item = await getEvidence(db, caseId, evidenceId);
  if (!item) throw notFound();
  const here = `/cases/${caseId}/evidence/${evidenceId}`;
  if (formData.get("intent") === "detach") {
    const key = String(formData.get("expectationKey") ?? "");
    const result = await detachEvidence(db, user, caseId, evidenceId, key);
    if (result === "gone") throw notFound();
    if (result !== "last") await rememberWording(db, caseId);
    if (result === "last") {
      return data(
        { result: null, detachError: "An item must support at least one expectation. Delete the item instead." },
        { status: 400 },
      );
    }
    return redirect(withConfirmation(here, "detached", item.record.ref));
  }
  const submission = parseForm(formData, attachSchema);
  if (submission.status !== "success") return data({ result: submission.reply(), detachError: null }, { status: 400 });
  if (!findExpectation(found.ladder, submission.value.expectationKey)) {
    return data(
      { result: submission.reply({ fieldErrors: { expectationKey: ["Choose an expectation from this case's ladder."] } }), detachError: null },
      { status: 400 },
    );
  }
  if (!(await attachEvidence(db, user, caseId, evidenceId, submission.value))) throw notFound();
  await rememberWording(db, caseId);
  return redirect(withConfirmation(here, "linked", item.record.ref));
}

export default function EvidenceItem() {
  const { caseId, canEdit, item, supports, others, wording, vouches } = useLoaderData<typeof loader>();
  const panel = `/cases/${caseId}/wording`;
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "attach",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: attachSchema }),
  });
  const base = `/cases/${caseId}/evidence/${item.id}`;
  return (
    <article className="narrow-wide">
      <div className="page-header">
        <div>
          <p className="evidence-ref">{item.ref}</p>
          <h2>{item.title}</h2>
          <EvidenceFacts item={item} />
        </div>
        {canEdit ? (
          <div className="page-header__actions">
            <Link to={`${base}/edit`} className="button button--secondary">
              Edit<span className="visually-hidden"> {item.ref}</span>
            </Link>
            <Link to={`${base}/delete`} className="button button--secondary">
              Delete<span className="visually-hidden"> {item.ref}</span>
            </Link>
          </div>
        ) : null}
      </div>
      <div className="panel prose">
        <Confirmations confirmations={item.confirmations ?? []} />
        <WordingFindings findings={wording} text={item.title} field="title" label="the title" panelHref={panel} />
        <h3>What happened</h3>
        <Paragraphs text={item.whatHappened} />
        <WordingFindings findings={wording} text={item.whatHappened} field="whatHappened" label="what happened" panelHref={panel} />
        <h3>Outcome</h3>
        <Paragraphs text={item.outcome} />
        <WordingFindings findings={wording} text={item.outcome} field="outcome" label="the outcome" panelHref={panel} />
        {item.metric ? (
          <p>
            <strong>Metric:</strong> {item.metric}
          </p>
        ) : null}
        <h3>Proof</h3>
        {item.links.length === 0 && item.vouchers.length === 0 ? (
          <p className="muted">No links or people who can vouch yet.</p>
        ) : null}
        {item.links.length > 0 ? (
          <ul>
            {item.links.map((href) => (
              <li key={href}>
                <a href={href} rel="noreferrer noopener" target="_blank">
                  {href}
                  <span className="visually-hidden"> (opens in a new tab)</span>
                </a>
              </li>
            ))}
          </ul>
        ) : null}
        {item.vouchers.length > 0 ? (
          <ul>
            {item.vouchers.map((v) => (
              <li key={`${v.name}-${v.role}`}>
                {v.name} <span className="muted">({v.role})</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <VouchRequests
        requests={vouches}
        requestHref={`${base}/vouch`}
        canEdit={canEdit}
        canAsk={item.vouchers.length > 0}
      />
      <section className="panel" aria-labelledby="supports-heading">
        <h3 id="supports-heading">Expectations it demonstrates</h3>
        {actionData?.detachError ? (
          <div className="notice notice--danger" role="alert">
            {actionData.detachError}
          </div>
        ) : null}
        <ul className="evidence-list">
          {supports.map((s) => (
            <li key={s.expectationKey}>
              <Link to={`/cases/${caseId}/expectations/${s.expectationKey}`}>{s.text}</Link>
              <p className="rationale">{s.rationale}</p>
              <WordingFindings findings={wording} text={s.rationale} field={`rationale:${s.expectationKey}`} label="why it shows this expectation" />
              {canEdit && supports.length > 1 ? (
                <Form method="post">
                  <input type="hidden" name="expectationKey" value={s.expectationKey} />
                  <button type="submit" name="intent" value="detach" className="button button--link small">
                    Remove from this expectation<span className="visually-hidden">: {s.text}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {canEdit && others.length > 0 ? (
          <>
            <h4>Attach to another expectation</h4>
            <ErrorSummary form={form} fields={[fields.expectationKey, fields.rationale]} />
            <Form method="post" {...getFormProps(form)}>
              <SelectField field={fields.expectationKey} label="Expectation" options={others} placeholder="Choose an expectation" />
              <TextField field={fields.rationale} label="Why this item shows it" hint="One line the committee will read." />
              <button type="submit" name="intent" value="attach" className="button button--secondary">
                Attach
              </button>
            </Form>
          </>
        ) : null}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
