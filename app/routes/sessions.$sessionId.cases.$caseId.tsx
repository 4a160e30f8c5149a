import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ChangesList } from "~/components/committee";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FlagList } from "~/components/flags";
import { CheckboxesField, ErrorSummary, RadioField, TextareaField } from "~/components/forms";
import { ReadinessBar, StatusTag } from "~/components/status";
import {
  COMMITTEE_DECISIONS,
  DECISION_LABELS,
  hasConflict,
  SUBMISSION_STATUS_LABELS,
  submissionStatus,
  tallyInWords,
  VOTE_CHOICES,
  VOTE_LABELS,
} from "~/domain/committee";
import { formatDate, formatDateRange, formatTimestamp } from "~/domain/dates";
import { EVIDENCE_KIND_LABELS, EVIDENCE_SOURCE_LABELS, SCOPE_LABELS, type PacketInput } from "~/domain/types";
import { decisionSchema, evidenceRequestSchema, voteSchema } from "~/forms/committee";
import { requireSubmittedCase } from "~/lib/permissions.server";
import {
  askForEvidence,
  caseManagers,
  castVote,
  CommitteeError,
  decideCase,
  submissionChanges,
  submittedInput,
  votesFor,
} from "~/models/committee.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.packet.candidateName} · committee · Ladderproof` : "Case · Ladderproof" },
];

// The read view is the submitted packet's own input, which never changes for a round: shaped once.
const views = new WeakMap<PacketInput, ReturnType<typeof packetView>>();

function packetView(input: PacketInput) {
  const byId = new Map(input.evidence.map((e) => [e.id, e]));
  const sections = input.analysis.sections.map((s) => ({
    key: s.key,
    title: s.title,
    counts: s.counts,
    expectations: s.expectations.map((e) => ({
      key: e.key,
      text: e.text,
      status: e.status,
      reasons: e.reasons,
      notApplicableReason: e.notApplicableReason,
      gapNote: e.gapNote,
      items: e.evidenceIds.flatMap((id) => {
        const item = byId.get(id);
        if (!item) return [];
        return [{ id, ref: item.ref, title: item.title, rationale: item.supports.find((x) => x.expectationKey === e.key)?.rationale ?? "" }];
      }),
    })),
  }));
  return {
    candidateName: input.candidateName,
    currentTitle: input.currentTitle,
    target: `L${input.ladder.level} ${input.ladder.title}`,
    managerName: input.managerName,
    generatedAt: input.generatedAt,
    recommendation: input.recommendation,
    summary: input.summary,
    counts: input.analysis.counts,
    readiness: input.analysis.summary,
    asOf: input.analysis.asOf,
    sections,
    evidence: input.evidence.map((e) => ({
      id: e.id,
      ref: e.ref,
      title: e.title,
      whatHappened: e.whatHappened,
      outcome: e.outcome,
      metric: e.metric,
      when: formatDateRange(e.dateStart, e.dateEnd),
      kind: EVIDENCE_KIND_LABELS[e.kind],
      scope: SCOPE_LABELS[e.scope],
      source: EVIDENCE_SOURCE_LABELS[e.source],
      links: e.links,
      vouchers: e.vouchers.map((v) => (v.role ? `${v.name} (${v.role})` : v.name)),
    })),
    decisions: input.committeeDecisions ?? [],
  };
}

