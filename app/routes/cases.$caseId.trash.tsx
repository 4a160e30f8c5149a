import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { withConfirmation } from "~/domain/confirmations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDate } from "~/domain/dates";
import { notFound, requireCase } from "~/lib/permissions.server";
import { listTrash, restoreEvidence } from "~/models/evidence.server";
import { TRASH_DAYS } from "~/domain/policy";

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId } = await requireCase(args, "edit");
  const trash = await listTrash(db, caseId);
  const justDeleted = new URL(args.request.url).searchParams.get("deleted");
  return {
    caseId,
    justDeleted: trash.find((t) => t.ref === justDeleted) ?? null,
    trash: trash.map((t) => {
      const until = new Date(t.deletedAt.getTime() + TRASH_DAYS * 24 * 60 * 60 * 1000);
      return { id: t.id, ref: t.ref, title: t.title, deletedOn: t.deletedAt.toISOString().slice(0, 10), until: until.toISOString().slice(0, 10) };
    }),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user } = await requireCase(args, "edit");
  const evidenceId = String((await args.request.formData()).get("evidenceId") ?? "");
  const restored = (await listTrash(db, caseId)).find((t) => t.id === evidenceId);
  if (!restored || !(await restoreEvidence(db, user, caseId, evidenceId))) throw notFound();
  return redirect(withConfirmation(`/cases/${caseId}/evidence/${evidenceId}`, "restored", restored.ref));
}

export default function Trash() {
  const { trash, justDeleted } = useLoaderData<typeof loader>();
  return (
    <>
      <h2>Trash</h2>
      {justDeleted ? (
        <div className="panel">
          <p>
            {justDeleted.ref} “{justDeleted.title}” is in the trash.
          </p>
          <Form method="post">
            <input type="hidden" name="evidenceId" value={justDeleted.id} />
            <button type="submit" className="button button--secondary button--small">
              Undo: restore {justDeleted.ref}
            </button>
          </Form>
        </div>
      ) : null}
      <p className="muted">Deleted evidence stays here for {TRASH_DAYS} days, then it is removed for good.</p>
      {trash.length === 0 ? (
        <p>The trash is empty.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Deleted evidence</caption>
            <thead>
              <tr>
                <th scope="col">Evidence</th>
                <th scope="col">Deleted</th>
                <th scope="col">Restorable until</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {trash.map((t) => (
                <tr key={t.id}>
                  <td>
                    <span className="evidence-ref">{t.ref}</span> {t.title}
                  </td>
                  <td>{formatDate(t.deletedOn)}</td>
                  <td>{formatDate(t.until)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="evidenceId" value={t.id} />
                      <button type="submit" className="button button--secondary button--small">
                        Restore<span className="visually-hidden"> {t.ref}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link to="..">Back to the case</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
