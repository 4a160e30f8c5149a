import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { todayIso } from "../domain/dates";
import type { EvidenceKind, EvidenceSource, Ladder, Scope, Voucher } from "../domain/types";
import type { Db } from "../lib/db.server";
import { createCase, setMark } from "./cases.server";
import { createEvidence } from "./evidence.server";
import { getCurrentLadder } from "./ladders.server";

export const DEMO_LADDER_SLUG = "L5-Principal-DevOps-Support-Engineer";

interface DemoItem {
  title: string;
  whatHappened: string;
  outcome: string;
  metric?: string;
  monthsAgo: number;
  spanMonths?: number;
  kind: EvidenceKind;
  scope: Scope;
  source: EvidenceSource;
  links?: string[];
  vouchers?: Voucher[];
  /** [section index, expectation index, why] in the L5 ladder's order. */
  supports: [number, number, string][];
}

const ITEMS: DemoItem[] = [
  {
    title: "Led the cross-region escalation rota redesign",
    whatHappened:
      "Escalations for enterprise customers were bouncing between three regional teams with no single owner overnight. Priya proposed a follow-the-sun rota with a named escalation lead per shift, wrote the hand-over template and ran the pilot with the APAC and EMEA leads.",
    outcome: "Every P1 now has a named owner from first contact to resolution; the pilot became the standard for all regions.",
    metric: "Median P1 time to owner down from 47 to 9 minutes",
    monthsAgo: 5,
    spanMonths: 3,
    kind: "initiative",
    scope: "organisation",
    source: "metric",
    links: ["https://wiki.example.com/support/follow-the-sun-rota"],
    vouchers: [{ name: "Dana Whitfield", role: "Director of Support" }],
    supports: [
      [0, 0, "Designed and led an organisation-wide change to how escalations are owned."],
      [4, 0, "A cross-team initiative across three regions that measurably improved support outcomes."],
      [0, 1, "Worked with regional leads and customer success to agree the new rota."],
      [2, 3, "Got three regional teams to share ownership of escalations instead of passing them on."],
    ],
  },
  {
    title: "Incident commander for the deployment-target outage",
    whatHappened:
      "During a four-hour outage affecting deployments to Kubernetes targets for roughly 300 customers, Priya took incident command, split investigation between engineering and support, and kept the status page and top accounts updated every 30 minutes.",
    outcome: "Service restored with a workaround in under two hours for the largest accounts; the post-incident review praised the customer communication.",
    monthsAgo: 8,
    kind: "incident",
    scope: "customers",
    source: "observed",
    links: ["https://status.example.com/incidents/k8s-targets", "https://wiki.example.com/pir/2026-k8s-targets"],
    vouchers: [{ name: "Marcus Lee", role: "Engineering Manager, Deployments" }],
    supports: [
      [1, 0, "A high-complexity problem spanning the deployment engine, Kubernetes integration and support."],
      [4, 3, "Kept engineers and customers calm and informed through an ambiguous, fast-moving incident."],
    ],
  },
  {
    title: "Built the support diagnostics bundle",
    whatHappened:
      "Customers were sending partial logs and engineers spent days asking for more. Priya specified a one-click diagnostics bundle with product engineering, wrote the redaction rules and reviewed the implementation.",
    outcome: "The bundle ships in the product; support and engineering both use it as the first step of every investigation.",
    metric: "Back-and-forth messages per ticket down 35%",
    monthsAgo: 11,
    spanMonths: 4,
    kind: "improvement",
    scope: "several-teams",
    source: "metric",
    links: ["https://github.example.com/product/pull/4821"],
    vouchers: [{ name: "Aisha Karimi", role: "Product Manager, Platform" }],
    supports: [
      [1, 2, "Shaped tooling that changed how support and engineering investigate problems."],
      [1, 1, "Improved supportability of the product for every customer."],
      [4, 2, "Turned a recurring pain into a sustainable product fix."],
      [1, 0, "The problem spanned the product, engineering and support, and needed all three to solve."],
    ],
  },
  {
    title: "Mentored two senior engineers into team lead roles",
    whatHappened:
      "Priya ran fortnightly coaching sessions with two senior engineers for nine months, focusing on running incident reviews and giving feedback, and shadowed their first lead rotations.",
    outcome: "Both were promoted to team lead; one now runs the EMEA escalation team.",
    monthsAgo: 3,
    spanMonths: 9,
    kind: "mentoring",
    scope: "team",
    source: "peer-feedback",
    vouchers: [
      { name: "Tomás Ortega", role: "Team Lead, EMEA" },
      { name: "Hannah Cho", role: "Team Lead, Platform Support" },
    ],
    supports: [
      [0, 3, "Mentored senior engineers through their move into leadership."],
      [4, 1, "Coached two people to think clearly about leading incident reviews."],
    ],
  },
  {
    title: "Wrote the support trend report for product planning",
    whatHappened:
      "Priya analysed a year of tickets by product area, found that upgrade failures made up a fifth of enterprise escalations, and presented the findings at quarterly product planning.",
    outcome: "Upgrade reliability became a planning priority for the next two quarters.",
    monthsAgo: 4,
    kind: "documentation",
    scope: "organisation",
    source: "observed",
    links: ["https://docs.example.com/support/trends-2026-q2"],
    supports: [
      [1, 4, "Spotted the upgrade failure trend early and got the organisation to respond."],
      [3, 0, "Fed support's evidence into company planning."],
      [0, 2, "Made support data part of how the company decides what to build."],
      [4, 2, "Identified a systemic cause of escalations and got it fixed at the source."],
    ],
  },
  {
    title: "Redesigned the support engineer interview loop",
    whatHappened:
      "Priya replaced the trivia-style technical interview with a realistic troubleshooting exercise and trained eight interviewers to score it consistently.",
    outcome: "Hiring managers report clearer signal; interviewer calibration sessions now use her rubric.",
    monthsAgo: 14,
    kind: "hiring",
    scope: "team",
    source: "self-reported",
    supports: [[3, 1, "Changed how support hires and how interviewers are trained."]],
  },
  {
    title: "Feedback to the support leadership team on escalation reviews",
    whatHappened:
      "After sitting in on escalation reviews, Priya gave written feedback to two support managers on how the reviews focused on blame rather than systems, with a proposed format.",
    outcome: "Both managers adopted the format; reviews now end with system actions rather than individual ones.",
    monthsAgo: 2,
    kind: "feedback",
    scope: "team",
    source: "peer-feedback",
    vouchers: [{ name: "Grace Mensah", role: "Support Manager" }],
    supports: [
      [2, 1, "Improved how other leaders run reviews through direct feedback."],
      [4, 1, "Coached two managers to think about systems rather than individuals."],
    ],
  },
  {
    title: "Runbook library for the top 20 failure modes",
    whatHappened:
      "Priya organised a writing sprint where each team wrote runbooks for its most common failure modes, and set the template and review process.",
    outcome: "Twenty runbooks published; new joiners cite them as their main learning resource.",
    monthsAgo: 16,
    spanMonths: 2,
    kind: "documentation",
    scope: "several-teams",
    source: "observed",
    links: ["https://wiki.example.com/support/runbooks"],
    supports: [
      [2, 0, "Set a shared standard for what good troubleshooting guidance looks like."],
      [0, 4, "Built a shared system of runbooks that lets support scale without heroics."],
    ],
  },
  {
    title: "Joint on-call agreement with the Cloud Platform team",
    whatHappened:
      "Priya negotiated a shared on-call agreement so that support could page platform engineers directly for customer-impacting issues, with clear criteria on both sides.",
    outcome: "Customer-impacting platform issues are engaged within 15 minutes; both teams review pages monthly.",
    monthsAgo: 6,
    kind: "cross-team",
    scope: "several-teams",
    source: "observed",
    vouchers: [{ name: "Ben Adeyemi", role: "Head of Cloud Platform" }],
    supports: [
      [2, 3, "Built a bridge between support and platform with shared ownership of outcomes."],
      [4, 4, "Represented support in negotiating with another function."],
      [1, 2, "Changed the paging system and criteria that both teams work by."],
      [4, 0, "A cross-team agreement she led from proposal to monthly review."],
    ],
  },
  {
    title: "Chose to keep the legacy agent supported for one more year",
    whatHappened:
      "Product wanted to end support for the legacy deployment agent. Priya gathered usage data showing 40 regulated customers could not upgrade yet and proposed a one-year extension with a migration plan.",
    outcome: "Leadership agreed the extension; the migration plan is on track with 28 of 40 customers moved.",
    monthsAgo: 7,
    kind: "initiative",
    scope: "customers",
    source: "observed",
    links: ["https://docs.example.com/decisions/legacy-agent-extension"],
    supports: [
      [1, 3, "Balanced a long-term technical decision against customers' real constraints."],
      [0, 2, "Made sure the product roadmap accounted for customers support knows are at risk."],
    ],
  },
  {
    title: "Weekly support triage focus meeting",
    whatHappened: "We started a weekly 20-minute triage where the team agrees the three issues that matter most that week.",
    outcome: "The team says priorities are clearer; fewer tickets go stale.",
    monthsAgo: 1,
    kind: "improvement",
    scope: "team",
    source: "self-reported",
    supports: [[4, 5, "Helps the team focus on what matters most each week."]],
  },
  {
    title: "Presented support's view at the reliability guild",
    whatHappened: "Priya presented three customer escalations as case studies to the engineering reliability guild.",
    outcome: "Two engineering teams added supportability checks to their definition of done.",
    monthsAgo: 19,
    kind: "cross-team",
    scope: "several-teams",
    source: "observed",
    supports: [
      [0, 1, "Collaborated with engineering teams to change how they build for supportability."],
      [4, 4, "Represented support's view to the engineering organisation."],
    ],
  },
  {
    title: "Customer praise for the migration workshop",
    whatHappened: "Priya ran a half-day migration workshop for a large financial customer's platform team.",
    outcome: "The customer completed their migration two months early and wrote to their account manager to thank her.",
    monthsAgo: 9,
    kind: "feedback",
    scope: "customers",
    source: "customer-feedback",
    links: ["https://crm.example.com/accounts/northbank/notes/982"],
    supports: [[4, 3, "Guided a customer's team through a complex migration."]],
  },
  {
    title: "Onboarding plan for new support engineers",
    whatHappened: "Priya rewrote the first-month onboarding plan with a buddy system and graded exercises.",
    outcome: "New engineers take their first ticket a week earlier on average.",
    monthsAgo: 22,
    kind: "hiring",
    scope: "team",
    source: "self-reported",
    supports: [[3, 1, "Improved how new support engineers are onboarded."]],
  },
  {
    title: "Support metrics dashboard for leadership",
    whatHappened: "Priya built the dashboard leadership uses to review support health each month.",
    outcome: "Monthly reviews now start from shared numbers.",
    monthsAgo: 10,
    kind: "improvement",
    scope: "organisation",
    source: "metric",
    links: ["https://dashboards.example.com/support-health"],
    supports: [
      [0, 4, "Gave the organisation a system for seeing support health as it grows."],
      [0, 0, "Led the initiative to give leadership one shared view of support outcomes."],
    ],
  },
];

