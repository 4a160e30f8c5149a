import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, NewPasswordFields } from "~/components/forms";
import { setPasswordSchema } from "~/forms/auth";
import { startSession } from "~/lib/auth.server";
import { parseForm, readForm } from "~/lib/form.server";
import { getDb } from "~/lib/services.server";
import { findOpenLink, spendAccountLink } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Ladderproof" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const link = await findOpenLink(await getDb(), params.token ?? "", "reset");
  return { link: link ? { name: link.name, email: link.email } : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseForm(await readForm(request), setPasswordSchema);
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  }
  const userId = await spendAccountLink(await getDb(), params.token ?? "", "reset", submission.value.password);
  if (!userId) {
    return data(submission.reply({ formErrors: ["This password reset link has expired or was already used."] }), {
      status: 410,
    });
  }
  return redirect("/", { headers: { "Set-Cookie": await startSession(userId) } });
}

export default function ResetPassword() {
  const { link } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "reset-password",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: setPasswordSchema }),
  });
  if (!link) {
    return (
      <div className="narrow">
        <h1>This password reset link does not work</h1>
        <p>It has expired (reset links last 24 hours) or it was already used. Ask your administrator for a new one.</p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>Choose a new password</h1>
      <p className="lede">
        For <strong>{link.email}</strong>. An administrator issued this link; your account history shows it. Setting the
        password signs you out everywhere else.
      </p>
      <ErrorSummary form={form} fields={[fields.password, fields.confirmPassword]} />
      <Form method="post" {...getFormProps(form)} className="panel">
        <input type="hidden" name="username" autoComplete="username" value={link.email} readOnly />
        <NewPasswordFields password={fields.password} confirm={fields.confirmPassword} />
        <button type="submit" className="button">
          Save the new password and sign in
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
