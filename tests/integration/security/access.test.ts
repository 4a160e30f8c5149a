// Access control, proven route by route (issue 6, "Access").
//
// ROUTES maps every file in app/routes to the requests that exercise it; the first test fails when
// a route file is missing from the table, or has a loader or action without a request here, so a
// new route cannot ship without being walked. Then:
//   - manager B walks every route of manager A's case (GET and every POST intent, with A's ids and
//     extra fields in the forms), and B's own case with A's ids in the URL and the form: 404 (or a
//     refusal), never A's data, and the database is unchanged, row for row;
//   - an administrator reads A's case (GET 200, edit pages 403) and cannot change it (POST 403);
//   - a crawl of every page as its owner changes nothing (a GET never writes);
//   - every POST without an Origin, or with a foreign one, is refused with 403 and changes nothing;
//   - extra fields in a form (owner, case, ids, numbers) are ignored: no mass assignment.
// "Unchanged" is a digest of every row of every table (sessions' sliding expiry aside).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseLabel, TestApp } from "../../security/support/app";
import { changedTables, type Snapshot } from "../../security/support/db";
import { Client, mainText, type Fields, type Reply } from "../../security/support/http";
import {
  addEvidence,
  caseVersion,
  evidenceFields,
  evidenceVersion,
  exportPacket,
  firstAdmin,
  invite,
  ladderKeys,
  LADDER,
  openCase,
  type Person,
} from "../../security/support/scenario";

interface World {
  admin: Person;
  a: Person;
  b: Person;
  /** A's co-owner; also a member of the session, where A's case is a conflict of interest for them. */
  c: Person;
  /** A reviewer who chairs the session A's case is submitted to. */
  r: Person;
  session: string;
  /** A finished zip of the session's packets. */
  sessionExport: string;
  caseA: string;
  caseB: string;
  /** A's items: two live ones (each tied to two expectations), one in the trash. */
  evidenceA: string;
  evidenceA2: string;
  trashedA: string;
  packetA: string;
  evidenceB: string;
  keys: string[];
  /** A's open request to Pat Peer to confirm evidenceA. */
  vouchA: string;
  /** A's candidate's contribution link, and the item they sent through it (waiting in A's inbox). */
  contributeTokenA: string;
  contributionA: string;
}

interface Probe {
  path: string;
  form?: Fields;
  /** What an administrator (who may read every case) gets from this GET on A's case. */
  admin?: 200 | 403;
}

interface ForgedProbe extends Probe {
  method: "GET" | "POST";
  expect: number;
}

type Scope =
  /** Object-level: everything under /cases/<id>. */
  | "case"
  /** Administrators only. */
  | "admin"
  /** Any signed-in person, about their own things. */
  | "user"
  /** No session needed. */
  | "public"
  /** Object-level: everything under /sessions/<id> (members and administrators read it). */
  | "session";

interface Coverage {
  scope: Scope;
  gets(w: World): Probe[];
  posts(w: World): Probe[];
  /** Requests in B's own case (or B's own pages) that name A's records. */
  forged?(w: World): ForgedProbe[];
  /** An administrator may make this POST on a case it can read (the packet export). */
  adminMayPost?: boolean;
}

// Text only A's case contains: none of B's responses may show it.
const SECRET = "Zephyrine";
const CANDIDATE_A = `${SECRET} Quillfeather`;

const BIG = "99999999999999999999";

const extraIds = (w: World): Array<[string, string]> => [
  ["caseId", w.caseB],
  ["ownerId", w.b.id],
  ["userId", w.b.id],
  ["id", w.evidenceB],
  ["evidenceId", w.evidenceB],
  ["createdBy", w.b.id],
];

const evidenceForm = (w: World, title: string): Array<[string, string]> =>
  evidenceFields({ title, supports: [[w.keys[0]!, "Forged rationale"]] });

const detailsForm = (w: World, version: number): Array<[string, string]> => [
  ["intent", "details"],
  ["candidateName", "Renamed by someone else"],
  ["currentTitle", "Changed"],
  ["summary", "Changed"],
  ["recommendation", "Changed"],
  ["status", "ready"],
  ["version", String(version)],
  ...extraIds(w),
];

// Well-formed tokens that open nothing: the walk's own requests must not write (a real vouch link
// marks its request opened), so real links are exercised as an outsider in tests/integration/vouch.test.ts.
const NO_SUCH_TOKEN = "A".repeat(43);

