import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { DraftStatus, useEvidenceDraft } from "./evidence-draft";
import {
  EVIDENCE_KIND_LABELS,
  EVIDENCE_KINDS,
  EVIDENCE_SOURCE_LABELS,
  EVIDENCE_SOURCES,
  SCOPE_LABELS,
  SCOPES,
  type EvidenceRecord,
} from "~/domain/types";
import { evidenceFormSchema } from "~/forms/evidence";
import { ErrorSummary, RadioField, SelectField, TextareaField, TextField } from "./forms";
import { ExpectationExamples, ExpectationText } from "./ladder";

export interface LadderOutline {
  sections: {
    key: string;
    title: string;
    expectations: { key: string; text: string; shortName?: string; group?: string; examples?: string[] }[];
  }[];
}

type Initial = Partial<Omit<EvidenceRecord, "id" | "ref">>;

/** Default form values: the ladder's expectations become one support slot each, in ladder order. */
export function evidenceDefaults(ladder: LadderOutline, initial: Initial, preselect?: string) {
  const byKey = new Map((initial.supports ?? []).map((s) => [s.expectationKey, s.rationale]));
  if (preselect && !byKey.has(preselect)) byKey.set(preselect, "");
  const supports = ladder.sections.flatMap((s) =>
    s.expectations.map((e) => (byKey.has(e.key) ? { expectationKey: e.key, rationale: byKey.get(e.key) ?? "" } : {})),
  );
  return {
    title: initial.title ?? "",
    whatHappened: initial.whatHappened ?? "",
    outcome: initial.outcome ?? "",
    metric: initial.metric ?? "",
    dateStart: initial.dateStart ?? "",
    dateEnd: initial.dateEnd ?? "",
    kind: initial.kind ?? "",
    scope: initial.scope ?? "",
    source: initial.source ?? "",
    links: initial.links && initial.links.length > 0 ? initial.links : [""],
    vouchers: initial.vouchers && initial.vouchers.length > 0 ? initial.vouchers : [{ name: "", role: "" }],
    supports,
  };
}

type FormMeta = ReturnType<typeof useEvidenceForm>["form"];
type Fields = ReturnType<typeof useEvidenceForm>["fields"];

function useEvidenceForm(id: string, lastResult: SubmissionResult<string[]> | null | undefined, defaultValue: ReturnType<typeof evidenceDefaults>) {
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: evidenceFormSchema }),
  });
  return { form, fields };
}

/** The evidence form: four panels (what happened, what kind, proof, expectations), an error summary
 *  that links to each field, and, for a new item, a draft kept on the server while the author types. */
export function EvidenceForm({
  id,
  ladder,
  defaultValue,
  lastResult,
  version,
  submitLabel,
  cancel,
  notice,
  action,
  draftUrl,
  below,
}: {
  id: string;
  /** Where to post, when the form sits on another route's page. */
  action?: string;
  ladder: LadderOutline;
  defaultValue: ReturnType<typeof evidenceDefaults>;
  lastResult: SubmissionResult<string[]> | null | undefined;
  version?: number;
  submitLabel: string;
  cancel: ReactNode;
  notice?: ReactNode;
  /** Where the author's draft is kept; only a new item has one. */
  draftUrl?: string;
  /** Shown under a field, such as the wording findings of the saved text. */
  below?: Below;
}) {
  const navigation = useNavigation();
  const { form, fields } = useEvidenceForm(id, lastResult, defaultValue);
  const draft = useEvidenceDraft(form.id, draftUrl);
  const formProps = getFormProps(form);
  const links = fields.links.getFieldList();
  const voucherFields = fields.vouchers.getFieldList().map((v) => v.getFieldset());
  const slotErrors = fields.supports.getFieldList().flatMap((s) => {
    const rationale = s.getFieldset().rationale;
    return rationale.errors?.length ? [rationale] : [];
  });
  return (
    <>
      {notice}
      <ErrorSummary
        form={form}
        fields={[
          fields.title,
          fields.whatHappened,
          fields.outcome,
          fields.metric,
          fields.dateStart,
          fields.dateEnd,
          fields.kind,
          fields.scope,
          fields.source,
          ...links,
          ...voucherFields.flatMap((v) => [v.name, v.role]),
          fields.supports,
          ...slotErrors,
        ]}
      />
      <Form
        method="post"
        action={action}
        {...formProps}
        onSubmit={(event) => {
          draft.onSubmit(event);
          if (!event.defaultPrevented) formProps.onSubmit(event);
        }}
        onInput={draft.onInput}
        className="evidence-form"
      >
        {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
        <WhatHappenedPanel fields={fields} below={below} />
        <KindPanel fields={fields} />
        <ProofPanel form={form} fields={fields} />
        <ExpectationsPanel id={id} ladder={ladder} fields={fields} />
        <div className="button-row">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {submitLabel}
          </button>
          {draftUrl ? (
            <button type="submit" name="intent" value="save-draft" className="button button--secondary" formNoValidate>
              Save as draft
            </button>
          ) : null}
          {cancel}
        </div>
        {draftUrl ? <DraftStatus savedAt={draft.savedAt} /> : null}
      </Form>
    </>
  );
}

type Below = Partial<Record<"title" | "whatHappened" | "outcome", ReactNode>>;

function WhatHappenedPanel({ fields, below }: { fields: Fields; below?: Below }) {
  return (
    <fieldset className="panel">
      <legend className="form-section-title">What happened</legend>
      <TextField field={fields.title} label="Title" hint="A short name the committee can refer to, like “Led the escalation rota redesign”." />
      {below?.title}
      <TextareaField
        field={fields.whatHappened}
        label="What happened, and the candidate's own part"
        hint="The situation, and what the candidate personally did, as opposed to the team."
        rows={6}
      />
      {below?.whatHappened}
      <TextareaField field={fields.outcome} label="Outcome" hint="What changed because of it." rows={4} />
      {below?.outcome}
      <TextField field={fields.metric} label="Metric (optional)" hint="A measured result, like “P1 escalations down 40%”." />
      <div className="inline-fields">
        <TextField field={fields.dateStart} label="Date" hint="When it happened, or when it started." type="date" inputClassName="input--short" />
        <TextField
          field={fields.dateEnd}
          label="End date (optional)"
          hint="For work that ran over a period."
          type="date"
          inputClassName="input--short"
        />
      </div>
    </fieldset>
  );
}

function KindPanel({ fields }: { fields: Fields }) {
  return (
    <fieldset className="panel">
      <legend className="form-section-title">What kind of evidence</legend>
      <SelectField
        field={fields.kind}
        label="Kind"
        options={EVIDENCE_KINDS.map((k) => ({ value: k, label: EVIDENCE_KIND_LABELS[k] }))}
        placeholder="Choose a kind"
      />
      <RadioField
        field={fields.scope}
        legend="How far did its effect reach?"
        hint="This is the item's reach. Higher levels expect a wider reach: at L5 the committee looks for several teams or more."
        options={SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s] }))}
      />
      <RadioField
        field={fields.source}
        legend="Where does this evidence come from?"
        options={EVIDENCE_SOURCES.map((s) => ({ value: s, label: EVIDENCE_SOURCE_LABELS[s] }))}
      />
    </fieldset>
  );
}

