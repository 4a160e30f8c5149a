// The candidate's form for adding one piece of their own work through their contribution link.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { CONTRIBUTION_LINK_ROWS, CONTRIBUTION_VOUCHER_ROWS, contributionSchema } from "~/forms/contribution";
import { ErrorSummary, TextareaField, TextField } from "./forms";
import type { LadderOutline } from "./evidence-form";

export function ContributionForm({
  ladder,
  lastResult,
}: {
  ladder: LadderOutline;
  lastResult: SubmissionResult<string[]> | null | undefined;
}) {
  const [form, fields] = useForm({
    id: "contribution",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: contributionSchema }),
    defaultValue: {
      links: Array.from({ length: CONTRIBUTION_LINK_ROWS }, () => ""),
      vouchers: Array.from({ length: CONTRIBUTION_VOUCHER_ROWS }, () => ({ name: "", role: "" })),
    },
  });
  const links = fields.links.getFieldList();
  const vouchers = fields.vouchers.getFieldList().map((v) => v.getFieldset());
  const suggested = new Set(Array.isArray(fields.suggestedKeys.initialValue) ? fields.suggestedKeys.initialValue : []);
  return (
    <>
      <ErrorSummary
        form={form}
        fields={[
          fields.title,
          fields.whatHappened,
          fields.part,
          fields.outcome,
          fields.dateStart,
          fields.dateEnd,
          ...links,
          ...vouchers.flatMap((v) => [v.name, v.role]),
          fields.suggestedKeys,
        ]}
      />
      <Form method="post" {...getFormProps(form)} className="panel">
        <fieldset>
          <legend className="form-section-title">What happened</legend>
          <TextField field={fields.title} label="Title" hint="A short name for it, like “Rebuilt the on-call handbook”." />
          <TextareaField field={fields.whatHappened} label="What happened" hint="The situation, in a few sentences." />
          <TextareaField field={fields.part} label="Your own part" hint="What you did yourself, as opposed to the team." />
          <TextareaField field={fields.outcome} label="Outcome" hint="What changed because of it." rows={4} />
          <TextField field={fields.dateStart} label="Date" hint="When it happened, or when it started." type="date" inputClassName="input--short" />
          <TextField field={fields.dateEnd} label="End date (optional)" hint="For work that ran over a period." type="date" inputClassName="input--short" />
        </fieldset>
        <fieldset>
          <legend className="form-section-title">Proof (optional)</legend>
          {links.map((link, index) => (
            <TextField key={link.key} field={link} label={`Link ${index + 1}`} type="url" hint={index === 0 ? "A ticket, document or dashboard, starting with http:// or https://." : undefined} />
          ))}
          <p className="hint">People who saw it and could confirm it:</p>
          {vouchers.map((v, index) => (
            <div key={v.name.key ?? index}>
              <TextField field={v.name} label={`Person ${index + 1}: name`} />
              <TextField field={v.role} label={`Person ${index + 1}: how they know the work`} />
            </div>
          ))}
        </fieldset>
        <fieldset className="field" aria-describedby={fields.suggestedKeys.errors ? fields.suggestedKeys.errorId : undefined}>
          <legend className="form-section-title">Which expectations do you think it shows? (optional)</legend>
          <span className="hint">Your manager decides; your suggestions help them.</span>
          {ladder.sections.map((section) => (
            <div key={section.key} className="choices">
              <p className="small muted">{section.title}</p>
              {section.expectations.map((e) => {
                const id = `suggest-${e.key}`;
                return (
                  <div className="choice" key={e.key}>
                    <input type="checkbox" id={id} name={fields.suggestedKeys.name} value={e.key} defaultChecked={suggested.has(e.key)} />
                    <label htmlFor={id}>{e.text}</label>
                  </div>
                );
              })}
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button">
          Send to my manager
        </button>
      </Form>
    </>
  );
}
