import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { withConfirmation } from "~/domain/confirmations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvidenceForm, evidenceDefaults } from "~/components/evidence-form";
import { formatDateRange } from "~/domain/dates";
import { EVIDENCE_KIND_LABELS, EVIDENCE_SOURCE_LABELS, SCOPE_LABELS, type EvidenceRecord } from "~/domain/types";
import { evidenceFormSchema } from "~/forms/evidence";
import { findExpectation, ladderOutline, unknownKeys } from "~/lib/case-pages.server";
import { notFound, requireCase } from "~/lib/permissions.server";
import { getEvidence, updateEvidence } from "~/models/evidence.server";
import { WordingFindings } from "~/components/wording";
import { wordingRules } from "~/lib/wording-rules.server";
import { itemWording, rememberWording } from "~/models/wording.server";

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, found } = await requireCase(args, "edit");
  const item = await getEvidence(db, caseId, args.params.evidenceId ?? "");
  if (!item) throw notFound();
  const rules = wordingRules();
  const wording = rules.ok ? await itemWording(db, caseId, item.record, rules.rules) : [];
  return { caseId, ladder: ladderOutline(found.ladder), item: item.record, version: item.version, wording };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user, found } = await requireCase(args, "edit");
  const evidenceId = args.params.evidenceId ?? "";
  const submission = parseWithZod(await args.request.formData(), { schema: evidenceFormSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), conflict: null }, { status: submission.status === "error" ? 400 : 200 });
  }
  if (unknownKeys(found.ladder, submission.value.supports.map((s) => s.expectationKey)).length > 0) {
    return data(
      { result: submission.reply({ formErrors: ["Choose expectations from this case's ladder."] }), conflict: null },
      { status: 400 },
    );
  }
  const saved = await updateEvidence(db, user, caseId, evidenceId, submission.value, submission.value.version ?? 0);
  if (!saved.ok && saved.reason === "gone") throw notFound();
  if (!saved.ok) {
    // Refused: both versions are shown, and everything typed stays in the form.
    const current = saved.current;
    return data(
      {
        result: submission.reply({
          formErrors: [
            "Someone else saved this item while you were editing it. Your changes are not saved yet: compare the two versions below.",
          ],
        }),
        conflict: {
          version: current.version,
          savedAt: current.updatedAt.toISOString(),
          record: describe(current.record, found.ladder),
        },
      },
      { status: 409 },
    );
  }
  await rememberWording(db, caseId);
  return redirect(withConfirmation(`/cases/${caseId}/evidence/${evidenceId}`, "saved", saved.record.ref));
}

function describe(record: EvidenceRecord, ladder: Parameters<typeof findExpectation>[0]) {
  return {
    title: record.title,
    whatHappened: record.whatHappened,
    outcome: record.outcome,
    metric: record.metric,
    when: formatDateRange(record.dateStart, record.dateEnd),
    kind: EVIDENCE_KIND_LABELS[record.kind],
    scope: SCOPE_LABELS[record.scope],
    source: EVIDENCE_SOURCE_LABELS[record.source],
    links: record.links,
    vouchers: record.vouchers.map((v) => `${v.name} (${v.role})`),
    supports: record.supports.map((s) => ({
      text: findExpectation(ladder, s.expectationKey)?.expectation.text ?? s.expectationKey,
      rationale: s.rationale,
    })),
  };
}

export default function EditEvidence() {
  const { caseId, ladder, item, version, wording } = useLoaderData<typeof loader>();
  // Findings of the saved text, under each field: advice only, the form saves whatever they say.
  const findingsFor = (field: "title" | "whatHappened" | "outcome", label: string) => (
    <WordingFindings findings={wording} text={item[field]} field={field} label={label} panelHref={`/cases/${caseId}/wording`} />
  );
  const actionData = useActionData<typeof action>();
  const conflict = actionData?.conflict ?? null;
  const back = `/cases/${caseId}/evidence/${item.id}`;
  return (
    <div className="narrow-wide">
      <h2>
        Edit <span className="evidence-ref">{item.ref}</span> {item.title}
      </h2>
      <EvidenceForm
        id="edit-evidence"
        ladder={ladder}
        defaultValue={evidenceDefaults(ladder, item)}
        lastResult={actionData?.result}
        // After a conflict, saving again deliberately replaces the other version with this one.
        version={conflict ? conflict.version : version}
        submitLabel={conflict ? "Save my version over theirs" : "Save changes"}
        cancel={<Link to={back}>Cancel</Link>}
        notice={conflict ? <ConflictPanel conflict={conflict} restartHref={`${back}/edit`} /> : null}
        below={{
          title: findingsFor("title", "the title"),
          whatHappened: findingsFor("whatHappened", "what happened"),
          outcome: findingsFor("outcome", "the outcome"),
        }}
      />
    </div>
  );
}

function ConflictPanel({
  conflict,
  restartHref,
}: {
  conflict: NonNullable<ReturnType<typeof useActionData<typeof action>>>["conflict"];
  restartHref: string;
}) {
  if (!conflict) return null;
  const saved = conflict.record;
  return (
    <section className="panel conflict" aria-labelledby="conflict-heading">
      <h3 id="conflict-heading">The version saved by someone else</h3>
      <p className="muted small">
        Saved at <time dateTime={conflict.savedAt}>{new Date(conflict.savedAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC</time>.
        Your version is in the form below, exactly as you typed it. Copy anything you need from theirs, then save; or{" "}
        <a href={restartHref}>discard your changes and start from theirs</a>.
      </p>
      <dl className="meta-list">
        <dt>Title</dt>
        <dd>{saved.title}</dd>
        <dt>When</dt>
        <dd>{saved.when}</dd>
        <dt>Kind</dt>
        <dd>{saved.kind}</dd>
        <dt>Scope</dt>
        <dd>{saved.scope}</dd>
        <dt>Source</dt>
        <dd>{saved.source}</dd>
        <dt>What happened</dt>
        <dd className="pre-line">{saved.whatHappened}</dd>
        <dt>Outcome</dt>
        <dd className="pre-line">{saved.outcome}</dd>
        {saved.metric ? (
          <>
            <dt>Metric</dt>
            <dd>{saved.metric}</dd>
          </>
        ) : null}
        <dt>Links</dt>
        <dd>{saved.links.length ? saved.links.join(", ") : "None"}</dd>
        <dt>Who can vouch</dt>
        <dd>{saved.vouchers.length ? saved.vouchers.join(", ") : "Nobody yet"}</dd>
        <dt>Demonstrates</dt>
        <dd>
          <ul className="plain-list">
            {saved.supports.map((s) => (
              <li key={s.text}>
                {s.text} <span className="rationale">— {s.rationale}</span>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
