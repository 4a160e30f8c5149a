import { GeneralErrorBoundary } from "~/components/error-boundary";

// Any URL no other route claims: a real 404 status and page.
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
