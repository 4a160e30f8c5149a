// What the browser is told and shown (issue 6, "Browser-facing"): security headers and CSP nonces
// on every HTML page, no-store on personal pages and packet downloads, hostile text rendered as
// text everywhere, dangerous links refused at input, and production errors that show a friendly
// page while the details go to the server log.
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseLabel, TestApp } from "../../security/support/app";
import { Client, mainText, unescapeHtml, type Reply } from "../../security/support/http";
import {
  addEvidence,
  evidenceFields,
  evidenceIds,
  evidenceVersion,
  exportPacket,
  firstAdmin,
  invite,
  ladderKeys,
  LADDER,
  openCase,
  UUID,
  type Person,
} from "../../security/support/scenario";

// Text a person might type that a careless page would run or render as markup.
const HOSTILE = {
  candidate: `<b onmouseover=alert(1)>Casey</b> "O'Hara" & co`,
  title: "<script>alert(1)</script>",
  whatHappened: "<img src=x onerror=alert(1)>",
  outcome: '"><svg onload=alert(1)>',
  metric: "</textarea><script>alert(2)</script>",
  voucher: "<iframe src=javascript:alert(1)>",
  rationale: '<a href="javascript:alert(1)">click</a>',
  gapNote: "<style>body{display:none}</style>",
  summary: "{{7*7}} ${7*7} <!-- comment --> ]]>",
};

const LINK = "https://wiki.example.com/a?b=<c>&d='e'";

// None of these may appear in any page: each would be live markup.
const RAW_MARKUP = [
  "<script>alert(",
  "<img src=x",
  "<svg onload",
  "<iframe src=javascript",
  "<b onmouseover",
  '<a href="javascript:',
  "<style>body",
  "</textarea><script>",
];

function nonceOf(reply: Reply): string | undefined {
  return /script-src 'self' 'nonce-([^']+)'/.exec(reply.headers.get("content-security-policy") ?? "")?.[1];
}

/** Every attribute of every element, outside script bodies. React quotes every attribute value
 *  with double quotes and escapes < > " & ' inside it, so this simple reading is exact for its output. */
function attributes(html: string): Array<{ tag: string; name: string; value: string }> {
  const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, "$1</script>");
  const found: Array<{ tag: string; name: string; value: string }> = [];
  for (const element of markup.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    for (const attribute of element[2]!.matchAll(/\s+([^\s=>/]+)(?:="([^"]*)")?/g)) {
      found.push({ tag: element[1]!, name: attribute[1]!, value: attribute[2] ?? "" });
    }
  }
  return found;
}

/** Every check an HTML response must pass; returns the problems found. */
function htmlProblems(what: string, reply: Reply, options: { personal: boolean }): string[] {
  const problems: string[] = [];
  const h = (name: string) => reply.headers.get(name) ?? "";
  const csp = h("content-security-policy");
  const nonce = nonceOf(reply);
  if (!nonce || nonce.length < 22) problems.push(`${what}: no per-request nonce in the CSP (${csp})`);
  for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"]) {
    if (!csp.includes(directive)) problems.push(`${what}: CSP lacks ${directive}`);
  }
  if (/unsafe-inline|unsafe-eval|\*/.test(csp)) problems.push(`${what}: CSP allows unsafe sources: ${csp}`);
  if (h("x-content-type-options") !== "nosniff") problems.push(`${what}: X-Content-Type-Options is "${h("x-content-type-options")}"`);
  if (h("referrer-policy") !== "same-origin") problems.push(`${what}: Referrer-Policy is "${h("referrer-policy")}"`);
  if (h("x-frame-options") !== "DENY") problems.push(`${what}: X-Frame-Options is "${h("x-frame-options")}"`);
  const hsts = /max-age=(\d+)/.exec(h("strict-transport-security"));
  if (!hsts || Number(hsts[1]) < 31_536_000) problems.push(`${what}: Strict-Transport-Security is "${h("strict-transport-security")}"`);
  if (options.personal && !/\bno-store\b/.test(h("cache-control"))) problems.push(`${what}: Cache-Control is "${h("cache-control")}"`);
  if (!h("content-type").startsWith("text/html")) problems.push(`${what}: Content-Type is "${h("content-type")}"`);
  // Every script, inline or not, carries this response's nonce; no inline handlers or javascript: URLs.
  const scripts = [...reply.text.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
  if (scripts.length === 0) problems.push(`${what}: no <script> at all (is this the page?)`);
  for (const tag of scripts) if (!tag.includes(`nonce="${nonce}"`)) problems.push(`${what}: a script without the nonce: ${tag}`);
  for (const { tag, name, value } of attributes(reply.text)) {
    if (/^on/i.test(name)) problems.push(`${what}: an inline event handler on <${tag}>: ${name}="${value}"`);
    if (/^(href|src|action|formaction|data|srcdoc)$/i.test(name) && /^\s*(javascript|data|vbscript):/i.test(unescapeHtml(value))) {
      problems.push(`${what}: a script URL on <${tag}>: ${name}="${value}"`);
    }
  }
  for (const raw of RAW_MARKUP) if (reply.text.includes(raw)) problems.push(`${what}: raw markup from user text: ${raw}`);
  return problems;
}

