import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, FormErrorNotice, SelectField, TextField } from "~/components/forms";
import { personSchema, ROLE_LABELS } from "~/forms/auth";
import { requireAdmin } from "~/lib/auth.server";
import { parseForm, readForm } from "~/lib/form.server";
import { getDb } from "~/lib/services.server";
import {
  AccountLinkError,
  createAccountLink,
  createUser,
  EmailTakenError,
  INVITE_DAYS,
  listUsers,
  RESET_HOURS,
  setUserDisabled,
  type LinkPurpose,
} from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "People · Ladderproof" }];

export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireAdmin(args);
  const people = await listUsers(await getDb());
  return { people, me: admin.id };
}

function linkUrl(request: Request, purpose: LinkPurpose, token: string): string {
  return new URL(`/${purpose === "invite" ? "invite" : "reset"}/${token}`, process.env.ORIGIN ?? request.url).toString();
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireAdmin(args);
  const db = await getDb();
  const formData = await readForm(args.request);
  const intent = formData.get("intent");
  if (intent === "add") {
    const submission = parseForm(formData, personSchema);
    if (submission.status !== "success") return data({ result: submission.reply(), invite: null, refused: null }, { status: 400 });
    try {
      const { id } = await createUser(db, submission.value);
      const token = await createAccountLink(db, id, admin, "invite");
      return {
        result: submission.reply({ resetForm: true }),
        invite: { name: submission.value.name, url: linkUrl(args.request, "invite", token), purpose: "invite" as LinkPurpose },
        refused: null,
      };
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      return data(
        { result: submission.reply({ fieldErrors: { email: [error.message] } }), invite: null, refused: null },
        { status: 400 },
      );
    }
  }
  const userId = String(formData.get("userId") ?? "");
  const people = await listUsers(db);
  const person = people.find((p) => p.id === userId);
  if (!person || person.id === admin.id) throw new Response("Not found", { status: 404 });
  if (intent === "reinvite" || intent === "reset-password") {
    // An invitation only ever sets a first password; replacing one is the explicit, recorded reset.
    const purpose: LinkPurpose = intent === "reinvite" ? "invite" : "reset";
    try {
      const token = await createAccountLink(db, person.id, admin, purpose);
      return { result: null, invite: { name: person.name, url: linkUrl(args.request, purpose, token), purpose }, refused: null };
    } catch (error) {
      if (!(error instanceof AccountLinkError)) throw error;
      return data({ result: null, invite: null, refused: error.message }, { status: 409 });
    }
  }
  if (intent === "disable" || intent === "enable") {
    await setUserDisabled(db, person.id, intent === "disable");
    return { result: null, invite: null, refused: null };
  }
  throw new Response("Bad request", { status: 400 });
}

export default function People() {
  const { people, me } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "add-person",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: personSchema }),
    defaultValue: { role: "manager" },
  });
  return (
    <>
      <h1>People</h1>
      <p className="lede">
        Managers build cases; reviewers sit on calibration committees and read the cases submitted to them; administrators
        also invite people, set up calibration sessions and can read every case.
      </p>
      {actionData?.refused ? <FormErrorNotice>{actionData.refused}</FormErrorNotice> : null}
      {actionData?.invite ? (
        <div className="notice notice--success" role="status">
          {actionData.invite.purpose === "invite" ? (
            <p>
              Send this one-time link to {actionData.invite.name}. It works once, for {INVITE_DAYS} days, and is not shown again.
            </p>
          ) : (
            <p>
              Send this password reset link to {actionData.invite.name} yourself, by a channel you trust. It works once, for{" "}
              {RESET_HOURS} hours, and is not shown again. Using it ends all their sessions. Their account history shows that you
              issued it.
            </p>
          )}
          <label className="label" htmlFor="invite-link">
            {actionData.invite.purpose === "invite" ? "Invitation link" : "Password reset link"}
          </label>
          <input id="invite-link" type="text" readOnly value={actionData.invite.url} className="mono" />
        </div>
      ) : null}
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Everyone with an account</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.email}</td>
                <td>{ROLE_LABELS[p.role]}</td>
                <td>
                  {p.disabledAt ? (
                    <span className="tag tag--neutral">Disabled</span>
                  ) : p.hasPassword ? (
                    <span className="tag tag--strong">Active</span>
                  ) : (
                    <span className="tag tag--weak">Invited</span>
                  )}
                </td>
                <td>
                  {p.id === me ? (
                    <span className="muted">You</span>
                  ) : (
                    <Form method="post" className="button-row">
                      <input type="hidden" name="userId" value={p.id} />
                      {!p.hasPassword && !p.disabledAt ? (
                        <button type="submit" name="intent" value="reinvite" className="button button--secondary button--small">
                          New invitation link<span className="visually-hidden"> for {p.name}</span>
                        </button>
                      ) : null}
                      {p.hasPassword && !p.disabledAt ? (
                        <button type="submit" name="intent" value="reset-password" className="button button--secondary button--small">
                          Reset password<span className="visually-hidden"> of {p.name}</span>
                        </button>
                      ) : null}
                      <button
                        type="submit"
                        name="intent"
                        value={p.disabledAt ? "enable" : "disable"}
                        className="button button--secondary button--small"
                      >
                        {p.disabledAt ? "Enable" : "Disable"}
                        <span className="visually-hidden"> {p.name}</span>
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Add a person</h2>
      <ErrorSummary form={form} fields={[fields.name, fields.email, fields.role]} />
      <Form method="post" {...getFormProps(form)} className="panel narrow">
        <TextField field={fields.name} label="Name" autoComplete="off" />
        <TextField field={fields.email} label="Email address" type="email" autoComplete="off" />
        <SelectField
          field={fields.role}
          label="Role"
          options={[
            { value: "manager", label: "Manager" },
            { value: "reviewer", label: "Reviewer (committee member)" },
            { value: "admin", label: "Administrator" },
          ]}
        />
        <button type="submit" name="intent" value="add" className="button">
          Add and create invitation link
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
