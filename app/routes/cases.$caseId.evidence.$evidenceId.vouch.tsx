import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, RadioField, TextField } from "~/components/forms";
import { withConfirmation } from "~/domain/confirmations";
import { todayIso } from "~/domain/dates";
import { APP_NAME, MAX_OPEN_PER_PERSON, VOUCH_DAYS, personKey, vouchEmail } from "~/domain/vouch";
import { vouchRequestSchema } from "~/forms/vouch";
import { linkUrl } from "~/lib/links.server";
import { mailConfigured, sendMail } from "~/lib/mail.server";
import { notFound, requireCase } from "~/lib/permissions.server";
import { getEvidence } from "~/models/evidence.server";
import {
  acceptCorrection,
  askedCounts,
  createVouchRequest,
  markDeliveredByHand,
  revokeVouchRequest,
} from "~/models/vouches.server";

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId } = await requireCase(args, "edit");
  const item = await getEvidence(db, caseId, args.params.evidenceId ?? "");
  if (!item) throw notFound();
  const counts = await askedCounts(db, caseId);
  return {
    caseId,
    item: { id: item.record.id, ref: item.record.ref, title: item.record.title },
    people: item.record.vouchers.map((v, index) => {
      const asked = counts.get(personKey(v.name));
      return { index, name: v.name, role: v.role, asked: asked?.total ?? 0, open: asked?.open ?? 0, email: asked?.lastEmail ?? null };
    }),
    emailConfigured: mailConfigured(),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user, found } = await requireCase(args, "edit");
  const evidenceId = args.params.evidenceId ?? "";
  const itemPage = `/cases/${caseId}/evidence/${evidenceId}`;
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  if (intent === "revoke" || intent === "accept-correction") {
    const requestId = String(formData.get("request") ?? "");
    if (intent === "revoke") {
      const revoked = await revokeVouchRequest(db, user, caseId, requestId);
      return redirect(revoked ? withConfirmation(itemPage, "vouch", "withdrawn") : itemPage);
    }
    const accepted = await acceptCorrection(db, user, caseId, requestId);
    if (accepted === "gone") throw notFound();
    return redirect(accepted === "ok" ? withConfirmation(itemPage, "vouch", "correction-taken") : itemPage);
  }
  const submission = parseWithZod(formData, { schema: vouchRequestSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), created: null }, { status: 400 });
  const { voucher, email, showTitle, showWhatHappened, showOutcome } = submission.value;
  // With email set up and an address given, the link goes by email; otherwise the manager passes it on.
  const byEmail = Boolean(email) && mailConfigured();
  const created = await createVouchRequest(db, user, caseId, evidenceId, {
    voucherIndex: voucher,
    email,
    show: { title: showTitle, whatHappened: showWhatHappened, outcome: showOutcome },
    delivery: byEmail ? "email" : "link",
  });
  if (!created.ok) {
    if (created.reason === "gone") throw notFound();
    const message =
      created.reason === "too-many"
        ? `This person already has ${MAX_OPEN_PER_PERSON} requests waiting on this case. Wait for an answer, or withdraw one, before asking again.`
        : "Choose one of the people named on this item.";
    return data({ result: submission.reply({ fieldErrors: { voucher: [message] } }), created: null }, { status: 400 });
  }
  const url = linkUrl(`/vouch/${created.token}`, args.request);
  if (byEmail && email) {
    const message = vouchEmail({
      voucherName: created.voucher.name,
      managerName: user.name,
      candidateName: found.candidateName,
      title: created.shown.title ?? null,
      url,
      expiresOn: todayIso(created.expiresAt),
    });
    try {
      await sendMail({ to: { name: created.voucher.name, address: email }, ...message });
      return redirect(withConfirmation(itemPage, "vouch", "sent"));
    } catch (error) {
      console.warn("A vouch request email could not be sent:", error instanceof Error ? error.message : error);
      await markDeliveredByHand(db, caseId, created.id);
      return data({ result: null, created: { name: created.voucher.name, url, emailFailed: true } });
    }
  }
  return data({ result: null, created: { name: created.voucher.name, url, emailFailed: false } });
}

