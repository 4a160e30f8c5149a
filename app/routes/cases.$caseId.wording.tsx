import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { WordingPanel } from "~/components/wording-panel";
import { fieldLabel } from "~/domain/wording/case";
import { dismissSchema, reopenSchema } from "~/forms/wording";
import { requireCase } from "~/lib/permissions.server";
import { wordingRules } from "~/lib/wording-rules.server";
import { caseWording, dismissFinding, FindingNotFoundError, reopenFinding } from "~/models/wording.server";

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, access } = await requireCase(args);
  const loaded = wordingRules();
  if (!loaded.ok) return { caseId, canEdit: false, problems: loaded.problems, rulesVersion: null, counts: null, items: [] };
  const result = await caseWording(db, caseId, loaded.rules);
  const findings = result?.findings ?? [];
  // The texts the offsets point into, so that each finding shows its words in context.
  const texts = result?.texts ?? {};
  const groups = new Map<string, { evidenceId: string | null; heading: string; findings: typeof findings }>();
  for (const f of findings) {
    const id = f.evidenceId ?? "case";
    if (!groups.has(id)) {
      groups.set(id, { evidenceId: f.evidenceId, heading: f.ref ? `${f.ref} ${f.itemTitle ?? ""}` : "Summary and recommendation", findings: [] });
    }
    groups.get(id)!.findings.push(f);
  }
  return {
    caseId,
    canEdit: access === "edit",
    problems: null,
    rulesVersion: loaded.rules.version.slice(0, 12),
    counts: result?.counts ?? { open: 0, fixed: 0, dismissed: 0 },
    items: [...groups.values()].map((g) => ({
      ...g,
      findings: g.findings.map((f) => ({
        key: f.key,
        field: f.field,
        fieldLabel: fieldLabel(f.field),
        code: f.code,
        title: f.title,
        match: f.match,
        start: f.start,
        end: f.end,
        why: f.why,
        suggestion: f.suggestion,
        source: f.source,
        status: f.status,
        dismissReason: f.dismissReason,
        dismissedByName: f.dismissedByName,
        text: f.status === "fixed" ? null : (texts[`${f.evidenceId ?? "case"}|${f.field}`] ?? null),
      })),
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, caseId, user } = await requireCase(args, "edit");
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  const loaded = wordingRules();
  if (!loaded.ok) throw new Response("The wording rules are not loaded.", { status: 503 });
  const here = `/cases/${caseId}/wording`;
  try {
    if (intent === "dismiss") {
      const submission = parseWithZod(formData, { schema: dismissSchema });
      if (submission.status !== "success") {
        return data({ key: String(formData.get("key") ?? ""), result: submission.reply() }, { status: 400 });
      }
      await dismissFinding(db, user, caseId, submission.value.key, submission.value.reason, loaded.rules);
      return redirect(`${here}#finding-${submission.value.key}`);
    }
    if (intent === "reopen") {
      const submission = parseWithZod(formData, { schema: reopenSchema });
      if (submission.status !== "success") throw new Response("Not found", { status: 404 });
      await reopenFinding(db, user, caseId, submission.value.key);
      return redirect(`${here}#finding-${submission.value.key}`);
    }
  } catch (error) {
    if (error instanceof FindingNotFoundError) throw new Response("Not found", { status: 404 });
    throw error;
  }
  throw new Response("Bad request", { status: 400 });
}

export default function Wording() {
  const page = useLoaderData<typeof loader>();
  return <WordingPanel {...page} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