function monthsBefore(today: string, months: number): string {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(d, 28);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function daysAfter(today: string, days: number): string {
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** One realistic case for a fictional support engineer going for L5: some expectations well covered,
 *  some thin, some with nothing, so that a newcomer sees the product working at once. */
export async function seedDemoCase(db: Db, ownerId: string, today = todayIso()): Promise<string | null> {
  const ladderRow = await getCurrentLadder(db, DEMO_LADDER_SLUG);
  const [owner] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, ownerId));
  if (!ladderRow || !owner) return null;
  const ladder: Ladder = ladderRow.document;
  const key = (section: number, expectation: number) => {
    const found = ladder.sections[section]?.expectations[expectation]?.key;
    if (!found) throw new Error(`The demo case expects expectation ${section}.${expectation} in ${DEMO_LADDER_SLUG}`);
    return found;
  };
  const caseId = await createCase(db, owner, {
    candidateName: "Priya Raman",
    currentTitle: "Senior DevOps Support Engineer (L4)",
    ladderSlug: DEMO_LADDER_SLUG,
    calibrationDate: daysAfter(today, 42),
    status: "draft",
    recommendation:
      "I recommend Priya for promotion to L5 Principal DevOps Support Engineer.\n\nOver the last year she has moved from leading her own team's escalations to changing how the whole support organisation owns them, and she is the person other leads go to when an incident crosses team boundaries.",
    summary:
      "The strongest evidence is in cross-team initiatives and incident leadership, with measured outcomes. The case is thinner on strategic planning and on shaping the support culture beyond her own teams; I am gathering further evidence there before calibration.",
  });
  for (const item of ITEMS) {
    const end = monthsBefore(today, item.monthsAgo);
    const start = item.spanMonths ? monthsBefore(today, item.monthsAgo + item.spanMonths) : end;
    await createEvidence(db, owner, caseId, {
      title: item.title,
      whatHappened: item.whatHappened,
      outcome: item.outcome,
      metric: item.metric ?? null,
      dateStart: start,
      dateEnd: item.spanMonths ? end : undefined,
      kind: item.kind,
      scope: item.scope,
      source: item.source,
      links: item.links ?? [],
      vouchers: item.vouchers ?? [],
      supports: item.supports.map(([s, e, rationale]) => ({ expectationKey: key(s, e), rationale })),
    });
  }
  await setMark(db, owner, caseId, key(2, 2), {
    notApplicableReason: null,
    gapNote: "Asking two peers from other teams for written feedback on how Priya brings people along.",
  });
  return caseId;
}
