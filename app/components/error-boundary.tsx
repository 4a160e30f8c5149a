import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; body: string }> = {
  400: { title: "That request could not be understood", body: "Go back and try again." },
  403: { title: "You cannot do that", body: "This action is not allowed from here." },
  404: {
    title: "Page not found",
    body: "The page does not exist, or you do not have access to it. Check the address, or start again from your cases.",
  },
  413: { title: "That was too large", body: "Send a smaller file or less text." },
  429: { title: "Too many attempts", body: "Wait a few minutes, then try again." },
};

/** The one error view: every route's ErrorBoundary renders this. No stack traces or internals. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = MESSAGES[status] ?? {
    title: "Something went wrong",
    body: "Nothing you entered has been lost on our side. Try again in a moment; if it keeps happening, tell your administrator.",
  };
  return (
    <div className="error-page" role="alert">
      <p className="error-page__status">Error {status}</p>
      <h1>{known.title}</h1>
      <p>{known.body}</p>
      <p>
        <Link to="/">Go to your cases</Link>
      </p>
    </div>
  );
}
