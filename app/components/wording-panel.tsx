import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData } from "@remix-run/react";
import { dismissSchema, REASON_MAX } from "~/forms/wording";
import { TextareaField } from "./forms";
import { FindingSummary, type ShownFinding } from "./wording";

interface PanelFinding extends ShownFinding {
  fieldLabel: string;
  dismissedByName: string | null;
  text: string | null;
}

interface PanelItem {
  evidenceId: string | null;
  heading: string;
  findings: PanelFinding[];
}

type DismissReply = { key: string; result: Parameters<typeof useForm>[0]["lastResult"] } | undefined;

/** The case's wording findings by item: each open one can be fixed (in its form) or dismissed with
 *  a reason the committee will read; dismissed ones show "dismissed: <reason>" to everyone. */
export function WordingPanel({
  caseId,
  canEdit,
  problems,
  rulesVersion,
  counts,
  items,
}: {
  caseId: string;
  canEdit: boolean;
  problems: string[] | null;
  rulesVersion: string | null;
  counts: { open: number; fixed: number; dismissed: number } | null;
  items: PanelItem[];
}) {
  if (problems) {
    return (
      <section className="panel" aria-labelledby="wording-heading">
        <h2 id="wording-heading">Wording</h2>
        <div className="notice notice--warning" role="note">
          <p>The wording checks are off until an administrator fixes the rules document:</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>
                <code>{p}</code>
              </li>
            ))}
          </ul>
        </div>
      </section>
    );
  }
  const open = items.flatMap((i) => i.findings.filter((f) => f.status !== "fixed").map((f) => ({ item: i, f })));
  const fixed = items.flatMap((i) => i.findings.filter((f) => f.status === "fixed").map((f) => ({ item: i, f })));
  return (
    <section aria-labelledby="wording-heading">
      <h2 id="wording-heading">Wording</h2>
      <p className="muted">
        Checks of the case&apos;s text for wording that research on reviews finds weakens a case or is given unevenly: vague
        outcomes, personality instead of behaviour, unclear personal part, effort instead of results, hedges, personal life
        and unsupported superlatives. They are advice on the words, not a verdict on anyone, and never block a save.
      </p>
      {counts ? (
        <p>
          <strong>{counts.open}</strong> open · <strong>{counts.dismissed}</strong> dismissed · <strong>{counts.fixed}</strong> fixed
          <span className="muted small"> · rules version {rulesVersion}</span>
        </p>
      ) : null}
      {open.length === 0 ? <p className="panel">No open or dismissed findings in this case&apos;s text.</p> : null}
      {items
        .filter((i) => i.findings.some((f) => f.status !== "fixed"))
        .map((item) => (
          <section key={item.evidenceId ?? "case"} className="panel wording-item" aria-label={item.heading}>
            <h3>
              {item.evidenceId ? <a href={`/cases/${caseId}/evidence/${item.evidenceId}`}>{item.heading}</a> : item.heading}
            </h3>
            <ul className="plain-list">
              {item.findings
                .filter((f) => f.status !== "fixed")
                .map((f) => (
                  <li key={f.key} id={`finding-${f.key}`} className="wording-finding">
                    <p className="small muted">{f.fieldLabel}</p>
                    <FindingSummary
                      finding={f}
                      text={f.text}
                      actions={
                        canEdit ? (
                          <FindingActions
                            caseId={caseId}
                            finding={f}
                            fixHref={item.evidenceId ? `/cases/${caseId}/evidence/${item.evidenceId}/edit` : `/cases/${caseId}/settings`}
                          />
                        ) : null
                      }
                    />
                  </li>
                ))}
            </ul>
          </section>
        ))}
      {fixed.length > 0 ? (
        <details className="panel">
          <summary>Fixed ({fixed.length})</summary>
          <ul className="plain-list">
            {fixed.map(({ item, f }) => (
              <li key={f.key} className="wording-finding">
                <p className="small muted">
                  {item.heading} · {f.fieldLabel}
                </p>
                <FindingSummary finding={f} text={null} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function FindingActions({ caseId, finding, fixHref }: { caseId: string; finding: PanelFinding; fixHref: string }) {
  const reply = useActionData() as DismissReply;
  const [form, fields] = useForm({
    id: `dismiss-${finding.key}`,
    lastResult: reply?.key === finding.key ? reply.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: dismissSchema }),
  });
  const action = `/cases/${caseId}/wording`;
  if (finding.status === "dismissed") {
    return (
      <Form method="post" action={action} className="button-row">
        <input type="hidden" name="key" value={finding.key} />
        <p className="small muted">Dismissed by {finding.dismissedByName ?? "someone"}.</p>
        <button type="submit" name="intent" value="reopen" className="button button--secondary button--small">
          Reopen<span className="visually-hidden"> “{finding.match}”</span>
        </button>
      </Form>
    );
  }
  return (
    <div className="button-row">
      <a href={fixHref} className="button button--secondary button--small">
        Fix the wording<span className="visually-hidden"> “{finding.match}”</span>
      </a>
      <details className="wording-dismiss" open={reply?.key === finding.key}>
        <summary>
          Dismiss<span className="visually-hidden"> “{finding.match}”</span>
        </summary>
        <Form method="post" action={action} {...getFormProps(form)}>
          <input type="hidden" name="key" value={finding.key} />
          <TextareaField
            field={fields.reason}
            label={`Why “${finding.match}” stays`}
            hint={`The committee will read this as “dismissed: <your reason>”. At most ${REASON_MAX} characters.`}
            rows={2}
          />
          <button type="submit" name="intent" value="dismiss" className="button button--small">
            Dismiss with this reason
          </button>
        </Form>
      </details>
    </div>
  );
}
