// The one form pattern: conform + a zod schema shared by browser and server. Labels above fields,
// hints in plain words, an error summary at the top that links to each field, the message again
// beside the field, and every typed value kept after a failed submit.
import {
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type FieldMetadata,
  type FormMetadata,
} from "@conform-to/react";
import { useEffect, useRef, type ReactNode } from "react";

// conform's metadata types are generic over the schema; the components only need the common part.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Field = FieldMetadata<any, any, any>;

export function ErrorSummary({ form, fields }: { form: Pick<FormMetadata, "id" | "errors" | "status">; fields: Field[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const fieldErrors = fields.filter((f) => f.errors && f.errors.length > 0);
  const formErrors = form.errors ?? [];
  const count = fieldErrors.length + formErrors.length;
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [count, form.status]);
  if (count === 0) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby={`${form.id}-error-summary`}>
      <h2 id={`${form.id}-error-summary`}>There is a problem</h2>
      <ul>
        {formErrors.map((message) => (
          <li key={message}>{message}</li>
        ))}
        {fieldErrors.map((f) => (
          <li key={f.id}>
            <a href={`#${f.id}`}>{f.errors?.[0]}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The hint, then the error (GOV.UK order), each with the id that the control's aria-describedby names. */
function HintAndError({ field, hint }: { field: Field; hint?: ReactNode }) {
  return (
    <>
      {hint ? (
        <span className="hint" id={field.descriptionId}>
          {hint}
        </span>
      ) : null}
      {field.errors?.length ? (
        <span className="field-error" id={field.errorId}>
          <span className="visually-hidden">Error: </span>
          {field.errors[0]}
        </span>
      ) : null}
    </>
  );
}

/** A new password and its confirmation, as the first-account, invitation and account pages ask for them. */
export function NewPasswordFields({
  password,
  confirm,
  label = "Password",
  hint = "At least 10 characters. A few unrelated words make a strong password.",
}: {
  password: Field;
  confirm: Field;
  label?: string;
  hint?: string;
}) {
  return (
    <>
      <TextField field={password} label={label} type="password" hint={hint} autoComplete="new-password" />
      <TextField field={confirm} label={`${label} again`} type="password" autoComplete="new-password" />
    </>
  );
}

function FieldShell({
  field,
  label,
  hint,
  children,
  className,
}: {
  field: Field;
  label: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const hasError = Boolean(field.errors?.length);
  return (
    <div className={`field${hasError ? " field--error" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={field.id}>{label}</label>
      <HintAndError field={field} hint={hint} />
      {children}
    </div>
  );
}

export function TextField({
  field,
  label,
  hint,
  type = "text",
  autoComplete,
  className,
  inputClassName,
}: {
  field: Field;
  label: ReactNode;
  hint?: ReactNode;
  type?: "text" | "email" | "password" | "date" | "url" | "search";
  autoComplete?: string;
  className?: string;
  inputClassName?: string;
}) {
  const props = getInputProps(field, { type, ariaDescribedBy: hint ? field.descriptionId : undefined });
  return (
    <FieldShell field={field} label={label} hint={hint} className={className}>
      <input {...props} key={props.key} autoComplete={autoComplete} className={inputClassName} />
    </FieldShell>
  );
}

export function TextareaField({
  field,
  label,
  hint,
  rows = 5,
}: {
  field: Field;
  label: ReactNode;
  hint?: ReactNode;
  rows?: number;
}) {
  const props = getTextareaProps(field, { ariaDescribedBy: hint ? field.descriptionId : undefined });
  return (
    <FieldShell field={field} label={label} hint={hint}>
      <textarea {...props} key={props.key} rows={rows} />
    </FieldShell>
  );
}

export function SelectField({
  field,
  label,
  hint,
  options,
  placeholder,
}: {
  field: Field;
  label: ReactNode;
  hint?: ReactNode;
  options: { value: string; label: string }[];
  placeholder?: string;
}) {
  const props = getSelectProps(field, { ariaDescribedBy: hint ? field.descriptionId : undefined });
  return (
    <FieldShell field={field} label={label} hint={hint}>
      <select {...props} key={props.key}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Radio buttons in a fieldset whose legend is the question. */
export function RadioField({
  field,
  legend,
  hint,
  options,
}: {
  field: Field;
  legend: ReactNode;
  hint?: ReactNode;
  options: { value: string; label: string; hint?: string }[];
}) {
  const hasError = Boolean(field.errors?.length);
  const current = typeof field.initialValue === "string" ? field.initialValue : undefined;
  return (
    <fieldset
      className={`field${hasError ? " field--error" : ""}`}
      aria-describedby={[hint ? field.descriptionId : "", hasError ? field.errorId : ""].filter(Boolean).join(" ") || undefined}
    >
      <legend>{legend}</legend>
      <HintAndError field={field} hint={hint} />
      <div className="choices">
        {options.map((o, index) => {
          const id = index === 0 ? field.id : `${field.id}-${o.value}`;
          return (
            <div className="choice" key={o.value}>
              <input
                type="radio"
                id={id}
                name={field.name}
                value={o.value}
                defaultChecked={current === o.value}
              />
              <label htmlFor={id}>
                {o.label}
                {o.hint ? <span className="hint">{o.hint}</span> : null}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export function FormErrorNotice({ children }: { children: ReactNode }) {
  return (
    <div className="notice notice--danger" role="alert">
      {children}
    </div>
  );
}

/** Checkboxes in a fieldset whose legend is the question; the field's value is the list ticked. */
export function CheckboxesField({
  field,
  legend,
  hint,
  options,
  className,
}: {
  field: Field;
  legend: ReactNode;
  hint?: ReactNode;
  options: { value: string; label: ReactNode; hint?: string }[];
  className?: string;
}) {
  const hasError = Boolean(field.errors?.length);
  const initial = field.initialValue;
  const checked = new Set(Array.isArray(initial) ? initial.map(String) : typeof initial === "string" ? [initial] : []);
  return (
    <fieldset
      className={`field${hasError ? " field--error" : ""}${className ? ` ${className}` : ""}`}
      aria-describedby={[hint ? field.descriptionId : "", hasError ? field.errorId : ""].filter(Boolean).join(" ") || undefined}
    >
      <legend>{legend}</legend>
      <HintAndError field={field} hint={hint} />
      <div className="choices">
        {options.map((o, index) => {
          const id = index === 0 ? field.id : `${field.id}-${o.value}`;
          return (
            <div className="choice" key={o.value}>
              <input type="checkbox" id={id} name={field.name} value={o.value} defaultChecked={checked.has(o.value)} />
              <label htmlFor={id}>
                {o.label}
                {o.hint ? <span className="hint">{o.hint}</span> : null}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