const ROUTES: Record<string, Coverage> = {
  "cases.$caseId.evidence.$evidenceId.vouch.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/evidence/${w.evidenceA}/vouch`, admin: 403 }],
    posts: (w) => [
      { path: `/cases/${w.caseA}/evidence/${w.evidenceA}/vouch`, form: [["voucher", "0"], ["showTitle", "on"], ...extraIds(w)] },
      { path: `/cases/${w.caseA}/evidence/${w.evidenceA}/vouch`, form: [["intent", "revoke"], ["request", w.vouchA], ...extraIds(w)] },
      { path: `/cases/${w.caseA}/evidence/${w.evidenceA}/vouch`, form: [["intent", "accept-correction"], ["request", w.vouchA]] },
    ],
    forged: (w) => [
      { method: "GET", path: `/cases/${w.caseB}/evidence/${w.evidenceA}/vouch`, expect: 404 },
      { method: "POST", path: `/cases/${w.caseB}/evidence/${w.evidenceA}/vouch`, form: [["voucher", "0"], ["showTitle", "on"]], expect: 404 },
      // A's request named from B's own item: requests are found within B's case only, so nothing happens.
      { method: "POST", path: `/cases/${w.caseB}/evidence/${w.evidenceB}/vouch`, form: [["intent", "revoke"], ["request", w.vouchA]], expect: 302 },
      { method: "POST", path: `/cases/${w.caseB}/evidence/${w.evidenceB}/vouch`, form: [["intent", "accept-correction"], ["request", w.vouchA]], expect: 404 },
    ],
  },
  "cases.$caseId.contributions._index.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/contributions`, admin: 200 }],
    posts: (w) => [
      { path: `/cases/${w.caseA}/contributions`, form: [["intent", "open-link"], ...extraIds(w)] },
      { path: `/cases/${w.caseA}/contributions`, form: [["intent", "close-link"], ...extraIds(w)] },
    ],
    forged: (w) => [{ method: "GET", path: `/cases/${w.caseB}/contributions`, expect: 200 }],
  },
  "cases.$caseId.contributions.$contributionId.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/contributions/${w.contributionA}`, admin: 403 }],
    posts: (w) => [
      { path: `/cases/${w.caseA}/contributions/${w.contributionA}`, form: [...evidenceForm(w, "Accepted by someone else"), ...extraIds(w)] },
      { path: `/cases/${w.caseA}/contributions/${w.contributionA}`, form: [["intent", "dismiss"], ["reason", "Forged"], ...extraIds(w)] },
    ],
    forged: (w) => [
      { method: "GET", path: `/cases/${w.caseB}/contributions/${w.contributionA}`, expect: 404 },
      { method: "POST", path: `/cases/${w.caseB}/contributions/${w.contributionA}`, form: evidenceForm(w, "Accepted by someone else"), expect: 404 },
      { method: "POST", path: `/cases/${w.caseB}/contributions/${w.contributionA}`, form: [["intent", "dismiss"], ["reason", "Forged"]], expect: 404 },
    ],
  },
  "contribute.$token.tsx": {
    scope: "public",
    // A real link: reading it writes nothing, and shows only what the candidate sent through it.
    gets: (w) => [{ path: `/contribute/${w.contributeTokenA}` }, { path: `/contribute/${NO_SUCH_TOKEN}` }],
    posts: (w) => [{ path: `/contribute/${NO_SUCH_TOKEN}`, form: [["title", "Planted"], ["caseId", w.caseB]] }],
  },
  "vouch.$token.tsx": {
    scope: "public",
    gets: () => [{ path: `/vouch/${NO_SUCH_TOKEN}` }, { path: "/vouch/not-a-token" }],
    posts: (w) => [{ path: `/vouch/${NO_SUCH_TOKEN}`, form: [["answer", "confirmed"], ["request", w.vouchA]] }],
  },
  "vouch.answered.tsx": { scope: "public", gets: () => [{ path: "/vouch/answered?answer=declined" }], posts: () => [] },
  "$.tsx": { scope: "public", gets: () => [{ path: "/no/such/page" }], posts: () => [] },
  "_index.tsx": { scope: "public", gets: () => [{ path: "/" }], posts: () => [] },
  "account.tsx": {
    scope: "user",
    gets: () => [{ path: "/account" }],
    posts: () => [{ path: "/account", form: { currentPassword: "wrong password 000", password: "new password 0000", confirmPassword: "new password 0000" } }],
  },
  "admin.people.tsx": {
    scope: "admin",
    gets: () => [{ path: "/admin/people" }],
    posts: (w): Probe[] => [
      { path: "/admin/people", form: { intent: "add", name: "Forged Person", email: "forged@ladderproof.test", role: "admin" } },
      { path: "/admin/people", form: { intent: "disable", userId: w.a.id } },
      { path: "/admin/people", form: { intent: "reinvite", userId: w.a.id } },
      { path: "/admin/people", form: { intent: "reset-password", userId: w.a.id } },
      { path: "/admin/people", form: { intent: "enable", userId: w.a.id } },
    ],
  },
  "admin.backup.tsx": { scope: "admin", gets: () => [{ path: "/admin/backup" }], posts: () => [] },
  "admin.backup.download.ts": {
    scope: "admin",
    gets: () => [{ path: "/admin/backup/download" }],
    posts: () => [{ path: "/admin/backup/download" }],
  },
  "cases.$caseId._index.tsx": {
    scope: "case",
    gets: (w) => [
      { path: `/cases/${w.caseA}`, admin: 200 },
      { path: `/cases/${w.caseA}?show=needs-work`, admin: 200 },
    ],
    posts: () => [],
  },
  "cases.$caseId.tsx": { scope: "case", gets: (w) => [{ path: `/cases/${w.caseA}/`, admin: 200 }], posts: () => [] },
  "cases.$caseId.evidence.$evidenceId._index.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/evidence/${w.evidenceA}`, admin: 200 }],
    posts: (w) => [
      { path: `/cases/${w.caseA}/evidence/${w.evidenceA}`, form: [["expectationKey", w.keys[5]!], ["rationale", "Forged"], ...extraIds(w)] },
      { path: `/cases/${w.caseA}/evidence/${w.evidenceA}`, form: [["intent", "detach"], ["expectationKey", w.keys[0]!], ...extraIds(w)] },
    ],
    forged: (w) => [
      { method: "GET", path: `/cases/${w.caseB}/evidence/${w.evidenceA}`, expect: 404 },
      { method: "POST", path: `/cases/${w.caseB}/evidence/${w.evidenceA}`, form: [["expectationKey", w.keys[5]!], ["rationale", "Forged"]], expect: 404 },
      { method: "POST", path: `/cases/${w.caseB}/evidence/${w.evidenceA}`, form: [["intent", "detach"], ["expectationKey", w.keys[0]!]], expect: 404 },
    ],
  },
  "cases.$caseId.evidence.$evidenceId.delete.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/evidence/${w.evidenceA}/delete`, admin: 403 }],
    posts: (w) => [{ path: `/cases/${w.caseA}/evidence/${w.evidenceA}/delete`, form: extraIds(w) }],
    forged: (w) => [
      { method: "GET", path: `/cases/${w.caseB}/evidence/${w.evidenceA}/delete`, expect: 404 },
      { method: "POST", path: `/cases/${w.caseB}/evidence/${w.evidenceA}/delete`, expect: 404 },
    ],
  },
  "cases.$caseId.evidence.$evidenceId.edit.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/evidence/${w.evidenceA}/edit`, admin: 403 }],
    posts: (w) => [
      { path: `/cases/${w.caseA}/evidence/${w.evidenceA}/edit`, form: [...evidenceForm(w, "Overwritten"), ["version", "1"], ...extraIds(w)] },
    ],
    forged: (w) => [
      { method: "GET", path: `/cases/${w.caseB}/evidence/${w.evidenceA}/edit`, expect: 404 },
      { method: "POST", path: `/cases/${w.caseB}/evidence/${w.evidenceA}/edit`, form: [...evidenceForm(w, "Overwritten"), ["version", "1"]], expect: 404 },
    ],
  },
  "cases.$caseId.evidence.new.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/evidence/new`, admin: 403 }],
    posts: (w) => [{ path: `/cases/${w.caseA}/evidence/new`, form: [...evidenceForm(w, "Planted item"), ...extraIds(w)] }],
  },
  "cases.$caseId.evidence.draft.ts": {
    scope: "case",
    gets: () => [],
    posts: (w) => [
      { path: `/cases/${w.caseA}/evidence/draft`, form: [["title", "Planted draft"], ...extraIds(w)] },
      { path: `/cases/${w.caseA}/evidence/draft`, form: [["intent", "discard"], ...extraIds(w)] },
    ],
  },
  "cases.$caseId.expectations.$key.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/expectations/${w.keys[0]}`, admin: 200 }],
    posts: (w) => [
      { path: `/cases/${w.caseA}/expectations/${w.keys[0]}`, form: [["intent", "mark"], ["notApplicable", "yes"], ["notApplicableReason", "Forged"], ["gapNote", "Forged"], ...extraIds(w)] },
      { path: `/cases/${w.caseA}/expectations/${w.keys[3]}`, form: [["intent", "attach"], ["evidenceId", w.evidenceA2], ["rationale", "Forged"], ["caseId", w.caseB]] },
    ],
    forged: (w) => [
      // A's item offered to B's expectation page: refused as "not an item of this case".
      { method: "POST", path: `/cases/${w.caseB}/expectations/${w.keys[3]}`, form: [["intent", "attach"], ["evidenceId", w.evidenceA], ["rationale", "Forged"], ["caseId", w.caseA]], expect: 400 },
    ],
  },
  "cases.$caseId.export.ts": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/export`, admin: 200 }],
    posts: () => [],
    forged: (w) => [{ method: "GET", path: `/cases/${w.caseB}/export`, expect: 200 }],
  },
  "cases.$caseId.evidence._index.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/evidence`, admin: 200 }],
    posts: () => [],
    forged: (w) => [{ method: "GET", path: `/cases/${w.caseB}/evidence`, expect: 200 }],
  },
  "cases.$caseId.history.tsx": {
    scope: "case",
    gets: (w) => [
      { path: `/cases/${w.caseA}/history`, admin: 200 },
      { path: `/cases/${w.caseA}/history?before=${BIG}`, admin: 200 },
    ],
    posts: () => [],
    forged: (w) => [
      { method: "GET", path: `/cases/${w.caseB}/history`, expect: 200 },
      { method: "GET", path: `/cases/${w.caseB}/history?before=${BIG}`, expect: 200 },
    ],
  },
  "cases.$caseId.packets.$packetId.download.ts": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/packets/${w.packetA}/download`, admin: 200 }],
    posts: () => [],
    forged: (w) => [{ method: "GET", path: `/cases/${w.caseB}/packets/${w.packetA}/download`, expect: 404 }],
  },
  "cases.$caseId.packets_.preview.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/packets/preview`, admin: 200 }],
    posts: () => [],
    forged: (w) => [{ method: "GET", path: `/cases/${w.caseB}/packets/preview`, expect: 200 }],
  },
  "cases.$caseId.packets.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/packets`, admin: 200 }],
    posts: (w) => [{ path: `/cases/${w.caseA}/packets`, form: extraIds(w) }],
    adminMayPost: true,
  },
  "cases.$caseId.committee.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/committee`, admin: 200 }],
    posts: (w) => [{ path: `/cases/${w.caseA}/committee`, form: [["sessionId", w.session], ...extraIds(w)] }],
  },
  "sessions._index.tsx": { scope: "user", gets: () => [{ path: "/sessions" }], posts: () => [] },
  "sessions.new.tsx": {
    scope: "admin",
    gets: () => [{ path: "/sessions/new" }],
    posts: (w) => [
      { path: "/sessions/new", form: [["name", "Forged session"], ["levels", "5"], ["meetingDate", "2027-01-20"], ["chairId", w.b.id], ["memberIds", w.b.id]] },
    ],
  },
  "sessions.$sessionId.tsx": { scope: "session", gets: (w) => [{ path: `/sessions/${w.session}/` }], posts: () => [] },
  "sessions.$sessionId._index.tsx": {
    scope: "session",
    gets: (w) => [{ path: `/sessions/${w.session}` }, { path: `/sessions/${w.session}?sort=votes&dir=desc&level=5&status=decided` }],
    posts: (w) => [
      { path: `/sessions/${w.session}?index`, form: [["intent", "reveal"]] },
      { path: `/sessions/${w.session}?index`, form: [["intent", "lock"]] },
    ],
  },
  "sessions.$sessionId.cases.$caseId.tsx": {
    scope: "session",
    gets: (w) => [{ path: `/sessions/${w.session}/cases/${w.caseA}` }],
    posts: (w) => [
      { path: `/sessions/${w.session}/cases/${w.caseA}`, form: [["intent", "vote"], ["vote", "support"], ["note", "Forged"], ...extraIds(w)] },
      { path: `/sessions/${w.session}/cases/${w.caseA}`, form: [["intent", "ask"], ["expectationKeys", w.keys[0]!], ["note", "Forged"]] },
      { path: `/sessions/${w.session}/cases/${w.caseA}`, form: [["intent", "decide"], ["decision", "promote"], ["rationale", "Forged"]] },
    ],
    forged: (w) => [{ method: "GET", path: `/sessions/${w.session}/cases/${w.caseB}`, expect: 404 }],
  },
  "sessions.$sessionId.compare.tsx": {
    scope: "session",
    gets: (w) => [
      { path: `/sessions/${w.session}/compare` },
      { path: `/sessions/${w.session}/compare?case=${w.caseA}` },
    ],
    posts: () => [],
    // B's own case is not in the session: not found, even beside one that is.
    forged: (w) => [{ method: "GET", path: `/sessions/${w.session}/compare?case=${w.caseA}&case=${w.caseB}`, expect: 404 }],
  },
  "sessions.$sessionId.outcome.ts": {
    scope: "session",
    gets: (w) => [{ path: `/sessions/${w.session}/outcome` }],
    posts: () => [],
  },
  "sessions.$sessionId.exports.tsx": {
    scope: "session",
    gets: (w) => [{ path: `/sessions/${w.session}/exports` }],
    posts: (w) => [{ path: `/sessions/${w.session}/exports`, form: [["intent", "zip"]] }],
    adminMayPost: true,
  },
  "sessions.$sessionId.exports.$exportId.download.ts": {
    scope: "session",
    gets: (w) => [{ path: `/sessions/${w.session}/exports/${w.sessionExport}/download` }],
    posts: () => [],
  },
  "sessions.$sessionId.cases.$caseId.packet.ts": {
    scope: "session",
    gets: (w) => [{ path: `/sessions/${w.session}/cases/${w.caseA}/packet` }],
    posts: () => [],
  },
  "cases.$caseId.settings.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/settings`, admin: 403 }],
    posts: (w) => [
      { path: `/cases/${w.caseA}/settings`, form: detailsForm(w, 1) },
      { path: `/cases/${w.caseA}/settings`, form: [["intent", "add-co-owner"], ["email", w.b.email], ...extraIds(w)] },
      { path: `/cases/${w.caseA}/settings`, form: [["intent", "remove-co-owner"], ["userId", w.c.id]] },
      { path: `/cases/${w.caseA}/settings`, form: [["intent", "delete-case"], ["confirmName", CANDIDATE_A], ["caseId", w.caseB]] },
      { path: `/cases/${w.caseA}/settings`, form: [["intent", "something-else"]] },
    ],
    forged: (w) => [
      // A's co-owner named in B's case: not B's co-owner, so nothing to remove.
      { method: "POST", path: `/cases/${w.caseB}/settings`, form: [["intent", "remove-co-owner"], ["userId", w.c.id], ["caseId", w.caseA]], expect: 302 },
      // A's candidate's name typed into B's delete form, with A's case id beside it.
      { method: "POST", path: `/cases/${w.caseB}/settings`, form: [["intent", "delete-case"], ["confirmName", CANDIDATE_A], ["caseId", w.caseA]], expect: 400 },
    ],
  },
  "cases.$caseId.trash.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/trash`, admin: 403 }],
    posts: (w) => [{ path: `/cases/${w.caseA}/trash`, form: [["evidenceId", w.trashedA], ["caseId", w.caseB]] }],
    forged: (w) => [{ method: "POST", path: `/cases/${w.caseB}/trash`, form: [["evidenceId", w.trashedA], ["caseId", w.caseA]], expect: 404 }],
  },
  "cases.$caseId.wording.tsx": {
    scope: "case",
    gets: (w) => [{ path: `/cases/${w.caseA}/wording`, admin: 200 }],
    posts: (w) => [
      { path: `/cases/${w.caseA}/wording`, form: [["intent", "dismiss"], ["key", "0".repeat(32)], ["reason", "Forged"], ...extraIds(w)] },
      { path: `/cases/${w.caseA}/wording`, form: [["intent", "reopen"], ["key", "0".repeat(32)], ...extraIds(w)] },
    ],
    forged: (w) => [
      { method: "POST", path: `/cases/${w.caseB}/wording`, form: [["intent", "dismiss"], ["key", "0".repeat(32)], ["reason", "Forged"]], expect: 404 },
    ],
  },
  "cases._index.tsx": {
    scope: "user",
    gets: () => [{ path: "/cases" }, { path: "/cases?sort=candidate&dir=asc" }],
    posts: () => [],
    forged: () => [{ method: "GET", path: "/cases?sort=evidence", expect: 200 }],
  },
  "cases.import.tsx": {
    scope: "user",
    gets: () => [{ path: "/cases/import" }],
    posts: () => [{ path: "/cases/import", form: { caseFile: "{}" } }],
  },
  "cases.new.tsx": {
    scope: "user",
    gets: () => [{ path: "/cases/new" }],
    posts: () => [{ path: "/cases/new", form: { candidateName: "Planted", currentTitle: "Engineer", ladderSlug: LADDER } }],
  },
  // A static page: no loader, no action, nothing to walk.
  "forgot-password.tsx": { scope: "public", gets: () => [], posts: () => [] },
  "healthz.ts": { scope: "public", gets: () => [{ path: "/healthz" }], posts: () => [] },
  "invite.$token.tsx": {
    scope: "public",
    gets: () => [{ path: "/invite/not-a-real-token" }],
    posts: () => [{ path: "/invite/not-a-real-token", form: { password: "new password 0000", confirmPassword: "new password 0000" } }],
  },
  "ladders.$slug.tsx": { scope: "user", gets: () => [{ path: `/ladders/${LADDER}` }], posts: () => [] },
  "ladders._index.tsx": { scope: "user", gets: () => [{ path: "/ladders" }], posts: () => [] },
  "login.tsx": {
    scope: "public",
    gets: () => [{ path: "/login" }, { path: "/login?redirectTo=%2Fcases" }],
    posts: (w) => [{ path: "/login", form: { email: w.a.email, password: "not the password 1" } }],
  },
  "logout.tsx": { scope: "public", gets: () => [{ path: "/logout" }], posts: () => [{ path: "/logout" }] },
  "reset.$token.tsx": {
    scope: "public",
    gets: () => [{ path: "/reset/not-a-real-token" }],
    posts: () => [{ path: "/reset/not-a-real-token", form: { password: "new password 0000", confirmPassword: "new password 0000" } }],
  },
  "packets.check.tsx": {
    scope: "user",
    gets: () => [{ path: "/packets/check" }],
    // A's packet checked by B is covered in packet-verify.test.ts (an upload needs a multipart body).
    posts: (w) => [{ path: "/packets/check", form: { packet: w.packetA, caseId: w.caseA } }],
  },
  "setup.tsx": {
    scope: "public",
    gets: () => [{ path: "/setup" }],
    posts: () => [{ path: "/setup", form: { name: "Second Admin", email: "second@ladderproof.test", password: "new password 0000", confirmPassword: "new password 0000" } }],
  },
};

