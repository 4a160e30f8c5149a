// Words the packet prints for dates and statuses. Deterministic: no locale or time zone of the machine is used.
import { EXPECTATION_STATUS_LABELS, GAP_CODE_LABELS, type ExpectationAnalysis } from "../domain/types";
import { formatDate as formatDay, formatDateRange as formatDayRange, formatTimestamp as formatInstant } from "../domain/dates";
import { oneLine } from "./sanitize";

/** Dates as the app shows them; the packet passes them through oneLine because they may be user text. */
export function formatDate(s: string): string {
  return oneLine(formatDay(s));
}

export function formatDateRange(start: string, end: string | null): string {
  return oneLine(formatDayRange(start, end));
}

export function formatTimestamp(s: string): string {
  return oneLine(formatInstant(s));
}

/** "Weak — thin, unverified". Always words, so nothing depends on colour. */
export function statusInWords(e: ExpectationAnalysis): string {
  const label = EXPECTATION_STATUS_LABELS[e.status] ?? oneLine(String(e.status));
  const codes = [...new Set(e.reasons.map((r) => GAP_CODE_LABELS[r.code]?.toLowerCase() ?? oneLine(String(r.code))))];
  return codes.length > 0 ? `${label} \u2014 ${codes.join(", ")}` : label;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Long titles are cut in tables (the full text is in the body); cut by code point to keep emoji whole. */
export function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join("").trimEnd()}\u2026`;
}
