// What a page says after a save. A write ends in a redirect whose query names what happened
// ("?saved=note", "?added=E-04"); the page shows the sentence for it. Only names and evidence
// references listed here are shown, so a crafted link cannot put words of its own on our pages.

const EVIDENCE_REF = /^E-\d{1,6}$/;

type Wording = (subject: string) => string | null;

const evidence =
  (say: (ref: string) => string): Wording =>
  (subject) =>
    EVIDENCE_REF.test(subject) ? say(subject) : null;

const fixed =
  (sentences: Record<string, string>): Wording =>
  (subject) =>
    Object.hasOwn(sentences, subject) ? sentences[subject]! : null;

/** Query parameter -> the sentence for its value. The parameter is what happened, the value to what. */
const CONFIRMATIONS = {
  added: evidence((ref) => `Evidence ${ref} was added.`),
  saved: (subject: string) =>
    EVIDENCE_REF.test(subject)
      ? `Your changes to ${subject} were saved.`
      : fixed({
          details: "The case details were saved.",
          note: "Your note on this expectation was saved.",
        })(subject),
  attached: evidence((ref) => `${ref} now supports this expectation.`),
  detached: evidence((ref) => `${ref} no longer supports that expectation.`),
  linked: evidence((ref) => `${ref} now supports one more expectation.`),
  deleted: evidence((ref) => `${ref} was moved to the trash.`),
  restored: (subject: string) =>
    EVIDENCE_REF.test(subject)
      ? `${subject} was restored from the trash.`
      : fixed({ case: "The case was restored from the archive. It is back in your open cases." })(subject),
  archived: fixed({ case: "The case was archived. You will find it under Archived cases in My cases." }),
  marked: fixed({
    "not-applicable": "This expectation is now marked not applicable.",
    applicable: "This expectation applies again.",
  }),
  "co-owner": fixed({
    added: "The co-owner was added.",
    removed: "The co-owner was removed.",
    // The same words whether or not the email has an account, so the form does not tell.
    requested: "If that email belongs to an active account here, that person is now a co-owner and is listed below.",
  }),
  "case-deleted": fixed({ yes: "The case was deleted." }),
  draft: fixed({ saved: "Your draft was saved. Only you can see it.", discarded: "Your draft was discarded." }),
  vouch: fixed({
    sent: "The request was emailed. Its state shows below.",
    withdrawn: "The request was withdrawn: its link no longer works.",
    "correction-taken": "The correction is now part of the item's text.",
  }),
  contribution: fixed({
    sent: "Sent. Your manager will see it in the case's inbox. Add another below if you have one.",
    accepted: "The candidate's item was accepted into the case.",
    dismissed: "The candidate's item was dismissed.",
    "link-closed": "The candidate's link was closed: it no longer works.",
  }),
} satisfies Record<string, Wording>;

export type ConfirmationKind = keyof typeof CONFIRMATIONS;

export const CONFIRMATION_PARAMS = Object.keys(CONFIRMATIONS) as ConfirmationKind[];

/** The sentence a page shows for its URL's query, or null. */
export function confirmationFor(search: URLSearchParams | string): string | null {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  for (const kind of CONFIRMATION_PARAMS) {
    const subject = params.get(kind);
    if (subject === null) continue;
    const sentence = CONFIRMATIONS[kind](subject);
    if (sentence) return sentence;
  }
  return null;
}

/** `path` with what happened added to its query: the redirect target after a save. */
export function withConfirmation(path: string, kind: ConfirmationKind, subject: string): string {
  const [pathname, query = ""] = path.split("?", 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set(kind, subject);
  return `${pathname}?${params.toString()}`;
}

/** The query without any confirmation: what the address bar keeps once the sentence is shown. */
export function withoutConfirmation(search: URLSearchParams | string): URLSearchParams {
  const params = new URLSearchParams(search);
  for (const kind of CONFIRMATION_PARAMS) params.delete(kind);
  return params;
}
