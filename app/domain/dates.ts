// Calendar dates as YYYY-MM-DD strings: no time zone can move them.

export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Today's calendar date where the server runs, as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

function parts(iso: string): { y: string; m: number; d: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!match) return null;
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  return { y: match[1]!, m, d };
}

/** "2026-03-12" -> "12 Mar 2026"; anything that is not an ISO date is shown as given. */
export function formatDate(iso: string): string {
  const p = parts(iso);
  return p ? `${p.d} ${MONTHS[p.m - 1]} ${p.y}` : iso;
}

/** "12 Mar 2026", or a range "12 Mar – 30 Apr 2026" / "12 Dec 2025 – 30 Jan 2026". */
export function formatDateRange(start: string, end: string | null): string {
  if (end === null || end.trim() === "" || end === start) return formatDate(start);
  const a = parts(start);
  const b = parts(end);
  if (a && b && a.y === b.y) return `${a.d} ${MONTHS[a.m - 1]} \u2013 ${formatDate(end)}`;
  return `${formatDate(start)} \u2013 ${formatDate(end)}`;
}

/** Whether the runtime knows this IANA time zone name ("Europe/London"). */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function zoned(t: number, zone: string) {
  const fields = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(t));
  const get = (type: string) => fields.find((f) => f.type === type)?.value ?? "";
  return { day: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
}

/** The calendar day of an instant in a time zone, as YYYY-MM-DD (null if unparseable). */
export function dayIn(timestamp: string, zone = "UTC"): string | null {
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? null : zoned(t, isTimeZone(zone) ? zone : "UTC").day;
}

/** "14:05" in the time zone, with " UTC" when that zone is UTC (the zone is then a guess). */
export function formatTime(timestamp: string, zone = "UTC"): string {
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return timestamp;
  const known = isTimeZone(zone) ? zone : "UTC";
  return `${zoned(t, known).time}${known === "UTC" ? " UTC" : ""}`;
}

/** "2026-11-30T14:05:09.000Z" -> "30 Nov 2026, 14:05 UTC", or in the viewer's zone "30 Nov 2026, 15:05";
 *  unparseable timestamps are shown as given. */
export function formatTimestamp(timestamp: string, zone = "UTC"): string {
  const day = dayIn(timestamp, zone);
  return day ? `${formatDate(day)}, ${formatTime(timestamp, zone)}` : timestamp;
}

