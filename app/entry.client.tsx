import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

// With single fetch, Remix's first render waits (suspends) until the page's data, streamed into
// the document, has been decoded. A key press or click in that moment makes React 18 hydrate the
// document synchronously, meet the wait outside any Suspense boundary and throw "Root did not
// complete" (minified error #345; remix-run/react-router#12763). Until the router exists (it is
// created as soon as the data is decoded), such events are kept from React: the browser still does
// what it does for plain HTML (moves focus, follows the link, submits the form), so nothing the
// person does is lost, and React handles every event after that.
const EVENTS_REACT_HYDRATES_FOR = [
  "keydown", "keyup", "keypress", "click", "auxclick", "dblclick", "contextmenu",
  "mousedown", "mouseup", "pointerdown", "pointerup", "pointercancel", "touchstart", "touchend", "touchcancel",
  "focusin", "focusout", "input", "change", "beforeinput", "submit", "reset", "invalid",
  "compositionstart", "compositionupdate", "compositionend", "copy", "cut", "paste", "dragstart", "dragend", "drop",
] as const;

function routerReady(): boolean {
  return "__remixRouter" in window && Boolean((window as { __remixRouter?: unknown }).__remixRouter);
}

function holdEventsUntilRouterReady(): void {
  const hold = (event: Event) => {
    if (routerReady()) {
      for (const type of EVENTS_REACT_HYDRATES_FOR) window.removeEventListener(type, hold, true);
      return;
    }
    event.stopImmediatePropagation();
  };
  for (const type of EVENTS_REACT_HYDRATES_FOR) window.addEventListener(type, hold, true);
}

holdEventsUntilRouterReady();
startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