describe(`browser-facing protections (${databaseLabel})`, () => {
  let app: TestApp;
  let admin: Person;
  let a: Person;
  let caseId: string;
  let keys: string[];
  let evidenceId: string;
  let packetId: string;

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await firstAdmin(app);
    a = await invite(app, admin, { name: "Amara <i>Owner</i>", email: "amara@ladderproof.test" });
    caseId = await openCase(a.client, HOSTILE.candidate, [["summary", HOSTILE.summary]]);
    keys = await ladderKeys(a.client, caseId);
    const item = await addEvidence(a.client, caseId, {
      title: HOSTILE.title,
      whatHappened: HOSTILE.whatHappened,
      outcome: HOSTILE.outcome,
      metric: HOSTILE.metric,
      links: [LINK],
      vouchers: [{ name: HOSTILE.voucher, role: HOSTILE.rationale }],
      supports: [
        [keys[0]!, HOSTILE.rationale],
        [keys[1]!, HOSTILE.title],
      ],
    });
    evidenceId = item.id;
    const marked = await a.client.post(`/cases/${caseId}/expectations/${keys[2]}`, { intent: "mark", notApplicable: "yes", notApplicableReason: HOSTILE.voucher, gapNote: HOSTILE.gapNote });
    expect(marked.status).toBe(302);
    // An edit, so that the history shows before and after of the hostile text.
    const version = await evidenceVersion(a.client, caseId, evidenceId);
    const edited = await a.client.post(
      `/cases/${caseId}/evidence/${evidenceId}/edit`,
      evidenceFields({
        title: `${HOSTILE.title} v2`,
        whatHappened: HOSTILE.whatHappened,
        outcome: HOSTILE.outcome,
        links: [LINK],
        vouchers: [{ name: HOSTILE.voucher, role: HOSTILE.rationale }],
        supports: [[keys[0]!, HOSTILE.rationale]],
        version,
      }),
    );
    expect(edited.status).toBe(302);
    packetId = await exportPacket(a.client, caseId);
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  const pagesOfA = () => [
    "/cases",
    "/cases/new",
    "/cases/import",
    "/account",
    "/ladders",
    `/ladders/${LADDER}`,
    `/cases/${caseId}`,
    `/cases/${caseId}?show=needs-work`,
    `/cases/${caseId}/evidence/${evidenceId}`,
    `/cases/${caseId}/evidence/${evidenceId}/edit`,
    `/cases/${caseId}/evidence/${evidenceId}/delete`,
    `/cases/${caseId}/evidence/new`,
    `/cases/${caseId}/expectations/${keys[0]}`,
    `/cases/${caseId}/expectations/${keys[2]}`,
    `/cases/${caseId}/history`,
    `/cases/${caseId}/packets`,
    `/cases/${caseId}/settings`,
    `/cases/${caseId}/trash`,
  ];

  it("sends the security headers and a fresh CSP nonce on every HTML page, and every script carries it", async () => {
    const problems: string[] = [];
    const nonces: string[] = [];
    const visit = async (client: Client, path: string, personal: boolean, status = 200) => {
      const reply = await client.get(path);
      if (reply.status !== status) problems.push(`GET ${path}: ${reply.status}, expected ${status}`);
      problems.push(...htmlProblems(`GET ${path}`, reply, { personal }));
      nonces.push(nonceOf(reply) ?? "");
    };
    const anonymous = app.client();
    await visit(anonymous, "/login", false);
    await visit(anonymous, "/invite/no-such-token", false);
    await visit(anonymous, "/no/such/page", false, 404);
    for (const path of pagesOfA()) await visit(a.client, path, true);
    await visit(a.client, `/cases/${caseId}/nope`, true, 404);
    await visit(admin.client, "/admin/people", true);
    await visit(admin.client, "/admin/backup", true);
    await visit(admin.client, `/cases/${caseId}/settings`, true, 403);
    await visit(admin.client, `/cases/${caseId}`, true);
    expect(problems.join("\n")).toBe("");
    expect(new Set(nonces).size, "every response has its own nonce").toBe(nonces.length);
  });

  it("serves packet downloads and case files with no-store, nosniff and their own content type", async () => {
    const packet = await a.client.download(`/cases/${caseId}/packets/${packetId}/download`);
    expect(packet.status).toBe(200);
    expect(packet.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(packet.headers.get("cache-control")).toMatch(/\bno-store\b/);
    expect(packet.headers.get("x-content-type-options")).toBe("nosniff");
    expect(packet.headers.get("content-disposition")).toMatch(/^attachment;/);
    const file = await a.client.get(`/cases/${caseId}/export`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toMatch(/^application\/json/);
    expect(file.headers.get("cache-control")).toMatch(/\bno-store\b/);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    // Single-fetch data of a personal page is personal too.
    const data = await a.client.get(`/cases/${caseId}.data`);
    expect(data.status).toBe(200);
    expect(data.headers.get("cache-control")).toMatch(/\bno-store\b/);
  });

  it("renders text that looks like HTML or script as text on every page, and in the packet", async () => {
    const problems: string[] = [];
    const shown: string[] = [];
    for (const path of [...pagesOfA(), `/cases/${caseId}/evidence/${evidenceId}?saved=1`]) {
      const reply = await a.client.get(path);
      for (const raw of RAW_MARKUP) if (reply.text.includes(raw)) problems.push(`GET ${path}: raw markup ${raw}`);
      shown.push(reply.text);
    }
    const adminPeople = await admin.client.get("/admin/people");
    if (adminPeople.text.includes("<i>Owner</i>")) problems.push("the People page shows a name as markup");
    expect(problems).toEqual([]);
    const all = shown.join("\n");
    // The escaped forms are there: the text was shown, as text.
    for (const escaped of ["&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;", "&lt;b onmouseover=alert(1)&gt;Casey&lt;/b&gt;", "&lt;iframe src=javascript:alert(1)&gt;", "&lt;style&gt;body{display:none}&lt;/style&gt;"]) {
      expect(all).toContain(escaped);
    }
    expect(adminPeople.text).toContain("Amara &lt;i&gt;Owner&lt;/i&gt;");
    // The stored link is shown as a web link, with the characters escaped and no opener access.
    const page = (await a.client.get(`/cases/${caseId}/evidence/${evidenceId}`)).text;
    expect(page).toContain('href="https://wiki.example.com/a?b=&lt;c&gt;&amp;d=&#x27;e&#x27;" rel="noreferrer noopener" target="_blank"');

    const packet = await a.client.download(`/cases/${caseId}/packets/${packetId}/download`);
    const zip = await JSZip.loadAsync(packet.bytes);
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    for (const raw of RAW_MARKUP) expect(xml).not.toContain(raw);
  });

  it("refuses javascript:, data: and other non-web links at input, with the message beside the field", async () => {
    const before = Object.keys(await evidenceIds(a.client, caseId)).length;
    const refused = [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(document.cookie)",
      "  javascript:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "//evil.example/x",
      "https://",
      "wiki.example.com/page",
    ];
    for (const link of refused) {
      const reply = await a.client.post(
        `/cases/${caseId}/evidence/new`,
        evidenceFields({ title: "Has a bad link", links: ["https://fine.example.com", link], supports: [[keys[3]!, "Because"]] }),
      );
      expect(reply.status, `${JSON.stringify(link)} was accepted`).toBe(400);
      // The field's own error, inside the field's block, tied to the input by aria-describedby.
      const block = /<div class="field field--error">(?:(?!<div class="field)[\s\S])*?name="links\[1\]"[^>]*>/.exec(reply.text)?.[0] ?? "";
      expect(block, `no error beside the field for ${JSON.stringify(link)}`).toContain('id="new-evidence-links[1]-error"');
      expect(mainText(block)).toContain("Enter a web address that starts with http:// or https://.");
      expect(block).toMatch(/aria-invalid="true"/);
      expect(block).toMatch(/aria-describedby="new-evidence-links\[1\]-error/);
      // The valid link in the first row was not flagged, and what was typed is kept.
      expect(reply.text).not.toContain('id="new-evidence-links[0]-error"');
    }
    const version = await evidenceVersion(a.client, caseId, evidenceId);
    const edit = await a.client.post(
      `/cases/${caseId}/evidence/${evidenceId}/edit`,
      evidenceFields({ title: "Edited", links: ["javascript:alert(1)"], supports: [[keys[0]!, "R"]], version }),
    );
    expect(edit.status).toBe(400);
    expect(edit.text).toContain("Enter a web address that starts with http:// or https://.");
    expect(Object.keys(await evidenceIds(a.client, caseId)).length).toBe(before);
    expect(await evidenceVersion(a.client, caseId, evidenceId)).toBe(version);
  });

  describe("errors in production", () => {
    // A request the app cannot handle: a multipart body without its boundary. Parsing it throws
    // inside the action, an unexpected error like any other.
    const malformed = { "Content-Type": "multipart/form-data" };

    // A body that is not the form it claims to be is the client's fault: refused with 400 before any
    // parsing, on a plain page that carries none of the error's details.
    it("refuses a malformed form body with 400 and no stack trace, SQL or internal ids", async () => {
      const reply = await app.client().post("/login", [], { headers: malformed, body: "--x\r\n\r\n" });
      expect(reply.status).toBe(400);
      for (const leak of [/\bat \S+ \(/, /TypeError|Error:/, /FormData/, /node_modules|\/work\/|build\/index\.js/, UUID]) {
        expect(reply.text, `the page shows ${leak}`).not.toMatch(leak);
      }
      expect(mainText(reply.text)).not.toMatch(/\b(select|insert|update|delete)\b.*\b(from|into|set|where)\b/i);
    });

    it("refuses it the same way when signed in, on the page and on its data request", async () => {
      const page = await a.client.post(`/cases/${caseId}/evidence/new`, [], { headers: malformed, body: "x" });
      expect(page.status).toBe(400);
      expect(page.text).not.toMatch(/FormData|\n\s+at |node_modules/);
      const data = await a.client.post(`/cases/${caseId}/evidence/new.data`, [], { headers: malformed, body: "x" });
      expect(data.status).toBe(400);
      expect(data.text).not.toMatch(/FormData|\n\s+at |node_modules/);
    });

    it("answers a malformed address with 400, not a server error", async () => {
      const reply = await a.client.get("/cases/%E0%A4%A");
      expect(reply.status).toBe(400);
      expect(reply.text).not.toMatch(/URIError|\n\s+at /);
    });
  });
});
