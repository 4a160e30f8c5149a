import type { CaseAnalysis, StatusCounts } from "../../domain/types";
import { EXPECTATION_STATUS_LABELS } from "../../domain/types";
import { CliError, json, type Command } from "../command";
import { ladderLabel } from "../../domain/ladder";

const gaps: Command = {
  name: "gaps",
  args: ["case-id"],
  options: { json: { type: "boolean", description: "Print the analysis as JSON (the CaseAnalysis object)." } },
  summary: "Show a case's gap analysis: readiness, each section, and what to do next.",
  description: [
    "Runs the gap analysis of the case page: each expectation of the ladder as strong, weak,",
    "missing or not applicable, with the reasons, warnings about over-stretched items, and the",
    "next steps in priority order. The as-of date is the case's calibration date, or today.",
    "With --json the analysis is printed exactly as the app computes it.",
  ].join("\n"),
  async run(ctx) {
    const caseId = ctx.args[0]!;
    const { loadCaseAnalysis } = await import("../../models/cases.server");
    const loaded = await loadCaseAnalysis(await ctx.db(), caseId);
    if (!loaded) throw new CliError(`There is no case with id ${caseId}.`);
    if (ctx.options.json) {
      ctx.out(json(loaded.analysis));
      return 0;
    }
    const refOf = new Map(loaded.evidence.map((e) => [e.id, e.ref]));
    ctx.out(
      report(
        `${loaded.case.candidateName}, going for ${ladderLabel(loaded.case.ladder)}`,
        loaded.analysis,
        refOf,
      ),
    );
    return 0;
  },
};

function sectionCounts(c: StatusCounts): string {
  const parts = [`${c.strong} strong`, `${c.weak} weak`, `${c.missing} missing`];
  if (c.notApplicable > 0) parts.push(`${c.notApplicable} not applicable`);
  return `${parts.join(", ")} (of ${c.total})`;
}

function report(heading: string, analysis: CaseAnalysis, refOf: Map<string, string>): string {
  const width = Math.max(...Object.values(EXPECTATION_STATUS_LABELS).map((l) => l.length));
  const lines = [heading, `As of ${analysis.asOf}: ${analysis.summary}`];
  for (const section of analysis.sections) {
    lines.push("", `${section.title}: ${sectionCounts(section.counts)}`);
    for (const e of section.expectations) {
      const refs = e.evidenceIds.map((id) => refOf.get(id) ?? id);
      lines.push(
        `  ${EXPECTATION_STATUS_LABELS[e.status].padEnd(width)}  ${e.text}${
          refs.length ? ` [${refs.join(", ")}]` : ""
        }`,
      );
      const indent = " ".repeat(width + 4);
      if (e.notApplicableReason) lines.push(`${indent}Not applicable: ${e.notApplicableReason}`);
      for (const r of e.reasons) lines.push(`${indent}${r.message}`);
      if (e.gapNote) lines.push(`${indent}Note: ${e.gapNote}`);
    }
  }
  if (analysis.itemWarnings.length > 0) {
    lines.push("", "Warnings:");
    for (const w of analysis.itemWarnings) lines.push(`  ${w.message} ${w.remedy}`);
  }
  lines.push("", "Next steps:");
  if (analysis.nextSteps.length === 0) lines.push("  None: every expectation is strong or marked not applicable.");
  const titleOf = new Map(analysis.sections.map((s) => [s.key, s.title]));
  analysis.nextSteps.forEach((step, i) => {
    lines.push(`  ${i + 1}. ${titleOf.get(step.sectionKey) ?? step.sectionKey}: ${step.text}`);
    if (step.action) lines.push(`     ${step.action}`);
  });
  return lines.join("\n");
}

export const gapsCommands = [gaps];
