// People, cases, evidence and packets made the way a person makes them: through the pages.
// The first administrator comes from /setup; managers are added on /admin/people and set their
// password through the one-time invitation link the page shows.
import { expect } from "vitest";
import { Client, mainText, type Fields, type Reply } from "./http";
import type { TestApp } from "./app";

export const PASSWORD = "a long and boring passphrase 7";
export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

export interface Person {
  client: Client;
  name: string;
  email: string;
  password: string;
  id: string;
}

function fail(what: string, reply: Reply): never {
  throw new Error(`${what}: HTTP ${reply.status} ${reply.location ?? ""}\n${mainText(reply.text).slice(0, 600)}`);
}

export async function firstAdmin(app: TestApp, name = "Ada Admin", email = "ada.admin@ladderproof.test"): Promise<Person> {
  const client = app.client();
  const reply = await client.post("/setup", { name, email, password: PASSWORD, confirmPassword: PASSWORD });
  if (reply.status !== 302 || !client.cookie) fail("POST /setup", reply);
  // The People page has no form for one's own row; on a new installation the only account id in
  // the page (in its loader data) is the administrator's.
  const page = await client.get("/admin/people");
  const ids = new Set([...page.text.matchAll(new RegExp(UUID.source, "g"))].map((m) => m[0]));
  if (ids.size !== 1) throw new Error(`Expected one account id on the People page, found ${ids.size}`);
  return { client, name, email, password: PASSWORD, id: [...ids][0]! };
}

/** Every account's id by email, read from the admin's People page. */
export async function peopleIds(admin: Client): Promise<Record<string, string>> {
  const page = await admin.get("/admin/people");
  if (page.status !== 200) fail("GET /admin/people", page);
  const ids: Record<string, string> = {};
  for (const row of page.text.split("<tr").slice(1)) {
    const email = /<td>[^<]*<\/td><td>([^<]+@[^<]+)<\/td>/.exec(row)?.[1];
    const id = /name="userId" value="([^"]+)"/.exec(row)?.[1];
    if (email) ids[email] = id ?? "";
  }
  return ids;
}

/** Adds an account on the People page and accepts its invitation; the new person is signed in. */
export async function invite(
  app: TestApp,
  admin: Person,
  person: { name: string; email: string; role?: "manager" | "admin" | "reviewer" },
  options: { lookUpId?: boolean } = {},
): Promise<Person> {
  const added = await admin.client.post("/admin/people", {
    intent: "add",
    name: person.name,
    email: person.email,
    role: person.role ?? "manager",
  });
  if (added.status !== 200) fail(`adding ${person.email}`, added);
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(added.text)?.[1];
  if (!token) throw new Error(`No invitation link on the People page after adding ${person.email}`);
  const client = app.client();
  const accepted = await client.post(`/invite/${token}`, { password: PASSWORD, confirmPassword: PASSWORD });
  if (accepted.status !== 302 || !client.cookie) fail(`accepting the invitation of ${person.email}`, accepted);
  const id = options.lookUpId === false ? "" : ((await peopleIds(admin.client))[person.email] ?? "");
  return { client, name: person.name, email: person.email, password: PASSWORD, id };
}

export async function signIn(app: TestApp, email: string, password = PASSWORD, forwardedFor?: string): Promise<Client> {
  const client = app.client(forwardedFor);
  const reply = await client.post("/login", { email, password });
  if (reply.status !== 302 || !client.cookie) fail(`signing in as ${email}`, reply);
  return client;
}

export const LADDER = "L5-Principal-DevOps-Support-Engineer";

export async function openCase(client: Client, candidateName: string, extra: Fields = []): Promise<string> {
  const reply = await client.post("/cases/new", [
    ["candidateName", candidateName],
    ["currentTitle", "Senior Support Engineer"],
    ["ladderSlug", LADDER],
    ...(Array.isArray(extra) ? extra : Object.entries(extra)),
  ]);
  const id = reply.status === 302 ? /^\/cases\/([0-9a-f-]{36})$/.exec(reply.location ?? "")?.[1] : undefined;
  if (!id) fail(`opening a case for ${candidateName}`, reply);
  return id;
}

/** The expectation keys of the case's ladder, in form order. */
export async function ladderKeys(client: Client, caseId: string): Promise<string[]> {
  const page = await client.get(`/cases/${caseId}/evidence/new`);
  if (page.status !== 200) fail("GET evidence/new", page);
  const keys = [...page.text.matchAll(/name="supports\[(\d+)\]\.expectationKey" value="([^"]+)"/g)].map((m) => m[2]!);
  if (keys.length < 3) throw new Error("The ladder has fewer than three expectations");
  return keys;
}

