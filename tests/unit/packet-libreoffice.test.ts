// Renders the realistic packet with LibreOffice: a second, independent reader of the .docx, and the only one
// here that lays out pages, so it is what proves the page-number fields and the headings actually print.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { buildPacket, SECTION_TITLES } from "~/packet/build";
import { realisticCase } from "../fixtures/packet-cases";

const run = promisify(execFile);

function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

const missing = ["soffice", "pdftotext"].filter((c) => !onPath(c));
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("packet rendered by LibreOffice", () => {
  it("prints the candidate, every section heading and page numbers", async (ctx) => {
    if (missing.length > 0) {
      const why = `${missing.join(" and ")} not on PATH (install libreoffice-writer and poppler-utils)`;
      if (process.env.CI === "true") throw new Error(why);
      ctx.skip(why);
    }
    const work = await mkdtemp(join(tmpdir(), "packet-lo-"));
    const home = await mkdtemp(join(tmpdir(), "packet-lo-home-"));
    dirs.push(work, home);
    const docx = join(work, "packet.docx");
    await writeFile(docx, (await buildPacket(realisticCase)).buffer);

    // A throwaway HOME gives LibreOffice its own profile, so a running instance or a stale lock cannot interfere.
    await run("soffice", ["--headless", "--convert-to", "pdf", "--outdir", work, docx], {
      env: { ...process.env, HOME: home },
      timeout: 120_000,
    });
    await run("pdftotext", ["-enc", "UTF-8", join(work, "packet.pdf"), join(work, "packet.txt")]);
    const text = (await readFile(join(work, "packet.txt"), "utf8")).normalize("NFC");

    expect(text).toContain(realisticCase.candidateName);
    for (const title of Object.values(SECTION_TITLES)) expect(text).toContain(title);
    // pdftotext ends each page with a form feed; the footer's total must match the real page count.
    const pages = text.split("\f").length - 1;
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain("Page 1 of");
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
  }, 180_000);
});
