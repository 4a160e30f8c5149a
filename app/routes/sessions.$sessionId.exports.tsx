import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatTimestamp } from "~/domain/dates";
import { serverJobQueue } from "~/lib/jobs.server";
import { requireSession } from "~/lib/permissions.server";
import { listSessionExports, requestSessionZip, SESSION_ZIP_JOB } from "~/models/session-exports.server";

export async function loader(args: LoaderFunctionArgs) {
  const { db, session, seat } = await requireSession(args);
  const exports = await listSessionExports(db, session.id);
  return {
    sessionId: session.id,
    isChair: seat === "chair",
    locked: session.lockedAt !== null,
    exports: exports.map((e) => ({
      id: e.id,
      status: e.status,
      done: e.done,
      total: e.total,
      error: e.error,
      fileName: e.fileName,
      sizeKb: e.size ? Math.max(1, Math.round(e.size / 1024)) : null,
      createdAt: e.createdAt.toISOString(),
    })),
  };
}

/** Any member (or an administrator) may ask for the zip: it only gathers what they can already read. */
export async function action(args: ActionFunctionArgs) {
  const { db, user, sessionId } = await requireSession(args);
  const form = await args.request.formData();
  if (form.get("intent") !== "zip") throw new Response("Bad request", { status: 400 });
  const exportId = await requestSessionZip(db, user.id, sessionId);
  await (await serverJobQueue()).send(SESSION_ZIP_JOB, { exportId });
  return redirect(`/sessions/${sessionId}/exports`);
}

const STATUS_TEXT = { queued: "Waiting to start", running: "Building", done: "Ready", failed: "Failed, retrying" } as const;

export default function Exports() {
  const page = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const working = page.exports.some((e) => e.status === "queued" || e.status === "running");
  useEffect(() => {
    if (!working) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [working, revalidator]);
  const base = `/sessions/${page.sessionId}`;
  return (
    <>
      <h2>Outcome</h2>
      <p className="muted">
        The decisions table and, for each candidate, the rationale and the vote tally, as a Word document.
        {page.locked ? "" : " The session is not locked yet: decisions may still change."}
      </p>
      <div className="button-row">
        <a href={`${base}/outcome`} className="button" download>
          Download the outcome (.docx)
        </a>
        {page.isChair ? (
          <a href={`${base}/outcome?votes=1`} className="button button--secondary" download>
            Download the outcome with each member&apos;s vote
          </a>
        ) : null}
      </div>
      <h2>All packets as one zip</h2>
      <p className="muted">
        Every packet exactly as submitted, with a list of their fingerprints and each case&apos;s decision. It is built in the
        background: you can leave this page and come back.
      </p>
      <Form method="post">
        <button type="submit" name="intent" value="zip" className="button button--secondary">
          Build the zip of all packets
        </button>
      </Form>
      {page.exports.length > 0 ? (
        <ul className="plain-list exports" aria-live="polite">
          {page.exports.map((e) => (
            <li key={e.id} className="panel">
              <p>
                <strong>{STATUS_TEXT[e.status]}</strong>{" "}
                <span className="muted small">requested {formatTimestamp(e.createdAt)}</span>
              </p>
              {e.status === "done" ? (
                <a href={`${base}/exports/${e.id}/download`} download>
                  Download {e.fileName} ({e.sizeKb} KB)
                </a>
              ) : (
                <>
                  <progress value={e.done} max={Math.max(e.total, 1)} aria-label={`Zip of all packets: ${e.done} of ${e.total} packets`} />{" "}
                  <span className="small">
                    {e.done} of {e.total} packets
                  </span>
                  {e.error ? <p className="small muted">Last error: {e.error}</p> : null}
                  {!working ? null : (
                    <noscript>
                      <p className="small">
                        <a href={`${base}/exports`}>Refresh to see the progress</a>
                      </p>
                    </noscript>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
