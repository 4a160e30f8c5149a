// Vouch requests and confirmations on an evidence item: what was asked of whom, and what they said.
import { Form, Link } from "@remix-run/react";
import { formatDate } from "~/domain/dates";
import type { EvidenceConfirmation, VouchAnswer, VouchShown } from "~/domain/types";
import { VOUCH_STATE_LABELS, confirmationLine, type VouchState } from "~/domain/vouch";
import { Paragraphs } from "./paragraphs";

// The status palette: an answer reads as strong, a request still waiting as neutral, the rest as not applicable.
const STATE_TAG: Record<VouchState, string> = {
  sent: "tag--neutral",
  opened: "tag--neutral",
  answered: "tag--strong",
  declined: "tag--not-applicable",
  expired: "tag--not-applicable",
  revoked: "tag--not-applicable",
};

export function VouchStateTag({ state }: { state: VouchState }) {
  return <span className={`tag ${STATE_TAG[state]}`}>{VOUCH_STATE_LABELS[state]}</span>;
}

/** "Confirmed by …" lines, each with the person's correction beside the manager's text. */
export function Confirmations({ confirmations }: { confirmations: EvidenceConfirmation[] }) {
  if (confirmations.length === 0) return null;
  return (
    <ul className="vouch-confirmations plain-list" aria-label="Confirmations">
      {confirmations.map((c, i) => (
        <li key={`${c.name}-${c.date}-${i}`} className="vouch-confirmation">
          <p className="vouch-confirmation__line">
            <span aria-hidden="true">✓ </span>
            {confirmationLine(c)}
          </p>
          {c.correction ? (
            <div className="vouch-confirmation__correction">
              <p className="small">
                <strong>Their correction</strong>
                {c.correctionAccepted ? <span className="muted"> (taken into the item)</span> : null}
              </p>
              {c.correction.part ? (
                <>
                  <p className="small muted">The candidate&apos;s part, in their words</p>
                  <Paragraphs text={c.correction.part} />
                </>
              ) : null}
              {c.correction.outcome ? (
                <>
                  <p className="small muted">The outcome, in their words</p>
                  <Paragraphs text={c.correction.outcome} />
                </>
              ) : null}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export interface VouchRequestSummary {
  id: string;
  voucherName: string;
  voucherRelation: string;
  voucherEmail: string | null;
  delivery: "email" | "link";
  state: VouchState;
  createdAt: string;
  expiresAt: string;
  answeredAt: string | null;
  answer: VouchAnswer | null;
  correctionPart: string | null;
  correctionOutcome: string | null;
  comment: string | null;
  correctionAcceptedAt: string | null;
  shown: VouchShown;
  /** Times this person has been asked on the case, this request included. */
  askedOnCase: number;
}

const SHOWN_NAMES: Record<keyof VouchShown, string> = {
  title: "title",
  whatHappened: "what happened",
  outcome: "outcome",
};

function shownList(shown: VouchShown): string {
  return (Object.keys(SHOWN_NAMES) as (keyof VouchShown)[])
    .filter((k) => shown[k] !== undefined)
    .map((k) => SHOWN_NAMES[k])
    .join(", ");
}

/** The requests made for an item, with their state and, for the owners, what can still be done. */
export function VouchRequests({
  requests,
  requestHref,
  canEdit,
  canAsk,
}: {
  requests: VouchRequestSummary[];
  requestHref: string;
  canEdit: boolean;
  canAsk: boolean;
}) {
  return (
    <section className="panel" aria-labelledby="vouches-heading" id="vouches">
      <h3 id="vouches-heading">Confirmation requests</h3>
      {requests.length === 0 ? (
        <p className="muted">Nobody has been asked to confirm this item yet.</p>
      ) : (
        <ul className="evidence-list">
          {requests.map((r) => (
            <li key={r.id} className="vouch-request">
              <p>
                <strong>{r.voucherName}</strong> <span className="muted">({r.voucherRelation})</span>{" "}
                <VouchStateTag state={r.state} />
              </p>
              <p className="small muted">
                {r.delivery === "email" && r.voucherEmail ? `Emailed to ${r.voucherEmail}` : "Link passed on by hand"} on{" "}
                {formatDate(r.createdAt.slice(0, 10))}
                {r.answeredAt ? `, answered ${formatDate(r.answeredAt.slice(0, 10))}` : r.state === "expired" ? "" : `, open until ${formatDate(r.expiresAt.slice(0, 10))}`}
                . Shown: {shownList(r.shown)}. Asked {r.askedOnCase === 1 ? "once" : `${r.askedOnCase} times`} on this case.
              </p>
              {r.answer === "corrected" ? (
                <div className="vouch-confirmation__correction">
                  {r.correctionPart ? (
                    <>
                      <p className="small muted">The candidate&apos;s part, in their words</p>
                      <Paragraphs text={r.correctionPart} />
                    </>
                  ) : null}
                  {r.correctionOutcome ? (
                    <>
                      <p className="small muted">The outcome, in their words</p>
                      <Paragraphs text={r.correctionOutcome} />
                    </>
                  ) : null}
                </div>
              ) : null}
              {r.comment ? (
                <p className="small">
                  <strong>Comment:</strong> {r.comment}
                </p>
              ) : null}
              {canEdit && (r.state === "sent" || r.state === "opened") ? (
                <Form method="post" action={requestHref}>
                  <input type="hidden" name="request" value={r.id} />
                  <button type="submit" name="intent" value="revoke" className="button button--link small">
                    Withdraw the request<span className="visually-hidden"> to {r.voucherName}</span>
                  </button>
                </Form>
              ) : null}
              {canEdit && r.answer === "corrected" && !r.correctionAcceptedAt ? (
                <Form method="post" action={requestHref}>
                  <input type="hidden" name="request" value={r.id} />
                  <button type="submit" name="intent" value="accept-correction" className="button button--secondary button--small">
                    Take {r.voucherName}&apos;s correction into the item
                  </button>
                </Form>
              ) : null}
              {r.correctionAcceptedAt ? <p className="small muted">Correction taken into the item.</p> : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        canAsk ? (
          <Link to={requestHref} className="button button--secondary">
            Ask someone to confirm this
          </Link>
        ) : (
          <p className="muted small">Name the people who can vouch for this item (Edit) to ask them to confirm it.</p>
        )
      ) : null}
    </section>
  );
}
