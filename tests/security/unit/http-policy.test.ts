// The HTTP policy the server applies to every request (app/lib/http.server.ts), case by case:
// security headers (HSTS only in production), the Origin check, the client address behind proxies,
// and the body limit. The integration tests check the same on the running server.
import { describe, expect, it } from "vitest";
import { httpPolicy, MAX_BODY_BYTES } from "~/lib/http.server";

describe("security headers", () => {
  it("sends the CSP with the request's nonce and no unsafe sources, in production and out", () => {
    for (const production of [true, false]) {
      const headers = httpPolicy.securityHeaders("abc123nonce", { production });
      const csp = headers["Content-Security-Policy"]!;
      expect(csp).toContain("script-src 'self' 'nonce-abc123nonce'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(headers["X-Content-Type-Options"]).toBe("nosniff");
      expect(headers["Referrer-Policy"]).toBe("same-origin");
      expect(headers["X-Frame-Options"]).toBe("DENY");
      expect(headers["Cache-Control"]).toBe("no-store");
    }
  });

  it("sends Strict-Transport-Security in production only (a developer's http://localhost must keep working)", () => {
    expect(httpPolicy.securityHeaders("n", { production: true })["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(httpPolicy.securityHeaders("n", { production: false })["Strict-Transport-Security"]).toBeUndefined();
  });

  it("allows the development reload socket only when one is given", () => {
    expect(httpPolicy.securityHeaders("n", { production: false, devSocket: "ws://localhost:3001" })["Content-Security-Policy"]).toContain(
      "connect-src 'self' ws://localhost:3001",
    );
    expect(httpPolicy.securityHeaders("n", { production: true })["Content-Security-Policy"]).toContain("connect-src 'self';");
  });
});

describe("the Origin check", () => {
  const ours = httpPolicy.expectedOrigins("127.0.0.1:3000", "http", undefined);

  it("lets safe methods through whatever the Origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(httpPolicy.originAllowed(method, undefined, ours)).toBe(true);
      expect(httpPolicy.originAllowed(method, "http://evil.example", ours)).toBe(true);
    }
  });

  it("refuses every other method without an Origin, with Origin null, or from another origin", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
      expect(httpPolicy.originAllowed(method, undefined, ours)).toBe(false);
      expect(httpPolicy.originAllowed(method, "null", ours)).toBe(false);
      expect(httpPolicy.originAllowed(method, "", ours)).toBe(false);
      expect(httpPolicy.originAllowed(method, "http://evil.example", ours)).toBe(false);
      expect(httpPolicy.originAllowed(method, "https://127.0.0.1:3000", ours)).toBe(false);
      expect(httpPolicy.originAllowed(method, "http://127.0.0.1:3001", ours)).toBe(false);
      expect(httpPolicy.originAllowed(method, "http://127.0.0.1:3000.evil.example", ours)).toBe(false);
      expect(httpPolicy.originAllowed(method, "http://127.0.0.1:3000", ours)).toBe(true);
      expect(httpPolicy.originAllowed(method, "HTTP://127.0.0.1:3000", ours)).toBe(true);
    }
  });

  it("accepts the configured public ORIGIN behind a proxy that changes Host", () => {
    const behindProxy = httpPolicy.expectedOrigins("10.0.0.5:3000", "http", "https://ladderproof.example.com/");
    expect(httpPolicy.originAllowed("POST", "https://ladderproof.example.com", behindProxy)).toBe(true);
    expect(httpPolicy.originAllowed("POST", "https://evil.example", behindProxy)).toBe(false);
  });

  it("with ORIGIN configured, trusts only it, not a Host header the client chose to match its Origin", () => {
    const forged = httpPolicy.expectedOrigins("evil.example", "http", "https://ladderproof.example.com");
    expect(httpPolicy.originAllowed("POST", "http://evil.example", forged)).toBe(false);
    expect(httpPolicy.originAllowed("POST", "https://ladderproof.example.com", forged)).toBe(true);
    // Without ORIGIN (a developer's machine) the Host the request was sent to is the reference.
    expect(httpPolicy.originAllowed("POST", "http://localhost:3000", httpPolicy.expectedOrigins("localhost:3000", "http", undefined))).toBe(true);
  });
});

describe("the client address used for throttling", () => {
  it("is the socket's address unless the socket is a declared proxy", () => {
    expect(httpPolicy.clientAddress("203.0.113.9", "10.0.0.1", [])).toBe("203.0.113.9");
    expect(httpPolicy.clientAddress("::ffff:203.0.113.9", undefined, [])).toBe("203.0.113.9");
    // A client cannot pick its own address by sending X-Forwarded-For to a server without proxies.
    expect(httpPolicy.clientAddress("203.0.113.9", "1.2.3.4", ["127.0.0.1"])).toBe("203.0.113.9");
  });

  it("behind declared proxies, is the nearest address that is not one of them", () => {
    expect(httpPolicy.clientAddress("127.0.0.1", "198.51.100.7", ["127.0.0.1"])).toBe("198.51.100.7");
    // A client's own X-Forwarded-For entries come first and are not believed.
    expect(httpPolicy.clientAddress("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.2", ["127.0.0.1", "10.0.0.2"])).toBe("198.51.100.7");
    expect(httpPolicy.clientAddress("::ffff:127.0.0.1", "::ffff:198.51.100.7", ["127.0.0.1"])).toBe("198.51.100.7");
  });
});

describe("the body limit", () => {
  it("is 5 MB", () => {
    expect(MAX_BODY_BYTES).toBe(5 * 1024 * 1024);
    expect(httpPolicy.MAX_BODY_BYTES).toBe(MAX_BODY_BYTES);
  });
});
