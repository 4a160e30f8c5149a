// Pages reached through a link instead of an account share one way of saying the link no longer works.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { closedLinkMessage } from "~/domain/vouch";
import { GeneralErrorBoundary } from "./error-boundary";

type Closed = Parameters<typeof closedLinkMessage>[0];

function closedState(error: unknown): Closed | "unknown" | null {
  if (!isRouteErrorResponse(error)) return null;
  if (error.status === 404) return "unknown";
  const closed = (error.data as { closed?: unknown } | null)?.closed;
  return closed === "expired" || closed === "revoked" || closed === "used" || closed === "closed" ? closed : null;
}

/** The error view of a link page: a plain sentence about the link, and nothing about what it was for. */
export function LinkErrorBoundary() {
  const error = useRouteError();
  const state = closedState(error);
  if (!state) return <GeneralErrorBoundary />;
  const message =
    state === "unknown"
      ? { title: "This link does not work", body: "Check that the whole address was copied. Nothing can be shown from it." }
      : closedLinkMessage(state);
  return (
    <div className="narrow" role="alert">
      <h1>{message.title}</h1>
      <p>{message.body}</p>
      <p className="muted">If you still want to help, ask the person who sent it for a new link.</p>
    </div>
  );
}
