import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { withConfirmation } from "~/domain/confirmations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { notFound, requireCase } from "~/lib/permissions.server";
import { deleteEvidence, getEvidence } from "~/models/evidence.server";
import { TRASH_DAYS } from "~/domain/policy";

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId } = await requireCase(args, "edit");
  const item = await getEvidence(db, caseId, args.params.evidenceId ?? "");
  if (!item) throw notFound();
  return { caseId, item: { id: item.record.id, ref: item.record.ref, title: item.record.title, supports: item.record.supports.length } };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user } = await requireCase(args, "edit");
  const evidenceId = args.params.evidenceId ?? "";
  const item = await getEvidence(db, caseId, evidenceId);
  if (!item || !(await deleteEvidence(db, user, caseId, evidenceId))) throw notFound();
  return redirect(withConfirmation(`/cases/${caseId}/trash`, "deleted", item.record.ref));
}

export default function DeleteEvidence() {
  const { caseId, item } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <h2>
        Delete <span className="evidence-ref">{item.ref}</span> {item.title}?
      </h2>
      <p>
        It will be removed from the {item.supports === 1 ? "expectation" : `${item.supports} expectations`} it supports and from
        the packet. You can restore it from the trash for {TRASH_DAYS} days.
      </p>
      <Form method="post" className="button-row">
        <button type="submit" className="button button--danger">
          Delete evidence
        </button>
        <Link to={`/cases/${caseId}/evidence/${item.id}`}>Cancel</Link>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
