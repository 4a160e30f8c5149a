import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, NewPasswordFields, TextField } from "~/components/forms";
import { changePasswordSchema, ROLE_LABELS } from "~/forms/auth";
import { changePassword, checkCredentials, currentSessionToken, requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Your account · Ladderproof" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  return { user };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const submission = parseWithZod(await args.request.formData(), { schema: changePasswordSchema });
  const hideFields = ["currentPassword", "password", "confirmPassword"];
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields }), changed: false }, { status: 400 });
  // Checking the current password goes through sign-in, so it is throttled like sign-in.
  const check = await checkCredentials(user.email, submission.value.currentPassword, args.context.clientAddress);
  if (!check.ok) {
    return data(
      {
        result: submission.reply({
          fieldErrors: { currentPassword: ["Your current password is not right."] },
          hideFields,
        }),
        changed: false,
      },
      { status: 400 },
    );
  }
  await changePassword(user.id, submission.value.password, (await currentSessionToken(args)) ?? undefined);
  return { result: submission.reply({ resetForm: true }), changed: true };
}

export default function Account() {
  const { user } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "change-password",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
  });
  return (
    <div className="narrow">
      <h1>Your account</h1>
      <dl className="meta-list">
        <dt>Name</dt>
        <dd>{user.name}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[user.role]}</dd>
      </dl>
      <h2>Change your password</h2>
      {actionData?.changed ? (
        <div className="notice notice--success" role="status">
          Your password was changed. You were signed out everywhere else.
        </div>
      ) : null}
      <ErrorSummary form={form} fields={[fields.currentPassword, fields.password, fields.confirmPassword]} />
      <Form method="post" {...getFormProps(form)} className="panel">
        <input type="hidden" name="username" autoComplete="username" value={user.email} readOnly />
        <TextField field={fields.currentPassword} label="Current password" type="password" autoComplete="current-password" />
        <NewPasswordFields
          password={fields.password}
          confirm={fields.confirmPassword}
          label="New password"
          hint="At least 10 characters. Changing it signs you out on every other device."
        />
        <button type="submit" className="button">
          Change password
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
