// The download's file name and its Content-Disposition header. Pure: no docx, no I/O.
import { xmlSafe } from "./sanitize";

const MAX_NAME_CHARS = 80;

/**
 * Characters no file system or browser handles well: path separators and Windows' reserved punctuation, control
 * characters (C0, DEL, C1), and bidi controls, which can make "txt.exe" display as "exe.txt".
 */
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const UNSAFE_IN_FILENAME = /[<>:"/\\|?*\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

function filenamePart(s: string, maxChars = MAX_NAME_CHARS): string {
  const cleaned = xmlSafe(s)
    .normalize("NFC")
    .replace(/[\u2028\u2029\s]+/g, " ")
    .replace(UNSAFE_IN_FILENAME, "")
    .replace(/\uFFFD/g, "")
    .replace(/ {2,}/g, " ")
    .trim()
    // Leading dots hide files on Unix; trailing dots and spaces are dropped by Windows.
    .replace(/^[.\s]+|[.\s]+$/g, "");
  // Cut by code point so an emoji's surrogate pair is never split.
  return Array.from(cleaned).slice(0, maxChars).join("").trim();
}

export function packetFileName(candidateName: string, date: string): string {
  const parts = ["Promotion packet", filenamePart(candidateName), filenamePart(date)].filter((p) => p.length > 0);
  return `${parts.join(" - ")}.docx`;
}

/** The JSON copy of a case: "<candidate> - case.json". */
export function caseFileName(candidateName: string): string {
  return `${filenamePart(candidateName) || "case"} - case.json`;
}

/** Every download's name passes here (through contentDisposition): whatever a route builds, what the
 *  browser is offered has no path, control or bidi characters and keeps its own extension. */
export function safeFileName(fileName: string): string {
  const extension = /\.[A-Za-z0-9]{1,10}$/.exec(fileName)?.[0] ?? "";
  const stem = filenamePart(fileName.slice(0, fileName.length - extension.length), MAX_NAME_CHARS * 2);
  return `${stem || "download"}${extension.toLowerCase()}`;
}

/** Letters NFKD does not decompose into ASCII plus a combining mark. */
const ASCII_FOLDS: Record<string, string> = {
  Ł: "L", ł: "l", Ø: "O", ø: "o", Đ: "D", đ: "d", Ħ: "H", ħ: "h", ı: "i", ß: "ss",
  Æ: "AE", æ: "ae", Œ: "OE", œ: "oe", Þ: "Th", þ: "th", Ð: "D", ð: "d",
  "\u2018": "'", "\u2019": "'", "\u201C": "_", "\u201D": "_", "\u2013": "-", "\u2014": "-",
};

function asciiFallback(fileName: string): string {
  return (
    fileName
      .normalize("NFKD")
      .replace(/[\u0300-\u036F]/g, "")
      .replace(/[^\u0020-\u007E]/gu, (c) => ASCII_FOLDS[c] ?? "_")
      // Inside a quoted-string, quotes and backslashes need escaping that browsers handle inconsistently, and
      // some browsers percent-decode the plain filename, so none of the three is left in.
      .replace(/["\\%]/g, "_")
  );
}

/** RFC 5987 attr-char is narrower than encodeURIComponent's unreserved set: ' ( ) * must be encoded too. */
function encodeRfc5987(s: string): string {
  return encodeURIComponent(s).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

/** RFC 6266: an ASCII filename for old clients plus filename* (RFC 5987, UTF-8) that modern browsers prefer. */
export function contentDisposition(fileName: string): string {
  // Well-formed, single-line and without bidi controls: encodeURIComponent throws on lone surrogates,
  // CR/LF would split the header, and U+202E can make a name display with another extension.
  const name = safeFileName(fileName);
  return `attachment; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
