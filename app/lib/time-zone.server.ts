import { isTimeZone } from "../domain/dates";

/** The cookie in which the browser tells us its time zone (set by the root component). */
export const TIME_ZONE_COOKIE = "tz";

/** The viewer's IANA time zone from the cookie, or UTC (shown as such) when the browser has not said. */
export function viewerTimeZone(request: Request): string {
  const cookie = request.headers.get("Cookie") ?? "";
  for (const part of cookie.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name !== TIME_ZONE_COOKIE) continue;
    let zone = "";
    try {
      zone = decodeURIComponent(value.join("="));
    } catch {
      return "UTC";
    }
    return isTimeZone(zone) ? zone : "UTC";
  }
  return "UTC";
}
