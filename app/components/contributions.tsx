// The case's inbox of what the candidate added through their link.
import { Link } from "@remix-run/react";
import { formatDate } from "~/domain/dates";

export interface InboxItem {
  id: string;
  title: string;
  when: string;
  sentOn: string;
  status: "pending" | "accepted" | "dismissed";
  dismissReason: string | null;
  evidence: { id: string; ref: string | null } | null;
}

const STATUS: Record<InboxItem["status"], { label: string; tag: string }> = {
  pending: { label: "Waiting for you", tag: "tag--weak" },
  accepted: { label: "Accepted", tag: "tag--strong" },
  dismissed: { label: "Dismissed", tag: "tag--not-applicable" },
};

export function ContributionInbox({ caseId, items, canEdit }: { caseId: string; items: InboxItem[]; canEdit: boolean }) {
  const waiting = items.filter((c) => c.status === "pending").length;
  return (
    <section className="panel" aria-labelledby="inbox-heading">
      <h3 id="inbox-heading">
        Inbox <span className="counter">{waiting} waiting</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted">Nothing from the candidate yet.</p>
      ) : (
        <ul className="evidence-list">
          {items.map((c) => (
            <li key={c.id}>
              <p>
                {c.status === "pending" && canEdit ? (
                  <Link to={`/cases/${caseId}/contributions/${c.id}`}>{c.title}</Link>
                ) : (
                  <strong>{c.title}</strong>
                )}{" "}
                <span className={`tag ${STATUS[c.status].tag}`}>{STATUS[c.status].label}</span>
              </p>
              <p className="small muted">
                {c.when} · sent {formatDate(c.sentOn)}
                {c.evidence?.ref ? (
                  <>
                    {" "}
                    · now <Link to={`/cases/${caseId}/evidence/${c.evidence.id}`}>{c.evidence.ref}</Link>
                  </>
                ) : null}
              </p>
              {c.dismissReason ? <p className="small">Dismissed because: {c.dismissReason}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
