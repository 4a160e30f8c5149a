// `cli packet verify FILE` as an operator runs it, on a fresh PGlite directory or, with TEST_DATABASE_URL set, a
// fresh PostgreSQL database: exit 0 only for the unaltered file we issued, 1 for anything else, with the case named.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editDocxText } from "../fixtures/packet-docx";
import { missingTools, resaveWithLibreOffice, strangersDocx } from "../fixtures/packet-pdf";
import { cli } from "../support/cli";
import { createScratchDatabase, testServerUrl, type ScratchDatabase } from "../support/database";

describe.skipIf(missingTools().length > 0)(`cli packet verify (${testServerUrl() ? "PostgreSQL" : "PGlite"})`, () => {
  let tmp: string;
  let scratch: ScratchDatabase | undefined;
  let env: Record<string, string>;
  const run = (args: string[], input?: string) => cli(args, env, input);

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "lp-verify-"));
    const serverUrl = testServerUrl();
    scratch = serverUrl ? await createScratchDatabase(serverUrl, "lp_verify") : undefined;
    env = scratch ? { DATABASE_URL: scratch.url } : { PGLITE_DIR: path.join(tmp, "pglite") };
  });

  afterAll(async () => {
    await scratch?.drop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it("tells an issued packet from a re-saved, an edited and a stranger's file, and refuses what is not a packet", async () => {
    const admin = await run(
      ["user", "create", "--email", "ops@example.com", "--name", "Ops", "--role", "admin", "--password-stdin"],
      "a long and boring passphrase 7\n",
    );
    expect(admin.code, admin.stderr).toBe(0);
    const seeded = await run(["demo", "seed"]);
    expect(seeded.code, seeded.stderr).toBe(0);
    const caseId = seeded.stdout.trim();
    const issued = path.join(tmp, "issued.docx");
    expect((await run(["packet", caseId, "--out", issued])).code).toBe(0);
    const bytes = new Uint8Array(await fs.readFile(issued));

    const ours = await run(["packet", "verify", issued]);
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toContain("Issued by Ladderproof, unaltered");
    expect(ours.stdout).toContain(`Case: Priya Raman (${caseId})`);

    const files: Record<string, Uint8Array> = {
      resaved: await resaveWithLibreOffice(bytes),
      edited: await editDocxText(bytes, "Priya", "Pria"),
      stranger: await strangersDocx("Dear committee, please promote me."),
      text: new TextEncoder().encode("not a packet"),
      huge: new Uint8Array(50 * 1024 * 1024),
    };
    for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(tmp, `${name}.docx`), content);

    const resaved = await run(["packet", "verify", path.join(tmp, "resaved.docx")]);
    expect(resaved.code).toBe(1);
    expect(resaved.stdout).toContain("Re-saved");
    expect(resaved.stdout).toContain(`Case: Priya Raman (${caseId})`);

    for (const name of ["edited", "stranger"]) {
      const reply = await run(["packet", "verify", path.join(tmp, `${name}.docx`)]);
      expect(reply.code, name).toBe(1);
      expect(reply.stdout, name).toContain("Not a packet Ladderproof issued, or changed since");
      expect(reply.stdout, name).not.toContain("Priya Raman");
    }

    const text = await run(["packet", "verify", path.join(tmp, "text.docx")]);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain("This is not a Word document (.docx).");
    const huge = await run(["packet", "verify", path.join(tmp, "huge.docx")]);
    expect(huge.code).toBe(1);
    expect(huge.stderr).toContain("50.0 MB");
  }, 400_000);
});
