// Vouch requests and the candidate's contribution link: their lifetimes, states and wording.
// Pure, so that the pages, the models and the packet agree on what a request's state is.

import { formatDate } from "./dates";
import type { EvidenceConfirmation, VouchAnswer } from "./types";

/** A vouch link works for this many days. */
export const VOUCH_DAYS = 14;
/** A contribution link works until the manager closes it, or this many days at most. */
export const CONTRIBUTION_DAYS = 30;
/** Open (unanswered, live) requests one person may have on one case at a time. */
export const MAX_OPEN_PER_PERSON = 3;

export const DAY_MS = 24 * 60 * 60 * 1000;

export const VOUCH_STATES = ["sent", "opened", "answered", "declined", "expired", "revoked"] as const;
export type VouchState = (typeof VOUCH_STATES)[number];
export const VOUCH_STATE_LABELS: Record<VouchState, string> = {
  sent: "Sent",
  opened: "Opened",
  answered: "Answered",
  declined: "Declined",
  expired: "Expired",
  revoked: "Revoked",
};

export interface VouchLifecycle {
  expiresAt: Date;
  openedAt: Date | null;
  revokedAt: Date | null;
  answeredAt: Date | null;
  answer: VouchAnswer | null;
}

/** An answer is final and outranks everything; then a revocation; then expiry. */
export function vouchState(request: VouchLifecycle, now: Date = new Date()): VouchState {
  if (request.answeredAt) return request.answer === "declined" ? "declined" : "answered";
  if (request.revokedAt) return "revoked";
  if (request.expiresAt.getTime() <= now.getTime()) return "expired";
  return request.openedAt ? "opened" : "sent";
}

/** Still waiting for the person: counts toward their limit of open requests, and can be revoked. */
export function isOpen(state: VouchState): boolean {
  return state === "sent" || state === "opened";
}

/** What a link that no longer works says, without a word about the case behind it. */
export function closedLinkMessage(state: "expired" | "revoked" | "used" | "closed"): { title: string; body: string } {
  switch (state) {
    case "expired":
      return { title: "This link has expired", body: "Links like this one work for a limited time. Nothing was changed." };
    case "revoked":
      return { title: "This link was withdrawn", body: "The person who sent it no longer needs an answer through it." };
    case "used":
      return { title: "This link was already used", body: "An answer was given through it, and answers cannot be changed." };
    case "closed":
      return { title: "This link is closed", body: "The person who sent it closed it. Nothing more can be added through it." };
  }
}

/** Who "the same person" is when counting what someone has been asked on a case: their name as the
 *  case lists it, ignoring case and spacing (an email is optional and typed afresh on each request). */
export function personKey(name: string): string {
  return name.normalize("NFC").trim().toLowerCase().replace(/\s+/g, " ");
}

/** "Confirmed by Ana Ruiz (Team lead), 2 May 2026" */
export function confirmationLine(confirmation: Pick<EvidenceConfirmation, "name" | "relation" | "date">): string {
  return `Confirmed by ${confirmation.name} (${confirmation.relation}), ${formatDate(confirmation.date)}`;
}

/** The candidate's part and the outcome as separate paragraphs of one "what happened" text. */
export function joinWhatHappened(whatHappened: string, part: string): string {
  const a = whatHappened.trim();
  const b = part.trim();
  if (!b) return a;
  return a ? `${a}\n\nThe candidate's part: ${b}` : `The candidate's part: ${b}`;
}

/** The product's name as people see it in emails and on link pages. */
export const APP_NAME = "Ladderproof";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface VouchEmailInput {
  voucherName: string;
  managerName: string;
  candidateName: string;
  /** Only when the manager chose to show the title. */
  title: string | null;
  url: string;
  expiresOn: string;
}

/** The request email, as plain text and as HTML (every name and title escaped). */
export function vouchEmail(input: VouchEmailInput): { subject: string; text: string; html: string } {
  const { voucherName, managerName, candidateName, title, url } = input;
  const expires = formatDate(input.expiresOn);
  const subject = `${managerName} asks you to confirm some of ${candidateName}'s work`.replace(/\s+/g, " ");
  const lines = [
    `Hello ${voucherName},`,
    "",
    `${managerName} is preparing a promotion case for ${candidateName} in ${APP_NAME} and named you as someone who saw this piece of work${title ? ":" : "."}`,
    ...(title ? ["", `  ${title}`] : []),
    "",
    "Could you say whether it is right, correct it in your own words, or say that you can't speak to it? It takes a minute and needs no account:",
    "",
    url,
    "",
    `The link is for you alone, takes one answer and works until ${expires}.`,
    "",
    `${APP_NAME}, on behalf of ${managerName}`,
  ];
  const e = escapeHtml;
  const html = [
    "<!doctype html>",
    '<html lang="en"><body style="font-family: system-ui, sans-serif; line-height: 1.5">',
    `<p>Hello ${e(voucherName)},</p>`,
    `<p>${e(managerName)} is preparing a promotion case for ${e(candidateName)} in ${APP_NAME} and named you as someone who saw this piece of work${title ? ":" : "."}</p>`,
    ...(title ? [`<blockquote>${e(title)}</blockquote>`] : []),
    "<p>Could you say whether it is right, correct it in your own words, or say that you can't speak to it? It takes a minute and needs no account.</p>",
    `<p><a href="${e(url)}">Answer ${e(managerName)}'s request</a></p>`,
    `<p>Or paste this address into your browser: ${e(url)}</p>`,
    `<p>The link is for you alone, takes one answer and works until ${e(expires)}.</p>`,
    `<p>${APP_NAME}, on behalf of ${e(managerName)}</p>`,
    "</body></html>",
  ].join("\n");
  return { subject, text: lines.join("\n"), html };
}
