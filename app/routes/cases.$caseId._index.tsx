import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FlagList } from "~/components/flags";
import { PlainLinks } from "~/components/plain-links";
import { ExpectationText } from "~/components/ladder";
import { ReadinessBar, StatusTag } from "~/components/status";
import { formatDate, formatDateRange } from "~/domain/dates";
import { ITEMS_PER_EXPECTATION_ON_CASE_PAGE } from "~/domain/policy";
import { EVIDENCE_KIND_LABELS } from "~/domain/types";
import { notFound, requireCase } from "~/lib/permissions.server";
import { loadCaseAnalysis } from "~/models/cases.server";
import { openEvidenceRequests } from "~/models/committee.server";

type LoadedCase = NonNullable<Awaited<ReturnType<typeof loadCaseAnalysis>>>;

// The page's view of a case depends only on its analysis and evidence, which loadCaseAnalysis
// caches per case version: worked out once per version, not on every view.
const overviews = new WeakMap<
  LoadedCase["analysis"],
  ReturnType<typeof buildOverview>
>();

function overview(loaded: LoadedCase) {
  let built = overviews.get(loaded.analysis);
  if (!built) overviews.set(loaded.analysis, (built = buildOverview(loaded)));
  return built;
}

/** Only what the page shows goes to the browser: the newest few items of each expectation, with
 *  the line on why each shows that expectation. The expectation's page lists them all. */
function buildOverview(loaded: LoadedCase) {
  const byId = new Map(loaded.evidence.map((e) => [e.id, e]));
  const itemWarnings = loaded.analysis.itemWarnings.map((w) => ({
    ...w,
    ref: byId.get(w.evidenceId)?.ref ?? "",
  }));
  const sections = loaded.analysis.sections.map((section) => ({
    key: section.key,
    title: section.title,
    counts: section.counts,
    expectations: section.expectations.map((e) => ({
      key: e.key,
      text: e.text,
      shortName: e.shortName,
      group: e.group,
      status: e.status,
      reasons: e.reasons,
      notApplicableReason: e.notApplicableReason,
      gapNote: e.gapNote,
      evidenceCount: e.evidenceIds.length,
      shown: e.evidenceIds
        .slice(0, ITEMS_PER_EXPECTATION_ON_CASE_PAGE)
        .flatMap((id) => {
          const item = byId.get(id);
          if (!item) return [];
          const rationale =
            item.supports.find((s) => s.expectationKey === e.key)?.rationale ??
            "";
          const about = `${formatDateRange(item.dateStart, item.dateEnd)} · ${
            EVIDENCE_KIND_LABELS[item.kind]
          }`;
          return [{ id, ref: item.ref, title: item.title, about, rationale }];
        }),
    })),
  }));
  return { sections, itemWarnings };
}

export async function loader(args: LoaderFunctionArgs) {
  const { db, caseId, access, found } = await requireCase(args);
  const [loaded, evidenceRequests] = await Promise.all([
    loadCaseAnalysis(db, caseId, undefined, found),
    openEvidenceRequests(db, caseId),
  ]);
  if (!loaded) throw notFound();
  const needsWork =
    new URL(args.request.url).searchParams.get("show") === "needs-work";
  const { analysis } = loaded;
  const { sections, itemWarnings } = overview(loaded);
  return {
    caseId,
    canEdit: access === "edit",
    needsWork,
    asOf: analysis.asOf,
    asOfIsCalibration: loaded.case.calibrationDate === analysis.asOf,
    counts: analysis.counts,
    summary: analysis.summary,
    nextSteps: analysis.nextSteps.slice(0, 5),
    moreSteps: Math.max(0, analysis.nextSteps.length - 5),
    itemWarnings,
    sections,
    evidenceCount: loaded.evidence.length,
    evidenceRequests,
  };
}

