import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";

/** The one way to make a packet: a plain form (the answer is a file, not a page) whose button says
 *  it is working from the click until the download starts, and ignores clicks meanwhile. */
export function DownloadPacketButton({ caseId, variant = "secondary" }: { caseId: string; variant?: "primary" | "secondary" }) {
  const [busy, setBusy] = useState(false);
  const navigation = useNavigation();
  useEffect(() => {
    if (!busy) return;
    // The browser keeps the page when the answer is a download: the button is free again after
    // a while, or as soon as the page is shown again (Back, another tab).
    const done = () => setBusy(false);
    const timer = setTimeout(done, 8000);
    window.addEventListener("focus", done);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("focus", done);
    };
  }, [busy]);
  return (
    <Form
      method="post"
      action={`/cases/${caseId}/packets`}
      reloadDocument
      onSubmit={(event) => {
        if (busy || navigation.state !== "idle") event.preventDefault();
        else setBusy(true);
      }}
    >
      <button type="submit" className={`button${variant === "secondary" ? " button--secondary" : ""}`} aria-disabled={busy || undefined}>
        {busy ? "Preparing the packet…" : "Download packet (.docx)"}
      </button>
      {busy ? (
        <span className="visually-hidden" role="status">
          Preparing the packet. The download starts in a moment.
        </span>
      ) : null}
    </Form>
  );
}
