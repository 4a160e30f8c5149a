import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";

const DEBOUNCE_MS = 1500;

/** Keeps the evidence form's content on the server as the author's draft: a moment after typing
 *  stops, and again when the page is left; warns before the page is closed with unsaved changes. */
export function useEvidenceDraft(formId: string, url: string | undefined) {
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const dirty = useRef(false);
  // Kept from the last input: on leaving for another page of the app the form is already detached
  // from the document, but it still holds what was typed.
  const formRef = useRef<HTMLFormElement | null>(null);

  const save = useCallback(
    (keepalive: boolean) => {
      clearTimeout(timer.current);
      timer.current = undefined;
      const form = formRef.current ?? document.getElementById(formId);
      if (!url || !(form instanceof HTMLFormElement)) return;
      const body = new FormData(form);
      body.set("intent", "autosave");
      void fetch(url, { method: "POST", body, keepalive, credentials: "same-origin" })
        .then((response) => (response.ok ? (response.json() as Promise<{ savedAt: string | null }>) : null))
        .then((reply) => {
          if (reply?.savedAt && !keepalive) setSavedAt(reply.savedAt);
        })
        .catch(() => undefined);
    },
    [formId, url],
  );

  useEffect(() => {
    if (!url) return;
    const warn = (event: BeforeUnloadEvent) => {
      if (!dirty.current) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };
    const leave = () => {
      if (timer.current !== undefined) save(true);
    };
    window.addEventListener("beforeunload", warn);
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("beforeunload", warn);
      window.removeEventListener("pagehide", leave);
      // Leaving for another page of the app: what was typed since the last save is kept.
      leave();
    };
  }, [url, save]);

  return {
    savedAt,
    onInput: (event: FormEvent<HTMLFormElement>) => {
      if (!url) return;
      formRef.current = event.currentTarget;
      dirty.current = true;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => save(false), DEBOUNCE_MS);
    },
    /** The real save: nothing pending may bring the draft back after the item is created. */
    onSubmit: (event: FormEvent<HTMLFormElement>) => {
      const submitter = (event.nativeEvent as SubmitEvent).submitter;
      if (url && submitter instanceof HTMLButtonElement && submitter.value === "save-draft") {
        event.preventDefault();
        save(false);
        dirty.current = false;
        return;
      }
      clearTimeout(timer.current);
      timer.current = undefined;
      dirty.current = false;
    },
  };
}

export function DraftStatus({ savedAt }: { savedAt: string | null }) {
  const time = savedAt ? new Date(savedAt).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }) : null;
  return (
    <p className="muted small draft-status" role="status">
      {time ? `Draft saved at ${time}. Only you can see it.` : ""}
    </p>
  );
}
