import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ContributionInbox } from "~/components/contributions";
import { withConfirmation } from "~/domain/confirmations";
import { formatDate, formatDateRange, todayIso } from "~/domain/dates";
import { CONTRIBUTION_DAYS } from "~/domain/vouch";
import { linkUrl } from "~/lib/links.server";
import { requireCase } from "~/lib/permissions.server";
import {
  closeContributionLink,
  getOpenContributionLink,
  listContributions,
  openContributionLink,
} from "~/models/contributions.server";
import { evidenceRefs } from "~/models/evidence.server";

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, access, found } = await requireCase(args);
  const [link, items] = await Promise.all([getOpenContributionLink(db, caseId), listContributions(db, caseId)]);
  const refs = await evidenceRefs(db, caseId, items.flatMap((c) => (c.evidenceId ? [c.evidenceId] : [])));
  return {
    caseId,
    candidateName: found.candidateName,
    canEdit: access === "edit",
    link: link ? { since: todayIso(link.createdAt), until: todayIso(link.expiresAt) } : null,
    items: items.map((c) => ({
      id: c.id,
      title: c.title,
      when: formatDateRange(c.dateStart, c.dateEnd),
      sentOn: todayIso(c.createdAt),
      status: c.status,
      dismissReason: c.dismissReason,
      evidence: c.evidenceId ? { id: c.evidenceId, ref: refs.get(c.evidenceId) ?? null } : null,
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user } = await requireCase(args, "edit");
  const intent = (await args.request.formData()).get("intent");
  if (intent === "close-link") {
    const closed = await closeContributionLink(db, user, caseId);
    const inbox = `/cases/${caseId}/contributions`;
    return redirect(closed ? withConfirmation(inbox, "contribution", "link-closed") : inbox);
  }
  if (intent !== "open-link") return data({ url: null }, { status: 400 });
  const opened = await openContributionLink(db, user, caseId);
  return { url: linkUrl(`/contribute/${opened.token}`, args.request) };
}

export default function Contributions() {
  const { caseId, candidateName, canEdit, link, items } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h2>From the candidate</h2>
      <p className="muted">
        Work {candidateName} added through their own link. Nothing here is part of the case until you accept it; accepted items
        stay marked as self-reported.
      </p>
      {canEdit ? (
        <section className="panel" aria-labelledby="link-heading">
          <h3 id="link-heading">{candidateName}&apos;s link</h3>
          {actionData?.url ? (
            <div className="field">
              <label htmlFor="contribution-link">Link for {candidateName}</label>
              <span className="hint" id="contribution-link-hint">
                Copy it and send it to {candidateName} yourself: it is shown only this once. It works for {CONTRIBUTION_DAYS}{" "}
                days or until you close it, and shows them only what they add.
              </span>
              <input id="contribution-link" type="text" readOnly value={actionData.url} aria-describedby="contribution-link-hint" />
            </div>
          ) : link ? (
            <p>
              A link is open, given on {formatDate(link.since)}; it works until {formatDate(link.until)}.
            </p>
          ) : (
            <p className="muted">No link is open.</p>
          )}
          <div className="button-row">
            <Form method="post">
              <button type="submit" name="intent" value="open-link" className="button button--secondary">
                {link || actionData?.url ? "Make a new link (the old one stops working)" : "Give the candidate a link"}
              </button>
            </Form>
            {link || actionData?.url ? (
              <Form method="post">
                <button type="submit" name="intent" value="close-link" className="button button--secondary">
                  Close the link
                </button>
              </Form>
            ) : null}
          </div>
        </section>
      ) : null}
      <ContributionInbox caseId={caseId} items={items} canEdit={canEdit} />
      <p>
        <Link to={`/cases/${caseId}`}>Back to the case</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
