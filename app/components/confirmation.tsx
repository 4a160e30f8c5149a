import { useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { confirmationFor, withoutConfirmation } from "~/domain/confirmations";

/** The one way a page confirms a save: a status message at the top of the page, announced to
 *  screen readers and given focus, so that the next Tab continues from where the person is told
 *  what happened. The query that named it is then dropped from the address bar, so that a reload
 *  or a bookmark does not say it again. */
export function Confirmation() {
  const location = useLocation();
  const sentence = confirmationFor(location.search);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!sentence) return;
    ref.current?.focus();
    const rest = withoutConfirmation(location.search).toString();
    const url = `${location.pathname}${rest ? `?${rest}` : ""}${location.hash}`;
    window.history.replaceState(window.history.state, "", url);
  }, [sentence, location.key, location.pathname, location.search, location.hash]);
  if (!sentence) return null;
  return (
    <div ref={ref} className="notice notice--success confirmation" role="status" tabIndex={-1}>
      <p>{sentence}</p>
    </div>
  );
}