export async function loader(args: LoaderFunctionArgs) {
  const { db, user, session, seat, submission } = await requireSubmittedCase(args);
  const input = await submittedInput(db, submission);
  let packet = views.get(input);
  if (!packet) views.set(input, (packet = packetView(input)));
  const [changes, votes, managers] = await Promise.all([
    submissionChanges(db, submission),
    votesFor(db, user, session, submission),
    caseManagers(db, [submission.caseId]),
  ]);
  const conflicted = hasConflict(user.id, managers.get(submission.caseId) ?? []);
  const locked = session.lockedAt !== null;
  const isChair = seat === "chair";
  const cast = votes.visible ? votes.votes.length : votes.cast;
  return {
    sessionId: session.id,
    caseId: submission.caseId,
    packet,
    submission: {
      round: submission.round,
      fingerprint: submission.fingerprint,
      submittedAt: submission.submittedAt.toISOString(),
      submittedByName: submission.submittedByName,
      status: SUBMISSION_STATUS_LABELS[submissionStatus({ decision: submission.decision, evidenceRequest: submission.evidenceRequest, votesThisRound: cast })],
      decision: submission.decision,
      rationale: submission.rationale,
      decidedByName: submission.decidedByName,
      request: submission.evidenceRequest,
    },
    changes,
    votes,
    conflicted,
    locked,
    isChair,
    canVote: seat !== "admin" && !conflicted && !locked && !submission.decision,
    canChair: isChair && !locked,
    askedKeys: votes.visible ? [...new Set(votes.votes.flatMap((v) => v.expectationKeys))] : [],
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, user, sessionId, submission } = await requireSubmittedCase(args);
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  const schema = intent === "vote" ? voteSchema : intent === "ask" ? evidenceRequestSchema : intent === "decide" ? decisionSchema : null;
  if (!schema) throw new Response("Bad request", { status: 400 });
  const parsed = parseWithZod(formData, { schema });
  if (parsed.status !== "success") return data({ intent, result: parsed.reply(), error: null }, { status: 400 });
  try {
    if (intent === "vote") await castVote(db, user, sessionId, submission.caseId, parsed.value as ReturnType<typeof voteSchema.parse>);
    else if (intent === "ask") await askForEvidence(db, user, sessionId, submission.caseId, parsed.value as ReturnType<typeof evidenceRequestSchema.parse>);
    else await decideCase(db, user, sessionId, submission.caseId, parsed.value as ReturnType<typeof decisionSchema.parse>);
  } catch (error) {
    if (!(error instanceof CommitteeError)) throw error;
    return data({ intent, result: parsed.reply(), error: error.message }, { status: error.status });
  }
  return redirect(`/sessions/${sessionId}/cases/${submission.caseId}`);
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

export default function CommitteeCase() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { packet, submission } = page;
  return (
    <>
      <div className="page-header">
        <div>
          <h2 className="h1-size">{packet.candidateName}</h2>
          <p className="muted">
            Going for <strong>{packet.target}</strong> · now {packet.currentTitle} · manager {packet.managerName}
          </p>
          <p className="muted small">
            <span className="tag tag--neutral">{submission.status}</span> Submitted {formatTimestamp(submission.submittedAt)} by{" "}
            {submission.submittedByName}
            {submission.round > 1 ? ` (submission ${submission.round})` : ""} · fingerprint{" "}
            <code className="fingerprint" title={submission.fingerprint}>
              {submission.fingerprint.slice(0, 16)}…
            </code>
          </p>
        </div>
        <div className="page-header__actions">
          <a href={`/sessions/${page.sessionId}/cases/${page.caseId}/packet`} className="button button--secondary" download>
            Download the submitted packet (.docx)
          </a>
        </div>
      </div>
      {actionData?.error ? (
        <div className="notice notice--danger" role="alert">
          {actionData.error}
        </div>
      ) : null}
      {page.changes ? <ChangesList changes={page.changes} /> : null}
      {submission.decision ? (
        <div className="notice notice--success" role="note">
          <p>
            <strong>Decision: {DECISION_LABELS[submission.decision]}</strong> (recorded by {submission.decidedByName})
          </p>
          {submission.rationale ? <p className="pre-line">{submission.rationale}</p> : null}
        </div>
      ) : null}
      {submission.request ? (
        <div className="notice notice--warning" role="note">
          <strong>More evidence asked</strong> by {submission.request.byName}
          {submission.request.note ? <p className="pre-line">{submission.request.note}</p> : null}
        </div>
      ) : null}
      <div className="committee-layout">
        <div className="committee-layout__packet">
          <PacketView packet={packet} />
        </div>
        <aside className="committee-layout__side" aria-label="Votes and decision">
          <VotesPanel page={page} />
          {page.canVote ? <VoteForm page={page} /> : null}
          {page.canChair ? <ChairForms page={page} /> : null}
        </aside>
      </div>
    </>
  );
}