export default function RequestVouch() {
  const { caseId, item, people, emailConfigured } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "vouch-request",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: vouchRequestSchema }),
    defaultValue: { showTitle: "on", showWhatHappened: "on", showOutcome: "on" },
  });
  const itemPage = `/cases/${caseId}/evidence/${item.id}`;
  if (actionData?.created) {
    const { name, url, emailFailed } = actionData.created;
    return (
      <div className="narrow">
        <h2>Send {name} their link</h2>
        {emailFailed ? (
          <div className="notice notice--warning" role="alert">
            The email could not be sent. Pass the link on yourself instead.
          </div>
        ) : null}
        <p>
          Copy this link and send it to {name} yourself. It is shown only this once, works for {VOUCH_DAYS} days and takes
          one answer. Anyone with the link can answer, so send it to them alone.
        </p>
        <div className="field">
          <label htmlFor="vouch-link">Link for {name}</label>
          <input id="vouch-link" type="text" readOnly value={url} />
        </div>
        <p>
          <Link to={itemPage}>Back to {item.ref}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h2>
        Ask someone to confirm <span className="evidence-ref">{item.ref}</span> {item.title}
      </h2>
      <p className="lede">
        They get a link that needs no account. They can confirm it, correct the candidate&apos;s part or the outcome in
        their own words, or say they can&apos;t speak to it. They see only what you tick below.
      </p>
      {people.length === 0 ? (
        <p>
          Nobody is named as able to vouch for this item. <Link to={`${itemPage}/edit`}>Edit the item</Link> to add them.
        </p>
      ) : (
        <>
          <ErrorSummary form={form} fields={[fields.voucher, fields.email, fields.showTitle]} />
          <Form method="post" {...getFormProps(form)} className="panel">
            <RadioField
              field={fields.voucher}
              legend="Who are you asking?"
              options={people.map((p) => ({
                value: String(p.index),
                label: `${p.name} (${p.role})`,
                hint:
                  p.asked === 0
                    ? "Not asked on this case yet."
                    : `Asked ${p.asked === 1 ? "once" : `${p.asked} times`} on this case${p.open > 0 ? `, ${p.open} still waiting` : ""}.`,
              }))}
            />
            <TextField
              field={fields.email}
              label="Their email address (optional)"
              type="email"
              hint={
                emailConfigured
                  ? `${APP_NAME} emails them the link in your name. Leave it empty to copy the link and send it yourself.`
                  : "Email is not set up here: you will copy the link and send it yourself."
              }
            />
            <fieldset className="field" aria-describedby={fields.showTitle.errors ? fields.showTitle.errorId : undefined}>
              <legend>What they will see</legend>
              <span className="hint">Nothing else of the case is shown, apart from the candidate&apos;s name and yours.</span>
              {fields.showTitle.errors ? (
                <span className="field-error" id={fields.showTitle.errorId}>
                  <span className="visually-hidden">Error: </span>
                  {fields.showTitle.errors[0]}
                </span>
              ) : null}
              <div className="choices">
                {(
                  [
                    [fields.showTitle, "The title"],
                    [fields.showWhatHappened, "What happened, and the candidate's part"],
                    [fields.showOutcome, "The outcome"],
                  ] as const
                ).map(([field, label]) => {
                  const props = getInputProps(field, { type: "checkbox" });
                  return (
                    <div className="choice" key={field.name}>
                      <input {...props} key={props.key} />
                      <label htmlFor={field.id}>{label}</label>
                    </div>
                  );
                })}
              </div>
            </fieldset>
            <div className="button-row">
              <button type="submit" className="button">
                Ask for confirmation
              </button>
              <Link to={itemPage}>Cancel</Link>
            </div>
          </Form>
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