export interface EvidenceInput {
  title: string;
  whatHappened?: string;
  outcome?: string;
  metric?: string;
  /** YYYY-MM-DD; 2026-01-12 unless given. */
  dateStart?: string;
  links?: string[];
  vouchers?: Array<{ name: string; role: string }>;
  /** Expectation key -> rationale. */
  supports: Array<[string, string]>;
  version?: number;
}

/** The evidence form's fields as the browser posts them (only ticked expectations are sent). */
export function evidenceFields(input: EvidenceInput): Array<[string, string]> {
  const fields: Array<[string, string]> = [
    ["title", input.title],
    ["whatHappened", input.whatHappened ?? "Ran the incident bridge and wrote the follow-up."],
    ["outcome", input.outcome ?? "Escalations fell the next quarter."],
    ["metric", input.metric ?? ""],
    ["dateStart", input.dateStart ?? "2026-01-12"],
    ["dateEnd", ""],
    ["kind", "incident"],
    ["scope", "several-teams"],
    ["source", "observed"],
  ];
  (input.links ?? []).forEach((link, i) => fields.push([`links[${i}]`, link]));
  (input.vouchers ?? []).forEach((v, i) => fields.push([`vouchers[${i}].name`, v.name], [`vouchers[${i}].role`, v.role]));
  input.supports.forEach(([key, rationale], i) => fields.push([`supports[${i}].expectationKey`, key], [`supports[${i}].rationale`, rationale]));
  if (input.version !== undefined) fields.push(["version", String(input.version)]);
  return fields;
}

/** Adds an item and returns its reference (E-01) and id. */
export async function addEvidence(client: Client, caseId: string, input: EvidenceInput, extra: Fields = []): Promise<{ ref: string; id: string }> {
  const reply = await client.post(`/cases/${caseId}/evidence/new`, [
    ...evidenceFields(input),
    ...(Array.isArray(extra) ? extra : Object.entries(extra)),
  ]);
  const ref = reply.status === 302 ? /[?&]added=(E-\d+)/.exec(reply.location ?? "")?.[1] : undefined;
  if (!ref) fail(`adding evidence "${input.title}"`, reply);
  const id = (await evidenceIds(client, caseId))[ref];
  if (!id) throw new Error(`${ref} is not on the case page`);
  return { ref, id };
}

/** Live evidence of a case by reference, read from the case's evidence list. */
export async function evidenceIds(client: Client, caseId: string): Promise<Record<string, string>> {
  const page = await client.get(`/cases/${caseId}/evidence`);
  if (page.status !== 200) fail("GET evidence list", page);
  return refsToIds(page.text);
}

/** Evidence references and ids from a page that lists items (evidence list, case overview, expectation page). */
export function refsToIds(html: string): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const m of html.matchAll(/evidence-ref">(E-\d+)<\/span><a[^>]*href="\/cases\/[0-9a-f-]{36}\/evidence\/([0-9a-f-]{36})"/g)) {
    ids[m[1]!] = m[2]!;
  }
  return ids;
}

/** The version the edit form of an item was opened on. */
export async function evidenceVersion(client: Client, caseId: string, evidenceId: string): Promise<number> {
  const page = await client.get(`/cases/${caseId}/evidence/${evidenceId}/edit`);
  if (page.status !== 200) fail("GET evidence edit", page);
  const version = /name="version" value="(\d+)"/.exec(page.text)?.[1];
  if (!version) throw new Error("No version on the edit form");
  return Number(version);
}

/** Generates a packet; returns the packet id from the download redirect. */
export async function exportPacket(client: Client, caseId: string): Promise<string> {
  const reply = await client.post(`/cases/${caseId}/packets`);
  const id = reply.status === 302 ? /\/packets\/([0-9a-f-]{36})\/download$/.exec(reply.location ?? "")?.[1] : undefined;
  if (!id) fail("exporting a packet", reply);
  return id;
}

export async function caseVersion(client: Client, caseId: string): Promise<number> {
  const page = await client.get(`/cases/${caseId}/settings`);
  if (page.status !== 200) fail("GET settings", page);
  const version = /name="version" value="(\d+)"/.exec(page.text)?.[1];
  if (!version) throw new Error("No version on the settings form");
  return Number(version);
}

export function expectRedirectToLogin(reply: Reply): void {
  expect(reply.status, mainText(reply.text).slice(0, 200)).toBe(302);
  expect(reply.location ?? "").toMatch(/^\/login(\?|$)/);
}
