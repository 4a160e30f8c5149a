import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, NewPasswordFields, TextField } from "~/components/forms";
import { setupSchema } from "~/forms/auth";
import { countUsers, startSession } from "~/lib/auth.server";
import { parseForm, readForm } from "~/lib/form.server";
import { getDb } from "~/lib/services.server";
import { createFirstAdmin } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "Create the first account · Ladderproof" }];

export async function loader() {
  if ((await countUsers()) > 0) throw redirect("/login");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseForm(await readForm(request), setupSchema);
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  }
  const created = await createFirstAdmin(await getDb(), submission.value);
  if (!created) throw redirect("/login");
  return redirect("/", { headers: { "Set-Cookie": await startSession(created.id) } });
}

export default function Setup() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "setup",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: setupSchema }),
  });
  return (
    <div className="narrow">
      <h1>Create the first account</h1>
      <p className="lede">
        This Ladderproof has no accounts yet. The first account is an administrator: it can invite managers and
        read every case.
      </p>
      <ErrorSummary form={form} fields={[fields.name, fields.email, fields.password, fields.confirmPassword]} />
      <Form method="post" {...getFormProps(form)} className="panel">
        <TextField field={fields.name} label="Your name" autoComplete="name" />
        <TextField field={fields.email} label="Email address" type="email" autoComplete="username" />
        <NewPasswordFields password={fields.password} confirm={fields.confirmPassword} />
        <button type="submit" className="button">
          Create account
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
