import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, TextField } from "~/components/forms";
import { personSchema, ROLE_LABELS } from "~/forms/auth";
import { requireAdmin } from "~/lib/auth.server";
import { getDb } from "~/lib/services.server";
import { createInvite, createUser, EmailTakenError, listUsers, setUserDisabled } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "People · Ladderproof" }];

export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireAdmin(args);
  const people = await listUsers(await getDb());
  return { people, me: admin.id };
}

function inviteUrl(request: Request, token: string): string {
  return new URL(`/invite/${token}`, process.env.ORIGIN ?? request.url).toString();
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireAdmin(args);
  const db = await getDb();
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  if (intent === "add") {
    const submission = parseWithZod(formData, { schema: personSchema });
    if (submission.status !== "success") return data({ result: submission.reply(), invite: null }, { status: 400 });
    try {
      const { id } = await createUser(db, submission.value);
      const token = await createInvite(db, id, admin.id);
      return {
        result: submission.reply({ resetForm: true }),
        invite: { name: submission.value.name, url: inviteUrl(args.request, token) },
      };
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      return data(
        { result: submission.reply({ fieldErrors: { email: [error.message] } }), invite: null },
        { status: 400 },
      );
    }
  }
  const userId = String(formData.get("userId") ?? "");
  const people = await listUsers(db);
  const person = people.find((p) => p.id === userId);
  if (!person || person.id === admin.id) throw new Response("Not found", { status: 404 });
  if (intent === "reinvite") {
    const token = await createInvite(db, person.id, admin.id);
    return { result: null, invite: { name: person.name, url: inviteUrl(args.request, token) } };
  }
  if (intent === "disable" || intent === "enable") {
    await setUserDisabled(db, person.id, intent === "disable");
    return { result: null, invite: null };
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
      {actionData?.invite ? (
        <div className="notice notice--success" role="status">
          <p>
            Send this one-time link to {actionData.invite.name}. It works once, for 7 days, and is not shown again.
          </p>
          <label className="label" htmlFor="invite-link">
            Invitation link
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
