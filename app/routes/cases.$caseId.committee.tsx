import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ChangesList } from "~/components/committee";
import { ErrorSummary, SelectField } from "~/components/forms";
import { DECISION_LABELS, SUBMISSION_STATUS_LABELS, submissionStatus } from "~/domain/committee";
import { formatDate, formatTimestamp } from "~/domain/dates";
import { submitSchema } from "~/forms/committee";
import { withExportSlot } from "~/lib/export-limit.server";
import { passRetryAfter } from "~/lib/http.server";
import { notFound, requireCase } from "~/lib/permissions.server";
import {
  assertCanSubmit,
  CommitteeError,
  listCaseSubmissions,
  listOpenSessionsForLevel,
  submissionChanges,
  submitCase,
} from "~/models/committee.server";
import { packetInput } from "~/models/packets.server";
import { exportPacket } from "~/packet/pool.server";

export const headers = passRetryAfter;

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, access, found } = await requireCase(args);
  const [submissions, open] = await Promise.all([listCaseSubmissions(db, caseId), listOpenSessionsForLevel(db, found.ladder.level)]);
  const changes = await Promise.all(submissions.map((s) => submissionChanges(db, s)));
  const decidedIn = new Set(submissions.filter((s) => s.decision).map((s) => s.sessionId));
  const keyText = new Map(found.ladder.sections.flatMap((s) => s.expectations.map((e) => [e.key, e.text] as const)));
  return {
    canEdit: access === "edit",
    level: found.ladder.level,
    sessions: open.filter((s) => !decidedIn.has(s.id)).map((s) => ({ id: s.id, label: `${s.name} (meeting ${formatDate(s.meetingDate)})` })),
    submissions: submissions.map((s, i) => ({
      sessionId: s.sessionId,
      sessionName: s.sessionName,
      meetingDate: s.meetingDate,
      locked: s.lockedAt !== null,
      round: s.round,
      fingerprint: s.fingerprint,
      readiness: s.readiness,
      submittedAt: s.submittedAt.toISOString(),
      submittedByName: s.submittedByName,
      packetId: s.packetId,
      // The manager sees the status and the chair's request, never the votes.
      status: SUBMISSION_STATUS_LABELS[submissionStatus({ decision: s.decision, evidenceRequest: s.evidenceRequest, votesThisRound: 0 })],
      request: s.evidenceRequest
        ? { note: s.evidenceRequest.note, byName: s.evidenceRequest.byName, expectations: s.evidenceRequest.expectationKeys.map((k) => keyText.get(k) ?? k) }
        : null,
      decision: s.decision ? DECISION_LABELS[s.decision] : null,
      rationale: s.rationale,
      decidedByName: s.decidedByName,
      changes: changes[i],
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user, found } = await requireCase(args, "edit");
  const submission = parseWithZod(await args.request.formData(), { schema: submitSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), error: null }, { status: 400 });
  const { sessionId } = submission.value;
  try {
    const made = await withExportSlot(user.id, async () => {
      // Refused before the packet is built: a locked or wrong-level session costs nothing.
      await assertCanSubmit(db, sessionId, caseId, found.ladder.level);
      const input = await packetInput(db, caseId, user);
      if (!input) throw notFound();
      return submitCase(db, user, sessionId, caseId, input, await exportPacket(input));
    });
    if (!made) {
      return data(
        { result: null, error: "You already have packets being generated. Wait for them to finish, then try again." },
        { status: 429, headers: { "Retry-After": "5" } },
      );
    }
  } catch (error) {
    if (!(error instanceof CommitteeError)) throw error;
    return data({ result: submission.reply({ fieldErrors: { sessionId: [error.message] } }), error: null }, { status: error.status });
  }
  return redirect(`/cases/${caseId}/committee`);
}

export default function Committee() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "submit-case",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: submitSchema }),
  });
  return (
    <>
      <h2>Calibration committee</h2>
      <p className="lede">
        Submit the case to a calibration session: the committee reads the packet as it is at that moment, kept with its
        fingerprint. Later changes are shown to the committee as changes since submission until you resubmit.
      </p>
      {actionData?.error ? (
        <div className="notice notice--danger" role="alert">
          {actionData.error}
        </div>
      ) : null}
      {page.submissions.map((s) => (
        <section key={s.sessionId} className="panel" aria-labelledby={`submission-${s.sessionId}`}>
          <h3 id={`submission-${s.sessionId}`}>{s.sessionName}</h3>
          <p className="muted">
            Meeting {formatDate(s.meetingDate)} · <span className="tag tag--neutral">{s.status}</span>
            {s.locked ? " · session locked" : ""}
          </p>
          <p className="small">
            Submitted {formatTimestamp(s.submittedAt)} by {s.submittedByName}
            {s.round > 1 ? ` (submission ${s.round})` : ""}, readiness then: {s.readiness}. Packet fingerprint{" "}
            <code className="fingerprint" title={s.fingerprint}>
              {s.fingerprint.slice(0, 16)}…
            </code>
          </p>
          {s.decision ? (
            <div className="notice notice--success" role="note">
              <p>
                <strong>Committee decision: {s.decision}</strong> (recorded by {s.decidedByName})
              </p>
              {s.rationale ? <p className="pre-line">{s.rationale}</p> : null}
            </div>
          ) : null}
          {s.request ? (
            <div className="notice notice--warning" role="note">
              <p>
                <strong>{s.request.byName} asks for more evidence</strong> on:
              </p>
              <ul>
                {s.request.expectations.map((text) => (
                  <li key={text}>{text}</li>
                ))}
              </ul>
              {s.request.note ? <p className="pre-line">{s.request.note}</p> : null}
            </div>
          ) : null}
          {s.changes ? <ChangesList changes={s.changes} /> : <p className="muted small">No change since submission.</p>}
          {page.canEdit && !s.locked && !s.decision ? (
            <Form method="post">
              <input type="hidden" name="sessionId" value={s.sessionId} />
              <button type="submit" className="button">
                Resubmit to {s.sessionName}
              </button>
            </Form>
          ) : null}
        </section>
      ))}
      {page.canEdit ? (
        <>
          <h3>Submit to a session</h3>
          {page.sessions.length === 0 ? (
            <p className="muted">No open calibration session covers L{page.level}. An administrator creates sessions.</p>
          ) : (
            <>
              <ErrorSummary form={form} fields={[fields.sessionId]} />
              <Form method="post" {...getFormProps(form)} className="panel narrow">
                <SelectField
                  field={fields.sessionId}
                  label="Calibration session"
                  placeholder="Choose a session"
                  options={page.sessions.map((s) => ({ value: s.id, label: s.label }))}
                />
                <button type="submit" className="button">
                  Submit the case
                </button>
              </Form>
            </>
          )}
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
