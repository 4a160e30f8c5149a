import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseForm, readForm } from "~/lib/form.server";
import { passRetryAfter } from "~/lib/http.server";
import { ErrorSummary, TextField } from "~/components/forms";
import { loginSchema } from "~/forms/auth";
import { countUsers, getUser, login } from "~/lib/auth.server";
import { safeRedirect } from "~/lib/redirect";
import { DEMO_EMAIL } from "~/lib/demo.server";
import { getDb } from "~/lib/services.server";
import { getUserByEmail } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Ladderproof" }];

export const headers = passRetryAfter;

export async function loader(args: LoaderFunctionArgs) {
  if (await getUser(args)) throw redirect("/");
  if ((await countUsers()) === 0) throw redirect("/setup");
  const redirectTo = new URL(args.request.url).searchParams.get("redirectTo");
  return { demo: Boolean(await getUserByEmail(await getDb(), DEMO_EMAIL)), redirectTo };
}

export async function action(args: ActionFunctionArgs) {
  const formData = await readForm(args.request);
  const submission = parseForm(formData, loginSchema);
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await login(email, password, args.context.clientAddress);
  if (!result.ok) {
    if (result.reason === "throttled") {
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      return data(
        submission.reply({
          formErrors: [`Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`],
          hideFields: ["password"],
        }),
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    // The same words whether the email is unknown or the password wrong.
    return data(
      submission.reply({ formErrors: ["The email address or password is not right."], hideFields: ["password"] }),
      { status: 401 },
    );
  }
  return redirect(safeRedirect(redirectTo, "/"), { headers: { "Set-Cookie": result.cookie } });
}

export default function Login() {
  const { demo, redirectTo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });
  return (
    <div className="narrow">
      <h1>Sign in</h1>
      <p className="lede">Build promotion cases that hold up in calibration.</p>
      {demo ? (
        <div className="notice">
          This installation has a demo account. Its email address and password were printed once in the
          terminal where <code>npm start</code> ran the first time.
        </div>
      ) : null}
      <ErrorSummary form={form} fields={[fields.email, fields.password]} />
      <Form method="post" {...getFormProps(form)} className="panel">
        <TextField field={fields.email} label="Email address" type="email" autoComplete="username" />
        <TextField field={fields.password} label="Password" type="password" autoComplete="current-password" />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Sign in
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p className="muted">No account yet? Ask an administrator of your Ladderproof for an invitation.</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
