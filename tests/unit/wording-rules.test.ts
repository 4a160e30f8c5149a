// Each wording rule on its own: sentences it must flag, and near misses it must leave alone.
import { describe, expect, it } from "vitest";
import { checkText, TEXT_RULES } from "~/domain/wording/rules";
import type { TextRuleCode, WordingField } from "~/domain/wording/rules-document";
import { inflections } from "~/domain/wording/text";
import { loadTestRules } from "../support/wording";

const rules = loadTestRules();

function codes(text: string, field: WordingField = "text", metric?: string) {
  return checkText(text, rules, field, { metric }).map((f) => f.code);
}

function matches(text: string, code: TextRuleCode) {
  return checkText(text, rules).filter((f) => f.code === code).map((f) => f.match);
}

function expectRule(code: TextRuleCode, fires: string[], quiet: string[]) {
  it.each(fires)(`flags: %s`, (text) => expect(codes(text)).toContain(code));
  it.each(quiet)(`leaves alone: %s`, (text) => expect(codes(text)).not.toContain(code));
}

describe("every finding", () => {
  it("carries a stable code, the matched text at its offsets, a one-line why, a source and a suggestion", () => {
    const text = "Honestly, she is abrasive; we shipped it somewhat late. He is a brilliant, hard-working rockstar.";
    const findings = checkText(text, rules);
    expect(findings.length).toBeGreaterThanOrEqual(4);
    for (const f of findings) {
      expect(text.slice(f.start, f.end)).toBe(f.match);
      expect(f.why).not.toContain("\n");
      expect(f.why.length).toBeGreaterThan(20);
      expect(f.source).toMatch(/\w/);
      expect(f.suggestion).toMatch(/\w/);
    }
    expect(TEXT_RULES.map((r) => r.code)).toEqual([
      "vague-outcome", "personality", "whose-part", "effort-not-result", "doubt-hedge", "personal-life", "hyperbole",
    ]);
  });

  it("finds nothing in neutral, specific text", () => {
    for (const text of [
      "She presented the incident review to the executive team on 4 March.",
      "He owns the escalation queue for enterprise customers.",
      "Xe drafted the proposal and circulated it to three directors.",
      "They moved the team's dashboards to Grafana.",
      "",
      "   ",
    ]) {
      expect(checkText(text, rules), text).toEqual([]);
    }
  });

  it("matches inflections of listed words, not unrelated words that share letters", () => {
    expect(inflections("abrasive")).toEqual(expect.arrayContaining(["abrasiveness", "abrasively"]));
    expect(inflections("bossy")).toEqual(expect.arrayContaining(["bossiness", "bossier"]));
    expect(inflections("a")).toEqual(["a"]);
    expect(matches("Her abrasiveness puts people off.", "personality")).toEqual(["abrasiveness"]);
    expect(codes("The sandpaper is an abrasive material.")).not.toContain("personality");
  });
});

describe("vague outcome", () => {
  expectRule(
    "vague-outcome",
    ["Her work had a big impact on the business.", "They improved the onboarding experience.", "The launch was a great success.", "His help made a real difference."],
    [
      "He cut average handle time from 11 minutes to 7 minutes.",
      "Customers no longer need to call us to change their billing address.",
      "They improved onboarding so that new hires ship in their first week instead of their third.",
      "The project did not improve anything, so she stopped it in May.",
    ],
  );

  it("judges an evidence outcome as a whole: nothing specific anywhere, and no metric", () => {
    expect(codes("Customers were happier with support.", "outcome")).toEqual(["vague-outcome"]);
    expect(codes("Customers were happier with support.", "outcome", "CSAT 4.1 to 4.6")).toEqual([]);
    expect(codes("Escalations fell by a third after the rota change.", "outcome")).toEqual([]);
    const [f] = checkText("  It went well.  ", rules, "outcome");
    expect(f?.match).toBe("It went well.");
  });
});

