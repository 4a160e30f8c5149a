import type { AppLoadContext } from "@remix-run/node";

/**
 * The object that identifies one HTTP request across its loaders, for memoising per-request reads.
 *
 * A page runs several loaders (root, layout, page) side by side and Remix hands each its own copy of
 * the Request, so a cache keyed by the Request never hits; the load context (made once per request by
 * scripts/server.mjs) is what they share. Only reads share it: an action may change who is signed in or
 * who may see a case, so actions get no scope (null), and the loaders that run after an action in the
 * same request start from scratch, after the change.
 */
export function requestScope(args: { request: Request; context: AppLoadContext }): object | null {
  const method = args.request.method.toUpperCase();
  if (method !== "GET" && method !== "HEAD") return null;
  const context: unknown = args.context;
  return typeof context === "object" && context !== null ? context : null;
}
