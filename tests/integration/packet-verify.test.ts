// "Check a packet" through the real server, as people use it: the file we issued, the same file re-saved by
// LibreOffice, an edited copy, a stranger's document, a file that is not a .docx and a 50 MB upload. A manager
// who may not read the case is told the same as for an unknown file; an administrator, who may, is told which it is.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseLabel, TestApp } from "../security/support/app";
import { Client, mainText, type Reply } from "../security/support/http";
import { addEvidence, exportPacket, firstAdmin, invite, ladderKeys, openCase, type Person } from "../security/support/scenario";
import { editDocxText } from "../fixtures/packet-docx";
import { missingTools, resaveWithLibreOffice, strangersDocx } from "../fixtures/packet-pdf";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

function upload(client: Client, bytes: Uint8Array, name = "packet.docx", type = DOCX): Promise<Reply> {
  const form = new FormData();
  form.append("packet", new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  return client.post("/packets/check", [], { body: form });
}

const missing = missingTools();

describe.skipIf(missing.length > 0)(`checking a packet (${databaseLabel})`, () => {
  let app: TestApp;
  let admin: Person;
  let owner: Person;
  let stranger: Person;
  let caseId: string;
  let issued: Uint8Array;
  let resaved: Uint8Array;

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await firstAdmin(app);
    owner = await invite(app, admin, { name: "Olu Owner", email: "olu@ladderproof.test" });
    stranger = await invite(app, admin, { name: "Sam Stranger", email: "sam@ladderproof.test" });
    caseId = await openCase(owner.client, "Ines Candidate");
    const keys = await ladderKeys(owner.client, caseId);
    await addEvidence(owner.client, caseId, { title: "Ran the regional escalation review", supports: [[keys[0]!, "Led it"]] });
    const packetId = await exportPacket(owner.client, caseId);
    const download = await owner.client.download(`/cases/${caseId}/packets/${packetId}/download`);
    expect(download.status).toBe(200);
    issued = download.bytes;
    expect(download.headers.get("X-Packet-SHA256")).toBe(createHash("sha256").update(issued).digest("hex"));
    resaved = await resaveWithLibreOffice(issued);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it("confirms the file we issued, unaltered, with its case, export, author and time", async () => {
    const reply = await upload(owner.client, issued);
    expect(reply.status).toBe(200);
    const text = mainText(reply.text);
    expect(text).toContain("Issued by Ladderproof, unaltered");
    expect(text).toContain("Ines Candidate");
    expect(text).toContain("Olu Owner");
    expect(text).toContain(createHash("sha256").update(issued).digest("hex"));
    expect(reply.text).toContain(`/cases/${caseId}/packets`);
  });

  it("recognises the same packet opened and saved again by LibreOffice as re-saved", async () => {
    expect(Buffer.from(resaved).equals(Buffer.from(issued))).toBe(false);
    const text = mainText((await upload(owner.client, resaved)).text);
    expect(text).toContain("Issued by Ladderproof, then re-saved");
    expect(text).toContain("Ines Candidate");
  });

  it("does not vouch for an edited copy, nor for a stranger's document", async () => {
    const edited = await editDocxText(issued, "Ran the regional escalation review", "Ran the global escalation review");
    for (const file of [edited, await editDocxText(resaved, "Led it", "Led all of it"), await strangersDocx("A letter, not a packet.")]) {
      const reply = await upload(owner.client, file);
      expect(reply.status).toBe(200);
      const text = mainText(reply.text);
      expect(text).toContain("Not a packet we can confirm");
      expect(text).not.toContain("Ines Candidate");
    }
  });

  it("answers a manager who may not read the case exactly as for an unknown file, and an administrator who may", async () => {
    for (const file of [issued, resaved]) {
      const text = mainText((await upload(stranger.client, file)).text);
      expect(text).toContain("Not a packet we can confirm");
      expect(text).not.toContain("Ines Candidate");
      expect(text).not.toContain("Olu Owner");
    }
    expect(mainText((await upload(admin.client, issued)).text)).toContain("Issued by Ladderproof, unaltered");
  });

  it("refuses a file that is not a .docx, and an empty form, with the reason beside the field", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    for (const [bytes, name, type] of [
      [png, "packet.docx", DOCX],
      [new TextEncoder().encode("just text"), "notes.txt", "text/plain"],
    ] as const) {
      const reply = await upload(owner.client, bytes, name, type);
      expect(reply.status).toBe(400);
      expect(mainText(reply.text)).toContain("This is not a Word document (.docx).");
      expect(reply.text).toMatch(/id="packet-file-error"/);
    }
    const none = await owner.client.post("/packets/check", [], { body: new FormData() });
    expect(none.status).toBe(400);
    expect(mainText(none.text)).toContain("Choose the packet file (.docx) to check.");
  });

  it("refuses a 50 MB upload before reading it", async () => {
    const reply = await upload(owner.client, new Uint8Array(50 * 1024 * 1024));
    expect(reply.status).toBe(413);
    expect(reply.text).toContain("too large");
  });

  it("is for signed-in people only", async () => {
    const anonymous = new Client(() => app.url);
    expect((await anonymous.get("/packets/check")).status).toBe(302);
    expect((await upload(anonymous, issued)).status).toBe(302);
  });
});