function ProofPanel({ form, fields }: { form: FormMeta; fields: Fields }) {
  const links = fields.links.getFieldList();
  const vouchers = fields.vouchers.getFieldList();
  return (
    <fieldset className="panel">
      <legend className="form-section-title">Proof</legend>
      <p className="hint">Links and people let the committee check the claim. Leave a row empty to skip it.</p>
      {links.map((link, index) => (
        <div key={link.key} className="repeat-row">
          <TextField field={link} label={`Link ${index + 1}`} type="url" hint={index === 0 ? "A web address starting with http:// or https://." : undefined} />
          {links.length > 1 ? (
            <button {...form.remove.getButtonProps({ name: fields.links.name, index })} className="button button--link">
              Remove link {index + 1}
            </button>
          ) : null}
        </div>
      ))}
      <button {...form.insert.getButtonProps({ name: fields.links.name, defaultValue: "" })} className="button button--secondary button--small">
        Add another link
      </button>
      <h3 className="form-subheading">Who can vouch for it</h3>
      {vouchers.map((voucher, index) => {
        const v = voucher.getFieldset();
        return (
          <div key={voucher.key} className="repeat-row inline-fields">
            <TextField field={v.name} label={`Person ${index + 1}: name`} />
            <TextField field={v.role} label={`Person ${index + 1}: role`} />
            {vouchers.length > 1 ? (
              <button {...form.remove.getButtonProps({ name: fields.vouchers.name, index })} className="button button--link">
                Remove person {index + 1}
              </button>
            ) : null}
          </div>
        );
      })}
      <button
        {...form.insert.getButtonProps({ name: fields.vouchers.name, defaultValue: { name: "", role: "" } })}
        className="button button--secondary button--small"
      >
        Add another person
      </button>
    </fieldset>
  );
}

function ExpectationsPanel({ id, ladder, fields }: { id: string; ladder: LadderOutline; fields: Fields }) {
  const slots = fields.supports.getFieldList();
  let slotIndex = 0;
  return (
    <fieldset
      className={`panel${fields.supports.errors?.length ? " field--error" : ""}`}
      id={fields.supports.id}
      tabIndex={-1}
      aria-describedby={fields.supports.errors?.length ? fields.supports.errorId : undefined}
    >
      <legend className="form-section-title">Which expectations does it demonstrate?</legend>
      <p className="hint">Tick each expectation this shows, and say in one line why. Most items show one to three.</p>
      {fields.supports.errors?.length ? (
        <span className="field-error" id={fields.supports.errorId}>
          <span className="visually-hidden">Error: </span>
          {fields.supports.errors[0]}
        </span>
      ) : null}
      {ladder.sections.map((section) => (
        <div key={section.key} className="support-section">
          <h3 className="form-subheading">{section.title}</h3>
          {section.expectations.map((expectation, i) => {
            const index = slotIndex++;
            const group = expectation.group && expectation.group !== section.expectations[i - 1]?.group ? expectation.group : null;
            const slot = slots[index]?.getFieldset();
            const checkboxId = `${id}-support-${index}`;
            const checked = slot?.expectationKey.initialValue === expectation.key;
            return (
              <div key={expectation.key} className="support-slot">
                {group ? <p className="support-group">{group}</p> : null}
                <div className="choice">
                  <input
                    type="checkbox"
                    id={checkboxId}
                    name={`${fields.supports.name}[${index}].expectationKey`}
                    value={expectation.key}
                    defaultChecked={checked}
                    key={`${slots[index]?.key}-${checked}`}
                  />
                  <label htmlFor={checkboxId}>
                    <ExpectationText expectation={expectation} />
                  </label>
                </div>
                {expectation.examples ? <ExpectationExamples examples={expectation.examples} /> : null}
                {slot ? (
                  <TextField
                    field={slot.rationale}
                    label={
                      <>
                        Why it shows this<span className="visually-hidden">: {expectation.text}</span>
                      </>
                    }
                    className="support-slot__rationale"
                    inputClassName="rationale-input"
                  />
                ) : (
                  <input type="hidden" name={`${fields.supports.name}[${index}].rationale`} value="" />
                )}
              </div>
            );
          })}
        </div>
      ))}
    </fieldset>
  );
}
