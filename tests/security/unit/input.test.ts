// Input that could turn into an attack later: links that would run script when clicked, and
// sign-in redirects that would send a person to another site.
import { describe, expect, it } from "vitest";
import { evidenceSchema, isWebLink } from "~/forms/evidence";
import { safeRedirect } from "~/lib/redirect";

describe("links on evidence", () => {
  it("accepts http and https addresses only", () => {
    for (const ok of ["https://wiki.example.com/page", "http://intranet/page", "https://example.com/a?b=<c>&d='e'", "HTTPS://EXAMPLE.COM"]) {
      expect(isWebLink(ok), ok).toBe(true);
    }
    for (const bad of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "java\tscript:alert(1)",
      "java\nscript:alert(1)",
      "\u0000javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "ftp://example.com/file",
      "mailto:someone@example.com",
      "//evil.example/x",
      "/relative/path",
      "https://",
      "example.com",
      "",
    ]) {
      expect(isWebLink(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it("refuses the whole item when one link is not a web link (the JSON import uses this schema)", () => {
    const item = {
      title: "T",
      whatHappened: "W",
      outcome: "O",
      dateStart: "2026-01-01",
      kind: "incident",
      scope: "team",
      source: "observed",
      supports: [{ expectationKey: "k", rationale: "r" }],
    };
    expect(evidenceSchema.safeParse({ ...item, links: ["https://ok.example"] }).success).toBe(true);
    const refused = evidenceSchema.safeParse({ ...item, links: ["https://ok.example", " javascript:alert(1)"] });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(["links", 1]);
  });
});

describe("the page to return to after sign-in", () => {
  it("is a path of this site", () => {
    expect(safeRedirect("/cases/123?show=needs-work#e-01")).toBe("/cases/123?show=needs-work#e-01");
    expect(safeRedirect("/")).toBe("/");
  });

  it("never leads to another site, however it is spelled", () => {
    for (const bad of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\\/evil.example",
      "/x\\..\\..\\evil",
      "javascript:alert(1)",
      "evil.example",
      "",
      undefined,
      null,
      42,
    ]) {
      expect(safeRedirect(bad, "/fallback"), JSON.stringify(bad)).toBe("/fallback");
    }
  });
});