const ROUTES_DIR = path.resolve("app/routes");

/** With single fetch, the client reads a page's data from `<path>.data`: the same checks apply. */
function dataUrl(pagePath: string): string {
  const url = new URL(pagePath, "http://x");
  const pathname = url.pathname === "/" ? "/_root" : url.pathname.replace(/\/$/, "");
  return `${pathname}.data${url.search}`;
}

const isResourceRoute = (file: string) => file.endsWith(".ts");

function describeReply(what: string, reply: Reply): string {
  return `${what} -> ${reply.status} ${reply.location ?? ""} ${mainText(reply.text).slice(0, 160)}`;
}

/** Waits for the background zip of a session to be ready; returns its id from the download link. */
async function waitForZip(person: Person, session: string): Promise<string> {
  for (let i = 0; i < 240; i++) {
    const page = await person.client.get(`/sessions/${session}/exports`);
    const id = new RegExp(`/sessions/${session}/exports/([0-9a-f-]{36})/download`).exec(page.text)?.[1];
    if (id) return id;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("The zip of the session's packets was not ready within a minute");
}

describe(`access control on every route (${databaseLabel})`, () => {
  let app: TestApp;
  let w: World;
  let baseline: Snapshot;

  /** Compares the database with the last baseline and makes the current state the new baseline. */
  async function expectUnchanged(what: string): Promise<void> {
    const now = await app.snapshot();
    expect(changedTables(baseline, now), `${what}: the database changed`).toEqual([]);
    baseline = now;
  }

  beforeAll(async () => {
    app = await TestApp.start();
    const admin = await firstAdmin(app);
    const a = await invite(app, admin, { name: "Amara Owner", email: "amara@ladderproof.test" });
    const b = await invite(app, admin, { name: "Bruno Stranger", email: "bruno@ladderproof.test" });
    const c = await invite(app, admin, { name: "Chen Coowner", email: "chen@ladderproof.test" });

    const caseA = await openCase(a.client, CANDIDATE_A);
    const keys = await ladderKeys(a.client, caseA);
    const added = await a.client.post(`/cases/${caseA}/settings`, { intent: "add-co-owner", email: c.email });
    expect(added.status, describeReply("adding a co-owner", added)).toBe(302);
    const evidenceA = await addEvidence(a.client, caseA, {
      title: `${SECRET} led the outage review`,
      links: ["https://wiki.example.com/review"],
      vouchers: [{ name: "Pat Peer", role: "Staff engineer" }],
      supports: [
        [keys[0]!, "Ran it end to end"],
        [keys[1]!, "Across four teams"],
      ],
    });
    const evidenceA2 = await addEvidence(a.client, caseA, {
      title: `${SECRET} mentored two engineers`,
      supports: [
        [keys[2]!, "Both promoted"],
        [keys[4]!, "Weekly sessions"],
      ],
    });
    const trashed = await addEvidence(a.client, caseA, { title: `${SECRET} draft item`, supports: [[keys[1]!, "Draft"]] });
    const deleted = await a.client.post(`/cases/${caseA}/evidence/${trashed.id}/delete`);
    expect(deleted.status, describeReply("deleting an item", deleted)).toBe(302);
    const marked = await a.client.post(`/cases/${caseA}/expectations/${keys[6]}`, { intent: "mark", notApplicable: "no", gapNote: `${SECRET} gap note` });
    expect(marked.status, describeReply("noting a gap", marked)).toBe(302);
    const packetA = await exportPacket(a.client, caseA);
    const asked = await a.client.post(`/cases/${caseA}/evidence/${evidenceA.id}/vouch`, { voucher: "0", showTitle: "on" });
    expect(asked.status, describeReply("asking Pat Peer to confirm", asked)).toBe(200);
    const vouchA = /name="request" value="([0-9a-f-]{36})"/.exec((await a.client.get(`/cases/${caseA}/evidence/${evidenceA.id}`)).text)?.[1] ?? "";
    const linked = await a.client.post(`/cases/${caseA}/contributions`, { intent: "open-link" });
    const contributeTokenA = /\/contribute\/([A-Za-z0-9_-]{43})/.exec(linked.text)?.[1] ?? "";
    expect(contributeTokenA, describeReply("giving the candidate a link", linked)).not.toBe("");
    const sent = await app.client().post(`/contribute/${contributeTokenA}`, {
      title: `${SECRET} candidate's own item`,
      whatHappened: "Ran the migration.",
      part: "Wrote the plan.",
      outcome: "No downtime.",
      dateStart: "2026-03-01",
    });
    expect(sent.status, describeReply("the candidate sending an item", sent)).toBe(302);
    const contributionA = /\/contributions\/([0-9a-f-]{36})/.exec((await a.client.get(`/cases/${caseA}/contributions`)).text)?.[1] ?? "";

    const r = await invite(app, admin, { name: "Rhea Reviewer", email: "rhea@ladderproof.test", role: "reviewer" });
    const created = await admin.client.post("/sessions/new", [
      ["name", "H1 2027 Support promotions"],
      ["levels", "5"],
      ["meetingDate", "2027-01-20"],
      ["chairId", r.id],
      ["memberIds", c.id],
    ]);
    const session = /^\/sessions\/([0-9a-f-]{36})$/.exec(created.location ?? "")?.[1];
    expect(session, describeReply("creating a session", created)).toBeTruthy();
    const submitted = await a.client.post(`/cases/${caseA}/committee`, { sessionId: session! });
    expect(submitted.status, describeReply("submitting A's case", submitted)).toBe(302);

    const zip = await r.client.post(`/sessions/${session}/exports`, { intent: "zip" });
    expect(zip.status, describeReply("asking for the zip", zip)).toBe(302);
    const sessionExport = await waitForZip(r, session!);

    const caseB = await openCase(b.client, "Bea Own");
    const evidenceB = await addEvidence(b.client, caseB, { title: "Bea fixed the pager", supports: [[keys[0]!, "Mine"]] });

    w = {
      admin,
      a,
      b,
      c,
      r,
      session: session!,
      sessionExport,
      caseA,
      caseB,
      evidenceA: evidenceA.id,
      evidenceA2: evidenceA2.id,
      trashedA: trashed.id,
      packetA,
      evidenceB: evidenceB.id,
      keys,
      vouchA,
      contributeTokenA,
      contributionA,
    };
    baseline = await app.snapshot();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it("has every file of app/routes in its table, with a request for each loader and action", () => {
    const files = fs.readdirSync(ROUTES_DIR).sort();
    expect(Object.keys(ROUTES).sort(), "add the new route to ROUTES in this file").toEqual(files);
    const placeholder = new Proxy({} as World, {
      get: (_t, key) => (key === "keys" ? Array.from({ length: 10 }, (_, i) => `key${i}`) : { id: String(key), email: String(key) }),
    });
    for (const file of files) {
      const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
      const hasLoader = /export\s+(async\s+)?function\s+loader\b|export\s+const\s+loader\b/.test(source);
      const hasAction = /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b/.test(source);
      const coverage = ROUTES[file]!;
      expect(coverage.gets(placeholder).length > 0, `${file}: GET requests ${hasLoader ? "missing" : "listed, but it has no loader"}`).toBe(hasLoader);
      expect(coverage.posts(placeholder).length > 0, `${file}: POST requests ${hasAction ? "missing" : "listed, but it has no action"}`).toBe(hasAction);
      if (coverage.scope === "case") {
        expect(source, `${file} is under /cases/<id>: it must check access with requireCase`).toContain("requireCase(");
      }
    }
  });

  it("answers another manager 404 on every route of a case that is not theirs, shows none of it, and changes nothing", async () => {
    const problems: string[] = [];
    const check = (what: string, reply: Reply, expected: number) => {
      if (reply.status !== expected) problems.push(`${describeReply(what, reply)} (expected ${expected})`);
      if (reply.text.includes(SECRET)) problems.push(`${what} showed A's data`);
    };
    for (const [file, coverage] of Object.entries(ROUTES)) {
      if (coverage.scope !== "case" && coverage.scope !== "admin" && coverage.scope !== "session") continue;
      for (const probe of coverage.gets(w)) {
        check(`${file}: GET ${probe.path}`, await w.b.client.get(probe.path), 404);
        if (!isResourceRoute(file)) check(`${file}: GET ${dataUrl(probe.path)}`, await w.b.client.get(dataUrl(probe.path)), 404);
      }
      for (const probe of coverage.posts(w)) {
        check(`${file}: POST ${probe.path} ${JSON.stringify(probe.form ?? {})}`, await w.b.client.post(probe.path, probe.form ?? []), 404);
      }
    }
    // B's own case and pages, naming A's records in the URL or the form.
    for (const [file, coverage] of Object.entries(ROUTES)) {
      for (const probe of coverage.forged?.(w) ?? []) {
        const reply = probe.method === "GET" ? await w.b.client.get(probe.path) : await w.b.client.post(probe.path, probe.form ?? []);
        check(`${file} (B's own case): ${probe.method} ${probe.path} ${JSON.stringify(probe.form ?? {})}`, reply, probe.expect);
      }
    }
    // A made-up case id and a malformed one answer exactly like a real case of someone else.
    for (const id of ["0b4f1f8e-59f3-4f57-9d55-7c5a8b0b1b1b", "not-a-uuid", w.caseA.toUpperCase()]) {
      check(`GET /cases/${id}`, await w.b.client.get(`/cases/${id}`), 404);
    }
    expect(problems).toEqual([]);
    await expectUnchanged("after B's walk");
  });

  it("lets an administrator read another manager's case (GET 200, edit pages 403) but not change it (POST 403), and nothing changes", async () => {
    const problems: string[] = [];
    for (const [file, coverage] of Object.entries(ROUTES)) {
      if (coverage.scope !== "case") continue;
      for (const probe of coverage.gets(w)) {
        const reply = await w.admin.client.get(probe.path);
        if (reply.status !== probe.admin) problems.push(`${describeReply(`${file}: GET ${probe.path}`, reply)} (expected ${probe.admin})`);
      }
      if (coverage.adminMayPost) continue;
      for (const probe of coverage.posts(w)) {
        const reply = await w.admin.client.post(probe.path, probe.form ?? []);
        if (reply.status !== 403) problems.push(`${describeReply(`${file}: POST ${probe.path}`, reply)} (expected 403)`);
      }
    }
    expect(problems).toEqual([]);
    await expectUnchanged("after the administrator's walk");
  });

  it("never changes data on a GET: a crawl of every page by its owners leaves every table as it was", async () => {
    const anonymous = new Client(() => app.url);
    const problems: string[] = [];
    for (const [file, coverage] of Object.entries(ROUTES)) {
      const visitors: Client[] =
        coverage.scope === "admin"
          ? [w.admin.client]
          : coverage.scope === "public"
            ? [anonymous, w.a.client]
            : coverage.scope === "session"
              ? [w.r.client, w.c.client, w.admin.client]
              : [w.a.client, w.c.client];
      for (const client of visitors) {
        for (const probe of coverage.gets(w)) {
          for (const target of isResourceRoute(file) || coverage.scope === "public" ? [probe.path] : [probe.path, dataUrl(probe.path)]) {
            const reply = await client.get(target);
            // Owners and co-owners get every page of their case, and everyone their own pages;
            // public pages may redirect a signed-in person elsewhere.
            const ok = coverage.scope === "public" || coverage.scope === "admin" ? reply.status < 500 : reply.status === 200;
            if (!ok) problems.push(describeReply(`${file}: GET ${target}`, reply));
          }
        }
      }
    }
    expect(problems).toEqual([]);
    // GET /logout did not sign anyone out.
    expect((await w.a.client.get("/cases")).status).toBe(200);
    await expectUnchanged("after the crawl");
  });

  it("lets a reviewer read a case only through a session they sit on, opens no case page to them, and lets an administrator read a session but not act in it", async () => {
    const problems: string[] = [];
    const expectStatus = (what: string, reply: Reply, expected: number) => {
      if (reply.status !== expected) problems.push(`${describeReply(what, reply)} (expected ${expected})`);
    };
    for (const [file, coverage] of Object.entries(ROUTES)) {
      if (coverage.scope !== "case") continue;
      for (const probe of coverage.gets(w)) {
        const reply = await w.r.client.get(probe.path);
        expectStatus(`reviewer: ${file}: GET ${probe.path}`, reply, 404);
        if (reply.text.includes(SECRET)) problems.push(`reviewer: ${file}: GET ${probe.path} showed A's case outside the session`);
      }
      for (const probe of coverage.posts(w)) expectStatus(`reviewer: ${file}: POST ${probe.path}`, await w.r.client.post(probe.path, probe.form ?? []), 404);
    }
    for (const path of ["/cases/new", "/cases/import"]) expectStatus(`reviewer: GET ${path}`, await w.r.client.get(path), 404);
    expectStatus("reviewer: POST /cases/new", await w.r.client.post("/cases/new", { candidateName: "Planted", currentTitle: "Engineer", ladderSlug: LADDER }), 404);
    const read = await w.r.client.get(`/sessions/${w.session}/cases/${w.caseA}`);
    expectStatus("reviewer reads A's submitted case", read, 200);
    expect(mainText(read.text)).toContain(SECRET);
    for (const [file, coverage] of Object.entries(ROUTES)) {
      if (coverage.scope !== "session") continue;
      for (const probe of coverage.gets(w)) expectStatus(`administrator: ${file}: GET ${probe.path}`, await w.admin.client.get(probe.path), 200);
      if (coverage.adminMayPost) continue;
      for (const probe of coverage.posts(w)) {
        expectStatus(`administrator: ${file}: POST ${probe.path} ${JSON.stringify(probe.form ?? {})}`, await w.admin.client.post(probe.path, probe.form ?? []), 403);
      }
    }
    expect(problems).toEqual([]);
    await expectUnchanged("after the reviewer's and the administrator's walk of the session");
  });

  it("refuses every non-GET request with a missing or foreign Origin (403) and changes nothing", async () => {
    const anonymous = new Client(() => app.url);
    const port = new URL(app.url).port;
    const origins: Array<string | null> = [null, "null", "http://evil.example", `https://127.0.0.1:${port}`, "http://127.0.0.1:1", `http://localhost.evil.example:${port}`];
    const problems: string[] = [];
    let tried = 0;
    for (const [file, coverage] of Object.entries(ROUTES)) {
      const client =
        coverage.scope === "admin" ? w.admin.client : coverage.scope === "public" ? anonymous : coverage.scope === "session" ? w.r.client : w.a.client;
      const sessionClient = coverage.scope === "public" ? w.a.client : client;
      for (const probe of coverage.posts(w)) {
        for (const origin of origins) {
          for (const who of new Set([client, sessionClient])) {
            const reply = await who.post(probe.path, probe.form ?? [], { origin });
            tried++;
            if (reply.status !== 403) problems.push(`${describeReply(`${file}: POST ${probe.path} with Origin ${origin}`, reply)} (expected 403)`);
          }
        }
      }
    }
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const reply = await w.a.client.send(method, `/cases/${w.caseA}/settings`, [["intent", "delete-case"], ["confirmName", CANDIDATE_A]], { origin: null });
      tried++;
      if (reply.status !== 403) problems.push(describeReply(`${method} without Origin`, reply));
    }
    expect(problems).toEqual([]);
    expect(tried).toBeGreaterThan(100);
    // The refused POST /logout left A signed in.
    expect((await w.a.client.get("/cases")).status).toBe(200);
    await expectUnchanged("after the forged-origin requests");
    // The control: the same kind of request from our own origin goes through.
    const accepted = await w.a.client.post(`/cases/${w.caseA}/expectations/${w.keys[7]}`, { intent: "mark", notApplicable: "no", gapNote: "From the real page" });
    expect(accepted.status).toBe(302);
  });

  it("lets an administrator export the packet of a case it reads, recorded under the administrator's name", async () => {
    await exportPacket(w.admin.client, w.caseA);
    const history = mainText((await w.a.client.get(`/cases/${w.caseA}/history`)).text);
    expect(history).toContain(`${w.admin.name} downloaded a packet`);
    // The digest comparison the tests above rely on does see writes: the note added by the control
    // request of the previous test and this export.
    const changed = changedTables(baseline, await app.snapshot()).map((t) => t.split(":")[0]);
    expect(changed).toEqual(expect.arrayContaining(["audit_events", "cases", "expectation_marks", "packets"]));
    expect(changed).not.toContain("users");
  });

  it("ignores fields a form does not have (no mass assignment): owner, case, ids and numbers stay as they were", async () => {
    const version = await evidenceVersion(w.a.client, w.caseA, w.evidenceA);
    const edited = await w.a.client.post(`/cases/${w.caseA}/evidence/${w.evidenceA}/edit`, [
      ...evidenceFields({ title: `${SECRET} led the outage review (edited)`, supports: [[w.keys[0]!, "Ran it end to end"]], version }),
      ["caseId", w.caseB],
      ["case_id", w.caseB],
      ["id", w.evidenceB],
      ["number", "1"],
      ["createdBy", w.b.id],
      ["deletedAt", "2020-01-01"],
      ["supports[0].evidenceId", w.evidenceB],
    ]);
    expect(edited.status, describeReply("edit with extra fields", edited)).toBe(302);

    const settings = await w.a.client.post(`/cases/${w.caseA}/settings`, [
      ...detailsForm(w, await caseVersion(w.a.client, w.caseA)).map(([k, v]): [string, string] => [k, k === "candidateName" ? CANDIDATE_A : v]),
      ["owner_id", w.b.id],
      ["ladderVersionId", "x"],
      ["nextEvidenceNumber", "1"],
      ["id", w.caseB],
    ]);
    expect(settings.status, describeReply("settings with extra fields", settings)).toBe(302);

    const plantedCase = await openCase(w.b.client, "Planted by B", [
      ["ownerId", w.a.id],
      ["id", w.caseA],
      ["status", "archived"],
    ]);
    expect(plantedCase).not.toBe(w.caseA);

    const added = await addEvidence(w.a.client, w.caseA, { title: `${SECRET} new item`, supports: [[w.keys[2]!, "New"]] }, [
      ["id", w.evidenceB],
      ["number", "1"],
      ["caseId", w.caseB],
    ]);
    expect(added.id).not.toBe(w.evidenceB);

    const rows = await app.sql(async (sql) => ({
      cases: await sql.query<{ id: string; owner_id: string; status: string; next_evidence_number: number }>(
        "select id, owner_id, status, next_evidence_number from cases order by created_at",
      ),
      evidence: await sql.query<{ id: string; case_id: string; number: number; created_by: string; deleted_at: unknown; title: string }>(
        "select id, case_id, number, created_by, deleted_at, title from evidence",
      ),
    }));
    const caseRow = (id: string) => rows.cases.find((c) => c.id === id);
    const item = (id: string) => rows.evidence.find((e) => e.id === id);
    expect(caseRow(w.caseA)).toMatchObject({ owner_id: w.a.id, status: "ready", next_evidence_number: 5 });
    expect(caseRow(w.caseB)).toMatchObject({ owner_id: w.b.id, status: "draft" });
    expect(caseRow(plantedCase)).toMatchObject({ owner_id: w.b.id, status: "draft" });
    expect(item(w.evidenceA)).toMatchObject({ case_id: w.caseA, number: 1, created_by: w.a.id, deleted_at: null, title: `${SECRET} led the outage review (edited)` });
    expect(item(w.evidenceB)).toMatchObject({ case_id: w.caseB, number: 1, created_by: w.b.id, title: "Bea fixed the pager" });
    expect(item(added.id)).toMatchObject({ case_id: w.caseA, number: 4, created_by: w.a.id });
  });
});
