import type { HeadersFunction } from "@remix-run/node";

// HTTP policy applied by the server script to every request, kept here as plain functions so that
// it is unit-tested and bundled once.

/** Bodies above this are refused before parsing; a case import is the largest legitimate body. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Non-GET requests must come from our own pages: a missing or foreign Origin is refused. */
function originAllowed(method: string, origin: string | undefined, expectedOrigins: string[]): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (!origin || origin === "null") return false;
  return expectedOrigins.includes(origin.toLowerCase());
}

/** The origins a request to `host` may legitimately come from. With ORIGIN configured, that one
 *  only: the Host header is the client's to choose, so a request whose Origin and Host were forged
 *  to match must not pass. Without it (a developer's machine), the Host the request was sent to. */
function expectedOrigins(host: string | undefined, protocol: string, configured: string | undefined): string[] {
  if (configured) return [new URL(configured).origin.toLowerCase()];
  return host ? [`${protocol}://${host}`.toLowerCase()] : [];
}

function securityHeaders(nonce: string, options: { production: boolean; devSocket?: string }): Record<string, string> {
  const connect = options.devSocket ? `'self' ${options.devSocket}` : "'self'";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
  const headers: Record<string, string> = {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    // Pages are personal and sensitive: never stored by the browser or a proxy.
    "Cache-Control": "no-store",
  };
  if (options.production) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/** Pages opened through a link that carries its token in the path (a vouch request, the candidate's
 *  contribution link): kept out of search engines, and never sent on as a Referer to a site they link to. */
export const LINK_PAGE_PREFIXES = ["/vouch/", "/contribute/"] as const;

function linkPageHeaders(path: string): Record<string, string> {
  if (!LINK_PAGE_PREFIXES.some((prefix) => path.startsWith(prefix))) return {};
  return { "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow" };
}

/** The socket's address unless it is a declared proxy, in which case the nearest untrusted hop. */
function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trustedProxies: string[]): string {
  const socket = normalizeAddress(socketAddress ?? "unknown");
  if (!forwardedFor || !trustedProxies.includes(socket)) return socket;
  const hops = forwardedFor.split(",").map((h) => normalizeAddress(h.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!trustedProxies.includes(hop)) return hop;
  }
  return hops[0] ?? socket;
}

function normalizeAddress(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

export const httpPolicy = {
  MAX_BODY_BYTES,
  originAllowed,
  expectedOrigins,
  securityHeaders,
  linkPageHeaders,
  clientAddress,
};

/** A route's `headers` export for actions that may answer 429: Remix passes only cookies from an
 *  action's headers on to the page, so the Retry-After has to be handed on explicitly. */
export const passRetryAfter: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};
