// Links that act without an account (a vouch request, the candidate's contribution link): their
// tokens, the address they are reached at, and the throttle on what is submitted through them.
import { randomToken, recordAttempt, sha256Hex, throttleRetryAfter } from "./auth.server";

/** 32 random bytes (256 bits), base64url: far beyond guessing; only the SHA-256 is stored. */
export function newLinkToken(): { token: string; tokenHash: string } {
  const token = randomToken(32);
  return { token, tokenHash: sha256Hex(token) };
}

export function linkTokenHash(token: string): string {
  return sha256Hex(token);
}

/** A token as it can appear in a URL we made: anything else is not looked up at all. */
export function isLinkToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** The full address of a link page, on the configured public origin when there is one. */
export function linkUrl(path: string, request: Request): string {
  return new URL(path, process.env.ORIGIN ?? request.url).toString();
}

/** Submissions through one link, and from one client address through any link, per 15 minutes. */
export const LINK_SUBMISSION_LIMIT = 20;

/** Seconds to wait, or null when this submission may go ahead (it is then counted). Kept in the
 *  sign-in throttle's table under keys of their own, so a link never locks anyone out of signing in. */
export async function throttleLinkSubmission(linkId: string, clientAddress: string): Promise<number | null> {
  const key = `link:${linkId}`;
  const address = `link:${clientAddress}`;
  const retryAfter = await throttleRetryAfter(key, address, LINK_SUBMISSION_LIMIT);
  if (retryAfter !== null) return retryAfter;
  await recordAttempt(key, address);
  return null;
}
