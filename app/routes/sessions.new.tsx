import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxesField, ErrorSummary, SelectField, TextField } from "~/components/forms";
import { ROLE_LABELS } from "~/forms/auth";
import { sessionSchema } from "~/forms/committee";
import { requireAdmin } from "~/lib/auth.server";
import { getDb } from "~/lib/services.server";
import { CommitteeError, createSession, listLadderLevels, listPossibleMembers } from "~/models/committee.server";

export const meta: MetaFunction = () => [{ title: "New calibration session · Ladderproof" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireAdmin(args);
  const db = await getDb();
  const [levels, people] = await Promise.all([listLadderLevels(db), listPossibleMembers(db)]);
  return { levels, people };
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireAdmin(args);
  const db = await getDb();
  const submission = parseWithZod(await args.request.formData(), { schema: sessionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const id = await createSession(db, admin, submission.value);
    return redirect(`/sessions/${id}`);
  } catch (error) {
    if (!(error instanceof CommitteeError)) throw error;
    return data({ result: submission.reply({ fieldErrors: { memberIds: [error.message] } }) }, { status: 400 });
  }
}

export default function NewSession() {
  const { levels, people } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-session",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: sessionSchema }),
  });
  const personLabel = (p: (typeof people)[number]) => `${p.name} (${ROLE_LABELS[p.role]})`;
  return (
    <div className="narrow">
      <h1>New calibration session</h1>
      <p className="lede">
        A committee meeting for a round of promotions. Managers submit cases of the levels it covers; its members read,
        compare and vote; the chair records the decisions and locks the session.
      </p>
      <ErrorSummary form={form} fields={[fields.name, fields.levels, fields.meetingDate, fields.chairId, fields.memberIds]} />
      <Form method="post" {...getFormProps(form)} className="panel">
        <TextField field={fields.name} label="Name" hint='For example "H1 2027 Support promotions".' autoComplete="off" />
        <CheckboxesField
          field={fields.levels}
          legend="Levels it covers"
          hint="Cases going for these levels can be submitted."
          options={levels.map((l) => ({ value: String(l), label: `L${l}` }))}
          className="choices--inline"
        />
        <TextField field={fields.meetingDate} label="Meeting date" type="date" />
        <SelectField
          field={fields.chairId}
          label="Chair"
          hint="Records the decisions and locks the session. The chair is also a member."
          placeholder="Choose the chair"
          options={people.map((p) => ({ value: p.id, label: personLabel(p) }))}
        />
        <CheckboxesField
          field={fields.memberIds}
          legend="Members"
          hint="They read the cases submitted and vote. A manager who sits on the committee cannot vote on their own cases."
          options={people.map((p) => ({ value: p.id, label: personLabel(p) }))}
        />
        <button type="submit" className="button">
          Create the session
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
