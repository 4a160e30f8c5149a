import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/** Tells the server the browser's time zone in a cookie, and reloads the page's data once when it
 *  was not known yet, so that times show in it (without the script they show in UTC and say so). */
export function RememberTimeZone() {
  const { revalidate } = useRevalidator();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || document.cookie.split("; ").includes(`tz=${encodeURIComponent(zone)}`)) return;
    document.cookie = `tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    revalidate();
  }, [revalidate]);
  return null;
}
