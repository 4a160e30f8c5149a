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

export const meta: MetaFunction = () => [{ title: "Set your password · Ladderproof" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const invite = await findOpenLink(await getDb(), params.token ?? "", "invite");
  return { invite: invite ? { name: invite.name, email: invite.email } : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseForm(await readForm(request), setPasswordSchema);
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  }
  const userId = await spendAccountLink(await getDb(), params.token ?? "", "invite", submission.value.password);
  if (!userId) {
    return data(submission.reply({ formErrors: ["This invitation link has expired or was already used."] }), {
      status: 410,
    });
  }
  return redirect("/", { headers: { "Set-Cookie": await startSession(userId) } });
}

export default function AcceptInvite() {
  const { invite } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "invite",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: setPasswordSchema }),
  });
  if (!invite) {
    return (
      <div className="narrow">
        <h1>This invitation link does not work</h1>
        <p>It has expired (links last 7 days) or it was already used. Ask your administrator for a new link.</p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>Welcome, {invite.name}</h1>
      <p className="lede">
        Set a password for <strong>{invite.email}</strong> to start using Ladderproof.
      </p>
      <ErrorSummary form={form} fields={[fields.password, fields.confirmPassword]} />
      <Form method="post" {...getFormProps(form)} className="panel">
        <input type="hidden" name="username" autoComplete="username" value={invite.email} readOnly />
        <NewPasswordFields password={fields.password} confirm={fields.confirmPassword} />
        <button type="submit" className="button">
          Set password and sign in
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