export default function CaseOverview() {
  const page = useLoaderData<typeof loader>();
  const base = `/cases/${page.caseId}`;
  const visible = page.sections
    .map((s) => ({
      ...s,
      shown: page.needsWork
        ? s.expectations.filter(
            (e) => e.status === "weak" || e.status === "missing"
          )
        : s.expectations,
    }))
    .filter((s) => s.shown.length > 0 || !page.needsWork);
  const asked = new Set(page.evidenceRequests.flatMap((r) => r.expectationKeys));
  const textOf = new Map(page.sections.flatMap((s) => s.expectations.map((e) => [e.key, e.text] as const)));
  // Plain links throughout (see PlainLinks): they navigate in the page like <Link>, at a fraction
  // of the rendering cost, which matters on the page people open most.
  return (
    <PlainLinks>
      {page.evidenceRequests.map((r) => (
        <section key={`${r.sessionName}-${r.at}`} className="notice notice--warning" aria-labelledby={`request-${r.at}`}>
          <h2 id={`request-${r.at}`} className="notice__title">
            The committee asks for more evidence ({r.sessionName})
          </h2>
          {r.note ? <p className="pre-line">{r.note}</p> : null}
          <ul>
            {r.expectationKeys.map((key) => (
              <li key={key}>
                <a href={`${base}/expectations/${key}`}>{textOf.get(key) ?? key}</a>
              </li>
            ))}
          </ul>
          <p className="small">
            Add evidence for these, then <a href={`${base}/committee`}>resubmit the case</a>.
          </p>
        </section>
      ))}
      <section className="panel" aria-labelledby="readiness-heading">
        <h2 id="readiness-heading" className="visually-hidden">
          Readiness
        </h2>
        <div className="summary-strip">
          <div>
            <p className="summary-strip__figure">
              {page.counts.strong} of {page.counts.total} strong
            </p>
            <p className="muted">{page.summary}</p>
          </div>
          <ReadinessBar
            counts={page.counts}
            label={page.summary}
            showText={false}
          />
          <ul className="counts" aria-label="Expectations by status">
            <li>
              <StatusTag status="strong" /> {page.counts.strong}
            </li>
            <li>
              <StatusTag status="weak" /> {page.counts.weak}
            </li>
            <li>
              <StatusTag status="missing" /> {page.counts.missing}
            </li>
            {page.counts.notApplicable > 0 ? (
              <li>
                <StatusTag status="not-applicable" />{" "}
                {page.counts.notApplicable}
              </li>
            ) : null}
          </ul>
        </div>
        <p className="muted small">
          Judged as of {formatDate(page.asOf)}
          {page.asOfIsCalibration
            ? " (the calibration date)"
            : " (today; set a calibration date to judge against it)"}
          . {page.evidenceCount} evidence{" "}
          {page.evidenceCount === 1 ? "item" : "items"}.
        </p>
      </section>

      {page.nextSteps.length > 0 ? (
        <section className="panel" aria-labelledby="next-heading">
          <h2 id="next-heading">What to gather next</h2>
          <ol className="next-steps">
            {page.nextSteps.map((step) => (
              <li key={step.expectationKey}>
                <a href={`${base}/expectations/${step.expectationKey}`}>
                  {step.text}
                </a>
                <div className="muted small">{step.action}</div>
                {page.canEdit ? (
                  <a
                    href={`${base}/evidence/new?expectation=${encodeURIComponent(
                      step.expectationKey
                    )}`}
                    className="button button--secondary button--small"
                  >
                    Add evidence
                    <span className="visually-hidden"> for “{step.text}”</span>
                  </a>
                ) : null}
              </li>
            ))}
          </ol>
          {page.moreSteps > 0 ? (
            <p className="muted small">
              And {page.moreSteps} more.{" "}
              <a href={`${base}?show=needs-work`}>
                Show every expectation that needs work
              </a>
              .
            </p>
          ) : null}
        </section>
      ) : null}

      {page.itemWarnings.length > 0 ? (
        <div className="notice notice--warning" role="note">
          <ul className="plain-list">
            {page.itemWarnings.map((w) => (
              <li key={w.evidenceId}>
                <a href={`${base}/evidence/${w.evidenceId}`}>{w.ref}</a>:{" "}
                {w.message} {w.remedy}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <section aria-labelledby="grid-heading">
        <h2 id="grid-heading">Expectations at a glance</h2>
        <div className="filter-links">
          <span className="muted">Show:</span>
          <a href={base} aria-current={!page.needsWork}>
            All expectations
          </a>
          <a href={`${base}?show=needs-work`} aria-current={page.needsWork}>
            Only those that need work
          </a>
        </div>
        {visible.length === 0 ? (
          <p>Every expectation is strong or not applicable.</p>
        ) : null}
        {visible.map((section) => (
          <div key={section.key} className="grid-section">
            <h3>
              {section.title}
              <span className="muted small">
                {section.counts.strong} of {section.counts.total} strong
              </span>
            </h3>
            <ul className="tiles">
              {section.shown.map((e) => (
                <li
                  key={e.key}
                  className={`tile tile--${e.status}`}
                  data-expectation={e.key}
                  data-status={e.status}
                >
                  <StatusTag status={e.status} />
                  {asked.has(e.key) ? (
                    <span className="tag tag--missing">Committee asks for more</span>
                  ) : null}
                  {e.group ? <span className="muted small">{e.group}</span> : null}
                  <a
                    href={`${base}/expectations/${e.key}`}
                    className="tile__text"
                  >
                    <ExpectationText expectation={e} />
                  </a>
                  <div className="tile__footer">
                    <span>
                      {e.evidenceCount}{" "}
                      {e.evidenceCount === 1 ? "item" : "items"}
                    </span>
                    <FlagList
                      reasons={e.reasons.filter((r) => r.code !== "missing")}
                    />
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>

      <section aria-labelledby="by-expectation-heading">
        <h2 id="by-expectation-heading">Evidence by expectation</h2>
        {page.sections.map((section) => (
          <div key={section.key} className="panel">
            <h3>{section.title}</h3>
            {section.expectations.length === 0 ? (
              <p className="muted">This section has no expectations.</p>
            ) : null}
            {section.expectations.map((e) => (
              <div
                key={e.key}
                className="expectation-block"
                id={`exp-${e.key}`}
              >
                <h4>
                  <StatusTag status={e.status} />
                  <a href={`${base}/expectations/${e.key}`}>
                    <ExpectationText expectation={e} />
                  </a>
                </h4>
                {e.group ? <p className="muted small">{e.group}</p> : null}
                {e.notApplicableReason ? (
                  <p className="muted">
                    Not applicable: {e.notApplicableReason}
                  </p>
                ) : null}
                {e.gapNote ? <p className="muted">Note: {e.gapNote}</p> : null}
                {e.evidenceCount === 0 ? (
                  <p className="muted">No evidence yet.</p>
                ) : (
                  <ul className="evidence-list">
                    {e.shown.map((item) => (
                      <li key={item.id}>
                        <span className="evidence-ref">{item.ref}</span>
                        <a href={`${base}/evidence/${item.id}`}>{item.title}</a>
                        <span className="muted small">{` · ${item.about}`}</span>
                        <p className="rationale">{item.rationale}</p>
                      </li>
                    ))}
                  </ul>
                )}
                {e.evidenceCount > e.shown.length ? (
                  <p className="small">
                    <a href={`${base}/expectations/${e.key}`}>
                      All {e.evidenceCount} items for this expectation
                      <span className="visually-hidden">: “{e.text}”</span>
                    </a>{" "}
                    <span className="muted">
                      (the newest {e.shown.length} are shown here)
                    </span>
                  </p>
                ) : null}
              </div>
            ))}
          </div>
        ))}
      </section>
    </PlainLinks>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