function PacketView({ packet }: { packet: Page["packet"] }) {
  return (
    <>
      <section className="panel" aria-labelledby="recommendation-heading">
        <h3 id="recommendation-heading">Recommendation</h3>
        <p className="pre-line">{packet.recommendation || <span className="muted">The manager has not written a recommendation.</span>}</p>
        <h4>Summary</h4>
        <p className="pre-line">{packet.summary || <span className="muted">The manager has not written a summary.</span>}</p>
      </section>
      <section className="panel" aria-labelledby="readiness-heading">
        <h3 id="readiness-heading">Readiness at submission</h3>
        <ReadinessBar counts={packet.counts} label={packet.readiness} />
        <p className="muted small">Judged as of {formatDate(packet.asOf)}.</p>
      </section>
      {packet.decisions.length > 0 ? (
        <section className="panel" aria-labelledby="earlier-decisions">
          <h3 id="earlier-decisions">Earlier committee decisions</h3>
          <ul>
            {packet.decisions.map((d) => (
              <li key={`${d.sessionName}-${d.decidedAt}`}>
                {d.sessionName}: <strong>{d.decision}</strong> {d.rationale ? `: ${d.rationale}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="by-expectation">
        <h3 id="by-expectation">Evidence by expectation</h3>
        {packet.sections.map((s) => (
          <div key={s.key} className="panel">
            <h4>{s.title}</h4>
            {s.expectations.map((e) => (
              <div key={e.key} className="expectation-block" id={`exp-${e.key}`}>
                <h5>
                  <StatusTag status={e.status} /> {e.text}
                </h5>
                <FlagList reasons={e.reasons.filter((r) => r.code !== "missing")} />
                {e.notApplicableReason ? <p className="muted">Not applicable: {e.notApplicableReason}</p> : null}
                {e.gapNote ? <p className="muted">Manager&apos;s note: {e.gapNote}</p> : null}
                {e.items.length === 0 ? (
                  <p className="muted">No evidence.</p>
                ) : (
                  <ul className="evidence-list">
                    {e.items.map((item) => (
                      <li key={item.id}>
                        <span className="evidence-ref">{item.ref}</span>
                        <a href={`#item-${item.id}`}>{item.title}</a>
                        <p className="rationale">{item.rationale}</p>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ))}
          </div>
        ))}
      </section>
      <section aria-labelledby="items-heading">
        <h3 id="items-heading">Evidence items ({packet.evidence.length})</h3>
        {packet.evidence.map((e) => (
          <article key={e.id} id={`item-${e.id}`} className="panel evidence-item" aria-labelledby={`item-title-${e.id}`}>
            <h4 id={`item-title-${e.id}`}>
              <span className="evidence-ref">{e.ref}</span> {e.title}
            </h4>
            <p className="muted small">
              {e.when} · {e.kind} · reach: {e.scope} · source: {e.source}
            </p>
            <p className="pre-line">{e.whatHappened}</p>
            <p className="pre-line">
              <strong>Outcome:</strong> {e.outcome}
              {e.metric ? ` (${e.metric})` : ""}
            </p>
            {e.links.length > 0 ? (
              <ul className="small">
                {e.links.map((l) => (
                  <li key={l}>
                    <a href={l} rel="noreferrer noopener" target="_blank">
                      {l}
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
            {e.vouchers.length > 0 ? <p className="small">Can vouch: {e.vouchers.join(", ")}</p> : null}
          </article>
        ))}
      </section>
    </>
  );
}

function VotesPanel({ page }: { page: Page }) {
  const { votes } = page;
  return (
    <section className="panel" aria-labelledby="votes-heading">
      <h3 id="votes-heading">Votes</h3>
      {votes.visible ? (
        <>
          <p>{tallyInWords(votes.tally)}</p>
          <ul className="plain-list votes">
            {votes.votes.map((v) => (
              <li key={v.voterName}>
                <strong>{v.voterName}</strong>
                {v.mine ? " (you)" : ""}: {VOTE_LABELS[v.vote]}
                {v.note ? <p className="pre-line small">{v.note}</p> : null}
              </li>
            ))}
          </ul>
          {votes.earlierRounds > 0 ? <p className="muted small">Votes on earlier submissions of this case are kept but not counted.</p> : null}
        </>
      ) : votes.conflicted ? (
        <p>You manage this case, so you cannot vote on it or see its votes (a conflict of interest).</p>
      ) : (
        <p className="muted">
          {votes.cast} {votes.cast === 1 ? "vote" : "votes"} cast. The others&apos; votes are shown once you have cast yours
          {page.isChair ? " or once you reveal them" : " or the chair reveals them"}.
        </p>
      )}
    </section>
  );
}

function VoteForm({ page }: { page: Page }) {
  const actionData = useActionData<typeof action>();
  const mine = page.votes.visible ? page.votes.votes.find((v) => v.mine) : page.votes.visible === false ? page.votes.mine : null;
  const [form, fields] = useForm<{ vote: string; note: string; expectationKeys: string[] }>({
    id: "vote",
    lastResult: actionData?.intent === "vote" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: voteSchema }),
    defaultValue: mine ? { vote: mine.vote, note: mine.note, expectationKeys: mine.expectationKeys } : undefined,
  });
  return (
    <section className="panel" aria-labelledby="your-vote">
      <h3 id="your-vote">{mine ? "Change your vote" : "Your vote"}</h3>
      <ErrorSummary form={form} fields={[fields.vote, fields.note, fields.expectationKeys]} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="vote" />
        <RadioField field={fields.vote} legend="Your vote" options={VOTE_CHOICES.map((v) => ({ value: v, label: VOTE_LABELS[v] }))} />
        <TextareaField field={fields.note} label="Note" hint="What your vote rests on, for the meeting." rows={3} />
        <ExpectationChoices field={fields.expectationKeys} page={page} legend="Expectations that need more evidence" hint="Only for Needs more evidence." />
        <button type="submit" className="button">
          Cast your vote
        </button>
      </Form>
    </section>
  );
}

function ChairForms({ page }: { page: Page }) {
  const actionData = useActionData<typeof action>();
  const [askForm, askFields] = useForm<{ expectationKeys: string[]; note: string }>({
    id: "ask",
    lastResult: actionData?.intent === "ask" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: evidenceRequestSchema }),
    defaultValue: { expectationKeys: page.askedKeys },
  });
  const [decideForm, decideFields] = useForm({
    id: "decide",
    lastResult: actionData?.intent === "decide" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: decisionSchema }),
    defaultValue: page.submission.decision ? { decision: page.submission.decision, rationale: page.submission.rationale ?? "" } : undefined,
  });
  return (
    <>
      {!page.submission.decision ? (
        <section className="panel" aria-labelledby="ask-heading">
          <h3 id="ask-heading">Ask for more evidence</h3>
          <p className="muted small">The manager sees these expectations marked on the case, adds evidence and resubmits.</p>
          <ErrorSummary form={askForm} fields={[askFields.expectationKeys, askFields.note]} />
          <Form method="post" {...getFormProps(askForm)}>
            <input type="hidden" name="intent" value="ask" />
            <ExpectationChoices field={askFields.expectationKeys} page={page} legend="Expectations that need more evidence" />
            <TextareaField field={askFields.note} label="Note to the manager" rows={3} />
            <button type="submit" className="button button--secondary">
              Ask the manager for more evidence
            </button>
          </Form>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="decide-heading">
        <h3 id="decide-heading">{page.submission.decision ? "Change the decision" : "Decision"}</h3>
        <ErrorSummary form={decideForm} fields={[decideFields.decision, decideFields.rationale]} />
        <Form method="post" {...getFormProps(decideForm)}>
          <input type="hidden" name="intent" value="decide" />
          <RadioField
            field={decideFields.decision}
            legend="The committee's decision"
            options={COMMITTEE_DECISIONS.map((d) => ({ value: d, label: DECISION_LABELS[d] }))}
          />
          <TextareaField field={decideFields.rationale} label="Rationale" hint="Required for Not yet and Defer." rows={4} />
          <button type="submit" className="button">
            Record the decision
          </button>
        </Form>
      </section>
    </>
  );
}

function ExpectationChoices({
  field,
  page,
  legend,
  hint,
}: {
  field: Parameters<typeof CheckboxesField>[0]["field"];
  page: Page;
  legend: string;
  hint?: string;
}) {
  return (
    <details className="expectation-choices" open={Boolean(field.errors?.length) || undefined}>
      <summary>Choose the expectations</summary>
      <CheckboxesField
        field={field}
        legend={legend}
        hint={hint}
        options={page.packet.sections.flatMap((s) => s.expectations.map((e) => ({ value: e.key, label: e.text })))}
      />
    </details>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
