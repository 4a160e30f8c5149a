// The guards of pages reached by a link instead of an account: like requireCase, one read per request
// that hands the route exactly what the token opens, and nothing for a token that opens nothing.
import { data, type AppLoadContext } from "@remix-run/node";
import { readContributionLink, type ContributionLinkView } from "../models/contributions.server";
import { readVouchLink, type VouchLinkView } from "../models/vouches.server";
import { isLinkToken } from "./links.server";
import { notFound } from "./permissions.server";
import { getDb } from "./services.server";
import type { Db } from "./db.server";

interface LinkArgs {
  request: Request;
  context: AppLoadContext;
  params: Record<string, string | undefined>;
}

export type ClosedLinkState = "expired" | "revoked" | "used" | "closed";

/** What a route answers for a link that worked once and no longer does: 410, and only its state. */
export function closedLink(state: ClosedLinkState) {
  return data({ closed: state } as const, { status: 410 });
}

/** The vouch request the token in the URL names, while it can still be answered. A token that never
 *  existed is 404; one that expired, was withdrawn or was used throws 410 with just that state. */
export async function requireVouchLink(args: LinkArgs): Promise<{ db: Db; vouch: VouchLinkView }> {
  const token = args.params.token ?? "";
  const db = await getDb();
  const link = isLinkToken(token) ? await readVouchLink(db, token) : { state: "unknown" as const };
  if (link.state === "unknown") throw notFound();
  if (link.state !== "open") throw closedLink(link.state);
  return { db, vouch: link.request };
}

/** The candidate's contribution link in the URL, while it is open: 404 for a token that never
 *  existed, 410 with just the state for one that was closed or expired. */
export async function requireContributionLink(args: LinkArgs): Promise<{ db: Db; link: ContributionLinkView }> {
  const token = args.params.token ?? "";
  const db = await getDb();
  const found = isLinkToken(token) ? await readContributionLink(db, token) : { state: "unknown" as const };
  if (found.state === "unknown") throw notFound();
  if (found.state !== "open") throw closedLink(found.state);
  return { db, link: found.link };
}
