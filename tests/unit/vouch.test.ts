import { describe, expect, it } from "vitest";
import { confirmationLine, isOpen, joinWhatHappened, personKey, vouchEmail, vouchState } from "~/domain/vouch";
import { httpPolicy } from "~/lib/http.server";

const NOW = new Date("2026-12-04T12:00:00Z");
const later = new Date("2026-12-10T12:00:00Z");
const earlier = new Date("2026-12-01T12:00:00Z");
const base = { expiresAt: later, openedAt: null, revokedAt: null, answeredAt: null, answer: null };

describe("vouchState", () => {
  it("is sent, then opened, while the link is live", () => {
    expect(vouchState(base, NOW)).toBe("sent");
    expect(vouchState({ ...base, openedAt: earlier }, NOW)).toBe("opened");
    expect(isOpen("sent") && isOpen("opened")).toBe(true);
  });

  it("expires at the expiry instant, and an answer or a withdrawal outranks expiry", () => {
    expect(vouchState({ ...base, expiresAt: NOW }, NOW)).toBe("expired");
    expect(vouchState({ ...base, expiresAt: earlier, revokedAt: earlier }, NOW)).toBe("revoked");
    expect(vouchState({ ...base, expiresAt: earlier, answeredAt: earlier, answer: "corrected" }, NOW)).toBe("answered");
    expect(vouchState({ ...base, answeredAt: earlier, answer: "declined", revokedAt: NOW }, NOW)).toBe("declined");
    expect(isOpen("expired") || isOpen("revoked") || isOpen("answered") || isOpen("declined")).toBe(false);
  });
});

describe("personKey", () => {
  it("treats the same name in other case or spacing as the same person", () => {
    expect(personKey("  Pat   Peer ")).toBe(personKey("pat peer"));
    expect(personKey("Pat Peer")).not.toBe(personKey("Pat Peers"));
  });
});

describe("confirmationLine", () => {
  it("says who, in what relation, and when", () => {
    expect(confirmationLine({ name: "Ana Ruiz", relation: "Team lead", date: "2026-05-02" })).toBe("Confirmed by Ana Ruiz (Team lead), 2 May 2026");
  });
});

describe("joinWhatHappened", () => {
  it("adds the candidate's part as its own paragraph, and never an empty one", () => {
    expect(joinWhatHappened("The pipeline failed.", "I fixed it.")).toBe("The pipeline failed.\n\nThe candidate's part: I fixed it.");
    expect(joinWhatHappened("The pipeline failed.", "  ")).toBe("The pipeline failed.");
  });
});

describe("vouchEmail", () => {
  const hostile = `<script>alert(1)</script>"&'`;
  const mail = vouchEmail({
    voucherName: hostile,
    managerName: "Amara\r\nBcc: victim@example.com",
    candidateName: "Cass",
    title: hostile,
    url: "https://lp.example/vouch/abc?x=1&y=2",
    expiresOn: "2026-12-18",
  });

  it("names the app and the manager in both bodies, with the link and its last day", () => {
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain("Ladderproof");
      expect(body).toContain("Amara");
      expect(body).toContain("18 Dec 2026");
    }
    expect(mail.text).toContain("https://lp.example/vouch/abc?x=1&y=2");
    expect(mail.html).toContain('href="https://lp.example/vouch/abc?x=1&#38;y=2"');
  });

  it("escapes every name and title in the HTML, and keeps the subject on one line", () => {
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&#60;script&#62;");
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it("leaves the title out when the manager did not choose to show it", () => {
    const without = vouchEmail({ voucherName: "Pat", managerName: "Amara", candidateName: "Cass", title: null, url: "https://x/vouch/t", expiresOn: "2026-12-18" });
    expect(without.text).not.toContain("  <");
    expect(without.html).not.toContain("<blockquote>");
  });
});

describe("link page headers", () => {
  it("sends no-referrer and noindex on link pages only", () => {
    for (const path of ["/vouch/abc", "/contribute/abc", "/vouch/answered"]) {
      expect(httpPolicy.linkPageHeaders(path)).toEqual({ "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow" });
    }
    for (const path of ["/", "/cases/x", "/vouchers", "/contributed"]) expect(httpPolicy.linkPageHeaders(path)).toEqual({});
  });
});
