// Text hygiene for everything user-typed that ends up inside the packet's XML parts.

/**
 * One pass over the string, by UTF-16 code unit:
 * - C0 controls other than tab, LF and CR are not XML 1.0 characters. Vertical tab and form feed become a newline
 *   (pasted text uses them as breaks); the rest are invisible junk and are dropped.
 * - U+FFFE, U+FFFF and unpaired surrogates cannot be written as XML; they become U+FFFD so the reader sees that
 *   something was lost.
 * Valid surrogate pairs (emoji), RTL text and markup-looking text pass unchanged; escaping is the writer's job.
 */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- control characters are what it removes
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const REPLACEMENT_CHAR = "\uFFFD";

/** Any character NOT_XML_CHAR could match (a surrogate, paired or not): one quick test, as most text has none. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const MAYBE_NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function xmlSafe(s: string): string {
  if (!MAYBE_NOT_XML_CHAR.test(s)) return s;
  return s.replace(NOT_XML_CHAR, (c) => {
    if (c === "\u000B" || c === "\u000C") return "\n";
    if (c.charCodeAt(0) < 0x20) return "";
    return REPLACEMENT_CHAR;
  });
}

/**
 * Multi-paragraph user text as paragraphs: any line break (including U+2028/U+2029) starts a new one, blank lines
 * are not kept as empty paragraphs, and each paragraph is trimmed at its ends.
 */
export function paragraphsOf(s: string): string[] {
  return xmlSafe(s)
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** A single-line field: sanitised, line breaks folded to spaces, trimmed. */
export function oneLine(s: string): string {
  return xmlSafe(s).replace(/\s*(?:\r\n|[\r\n\u2028\u2029])\s*/g, " ").trim();
}

/** Only these schemes become clickable links; anything else (javascript:, data:, file:...) is shown as text. */
const LINKABLE = /^(?:https?:\/\/|mailto:)/i;

export function linkTarget(raw: string): string | null {
  const url = oneLine(raw);
  if (!LINKABLE.test(url) || /\s/.test(url)) return null;
  try {
    // Normalises and percent-encodes what the relationship part will hold; rejects junk like "http://".
    return new URL(url).href;
  } catch {
    return null;
  }
}

/** Strong right-to-left letters: Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms. */
export const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/**
 * User text shown inline next to other text ("Name (Role)", "Label: value") is wrapped in Unicode isolates
 * (FSI...PDI, like HTML's <bdi>) when it holds right-to-left letters, so an Arabic name cannot drag the
 * surrounding brackets and labels into its direction. Left-to-right text is returned unchanged.
 */
export function isolate(s: string): string {
  return RTL_CHAR.test(s) ? `\u2068${s}\u2069` : s;
}
