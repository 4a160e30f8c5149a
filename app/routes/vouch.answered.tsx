import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LinkErrorBoundary } from "~/components/link-pages";
import { APP_NAME } from "~/domain/vouch";

export const meta: MetaFunction = () => [
  { title: `Thank you · ${APP_NAME}` },
  { name: "robots", content: "noindex, nofollow" },
];

/** Where a vouch link leads once answered. It knows nothing of the request, only the kind of answer. */
export function loader({ request }: LoaderFunctionArgs) {
  const answer = new URL(request.url).searchParams.get("answer");
  return { declined: answer === "declined" };
}

export default function VouchAnswered() {
  const { declined } = useLoaderData<typeof loader>();
  return (
    <div className="narrow" role="status">
      <h1>Thank you</h1>
      <p>
        {declined
          ? "Your answer was recorded: the person who asked will see that you can't speak to this."
          : "Your answer was recorded: the person who asked will see it, with your name and today's date."}
      </p>
      <p>Answers cannot be changed, and the link you used no longer works.</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <LinkErrorBoundary />;
}