describe("personality, not behaviour", () => {
  expectRule(
    "personality",
    [
      "She is abrasive with junior engineers.",
      "Marcus can come across as aggressive in reviews.",
      "Some peers find them bossy.",
      "He gets too emotional when plans change.",
      "Jordan needs to watch their tone in incident channels.",
      "Ze is opinionated and hard to work with.",
      "Peers called her “abrasive”.",
      "Abrasive and dismissive.",
    ],
    [
      "They set an aggressive timeline for the launch and met it.",
      "She wrote the emotional support animal policy that HR adopted.",
      "He tuned the aggressive caching so that pages load in 200 ms.",
      "The timeline she was given was aggressive, but she shipped on 9 May.",
      "He handled an emotionally charged escalation and kept the account.",
      "She resolved a difficult escalation with a bank on 2 June.",
      "Her emotional intelligence training is now part of onboarding.",
    ],
  );

  it("works with pronouns of any gender and with names", () => {
    for (const subject of ["She", "He", "They", "Xe", "Ze", "Priya", "Tomasz"]) {
      expect(codes(`${subject} can be abrasive in meetings.`), subject).toContain("personality");
    }
  });
});

describe("whose part?", () => {
  expectRule(
    "whose-part",
    [
      "We shipped the new status page last quarter.",
      "The backlog was cleared and the SLA was restored.",
      "The team rolled out the new paging policy across EMEA.",
      "He was involved in the database upgrade.",
      "Together we reduced ticket volume by a third.",
    ],
    [
      "She shipped the new status page last quarter.",
      "The team she built cut escalation time from 9 hours to 3.",
      "The backlog was cleared by Tomas, who also rewrote the triage guide.",
      "\"We could not have launched without her,\" the VP wrote.",
      "We asked her to lead the vendor review, and she cut the contract cost by 18%.",
      "Everyone agrees she is the best person for the role.",
      "He has been distracted since March.",
      "Ze designed the schema; the team then migrated the data.",
    ],
  );

  it("credits the candidate's own action anywhere in the text", () => {
    expect(codes("We migrated 40 services. She wrote the rollback plan for each.", "what-happened")).not.toContain("whose-part");
    expect(codes("We migrated 40 services.", "what-happened")).toContain("whose-part");
  });
});

describe("effort, not result", () => {
  expectRule(
    "effort-not-result",
    ["She is hard-working and very diligent.", "He worked tirelessly on the migration.", "A dedicated and reliable member of the team.", "They always go above and beyond.", "Amara is a hard worker."],
    [
      "His dedicated work on the importer cut load times from 40 s to 6 s.",
      "They run a dedicated on-call channel for payments.",
      "He worked tirelessly on the migration and finished it two weeks early.",
      "She committed the fix to the release branch.",
      "The reliable pipeline he built has run 2,000 deploys.",
    ],
  );
});

describe("doubt raisers and hedges", () => {
  expectRule(
    "doubt-hedge",
    [
      "He is somewhat ready for the next level.",
      "While she has not managed a budget, her planning is sound.",
      "They might be able to lead a cross-team project.",
      "Her design docs are fairly good.",
      "I think he is probably ready.",
      "Although Leo lacks experience with large customers, he has potential.",
    ],
    [
      "While on call in July, she handled 31 pages.",
      "She split the on-call load fairly across the rota.",
      "She tracked down a bit flip in the storage layer.",
      "This kind of migration usually takes a quarter; she took six weeks.",
      "Although he joined in May, he already leads the incident review.",
      "Despite the outage, she kept the customer informed every hour.",
    ],
  );
});

describe("personal life", () => {
  expectRule(
    "personal-life",
    [
      "She came back from maternity leave and picked things up quickly.",
      "He has been distracted since his divorce.",
      "Their health has held them back this year.",
      "For someone her age, she knows a lot.",
      "He is young for a staff engineer.",
      "She is planning to start a family.",
      "Xe is always well dressed.",
    ],
    [
      "She drafted the maternity leave policy the company adopted.",
      "He added health checks to every service.",
      "She built the family of payment services.",
      "He replaced the old deploy scripts with one pipeline.",
      "She wrote the parental leave policy that HR adopted in 2024.",
    ],
  );
});

describe("hyperbole without evidence", () => {
  expectRule(
    "hyperbole",
    ["Lina is a brilliant engineer.", "He is an absolute rockstar.", "Simply put, Dana is a genius.", "Her work has been nothing short of phenomenal.", "He is one of the best engineers I have worked with."],
    [
      "Her brilliant query rewrite took the nightly report from 3 hours to 12 minutes.",
      "She closed every outstanding ticket in the old queue.",
      "He handled exceptional cases in the billing export.",
      "The issues remain outstanding until the vendor replies.",
    ],
  );
});
