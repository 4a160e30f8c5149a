import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ContributionForm } from "~/components/contribution-form";
import { LinkErrorBoundary } from "~/components/link-pages";
import { withConfirmation } from "~/domain/confirmations";
import { formatDate, formatDateRange, todayIso } from "~/domain/dates";
import { APP_NAME } from "~/domain/vouch";
import { contributionSchema } from "~/forms/contribution";
import { ladderOutline, unknownKeys } from "~/lib/case-pages.server";
import { passRetryAfter } from "~/lib/http.server";
import { closedLink, requireContributionLink } from "~/lib/link-guards.server";
import { throttleLinkSubmission } from "~/lib/links.server";
import { addContribution, listOwnContributions } from "~/models/contributions.server";

export const meta: MetaFunction = () => [
  { title: `Add your own work · ${APP_NAME}` },
  { name: "robots", content: "noindex, nofollow" },
];

export const headers = passRetryAfter;

export async function loader(args: LoaderFunctionArgs) {
  const { db, link } = await requireContributionLink(args);
  const own = await listOwnContributions(db, link.id);
  return {
    candidateName: link.candidateName,
    managerName: link.managerName,
    expiresOn: todayIso(link.expiresAt),
    ladder: ladderOutline(link.ladder),
    own: own.map((c) => ({ id: c.id, title: c.title, when: formatDateRange(c.dateStart, c.dateEnd), sentOn: todayIso(c.createdAt) })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, link } = await requireContributionLink(args);
  const retryAfter = await throttleLinkSubmission(link.id, args.context.clientAddress);
  if (retryAfter !== null) {
    const minutes = Math.ceil(retryAfter / 60);
    return data(
      { result: null, throttled: `Too many items sent through this link for now. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` },
      { status: 429, headers: { "Retry-After": String(retryAfter) } },
    );
  }
  const submission = parseWithZod(await args.request.formData(), { schema: contributionSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), throttled: null }, { status: 400 });
  // Suggestions can only name expectations of the case's own ladder.
  const unknown = new Set(unknownKeys(link.ladder, submission.value.suggestedKeys));
  const input = { ...submission.value, suggestedKeys: [...new Set(submission.value.suggestedKeys)].filter((k) => !unknown.has(k)) };
  if (!(await addContribution(db, link, input))) throw closedLink("closed");
  return redirect(withConfirmation(new URL(args.request.url).pathname, "contribution", "sent"));
}

export default function Contribute() {
  const { candidateName, managerName, expiresOn, ladder, own } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="narrow-wide">
      <h1>Add your own work, {candidateName}</h1>
      <p className="lede">
        {managerName} is preparing your promotion case and asked you for the work you remember. Add one piece at a time.
        {" "}{managerName} reads each one and decides what goes into the case; nothing you send is added without them.
      </p>
      <p className="muted small">This link works until {formatDate(expiresOn)}, unless {managerName} closes it sooner. Keep it to yourself.</p>
      {actionData?.throttled ? (
        <div className="notice notice--danger" role="alert">
          {actionData.throttled}
        </div>
      ) : null}
      <section className="panel" aria-labelledby="own-heading">
        <h2 id="own-heading">What you have sent</h2>
        {own.length === 0 ? (
          <p className="muted">Nothing yet.</p>
        ) : (
          <ul className="evidence-list">
            {own.map((c) => (
              <li key={c.id}>
                <strong>{c.title}</strong> <span className="muted small">· {c.when} · sent {formatDate(c.sentOn)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <h2>Add a piece of work</h2>
      <ContributionForm ladder={ladder} lastResult={actionData?.result} />
    </div>
  );
}

export function ErrorBoundary() {
  return <LinkErrorBoundary />;
}
