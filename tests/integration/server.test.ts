// The production server as a whole: start-up, health, HTTP policy, shutdown and the PGlite lock.
// Runs against build/ (scripts/test.sh builds first), on PGlite or, with TEST_DATABASE_URL, on
// a fresh database of the throwaway PostgreSQL cluster.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testServerUrl } from "../support/database";
import { runServerExpectingFailure, startServer, type RunningServer } from "../support/server";

const onPostgres = Boolean(testServerUrl());

describe(`the server (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("starts and answers /healthz with status ok", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { status: string; database: string };
    expect(body.status).toBe("ok");
    expect(body.database).toBe(onPostgres ? "postgres" : "pglite");
    expect(server.logs()).toContain(`database: ${onPostgres ? "postgres" : "pglite"}`);
  });

  it("answers an unknown URL with a 404 HTML page", async () => {
    const response = await fetch(`${server.url}/no/such/page-${Date.now()}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("Page not found");
  });

  it("refuses a POST without an Origin header", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=a%40example.com&password=x",
    });
    expect(response.status).toBe(403);
    await response.arrayBuffer();
  });

  it("refuses a POST from a foreign origin", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://evil.example" },
      body: "email=a%40example.com&password=x",
    });
    expect(response.status).toBe(403);
    await response.arrayBuffer();
  });

  it("sends the security headers, with a fresh CSP nonce that the page's scripts carry", async () => {
    const first = await fetch(`${server.url}/`, { redirect: "manual" });
    await first.arrayBuffer();
    const page = await fetch(`${server.url}/`);
    const html = await page.text();
    expect(page.status).toBe(200);

    for (const response of [first, page]) {
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{20,}={0,2}'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
      expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-powered-by")).toBeNull();
    }

    const nonceOf = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy") ?? "")?.[1];
    const nonce = nonceOf(page);
    expect(nonce).toBeTruthy();
    expect(nonceOf(first)).not.toBe(nonce);
    // Every inline or external script on the page carries this response's nonce.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("sends the security headers on static files too, which may be cached as they are the same for everyone", async () => {
    const icon = await fetch(`${server.url}/favicon.svg`);
    await icon.arrayBuffer();
    expect(icon.status).toBe(200);
    expect(icon.headers.get("x-content-type-options")).toBe("nosniff");
    expect(icon.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(icon.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
  });

  it("exits with code 0 within 2 s of SIGTERM", async () => {
    const result = await server.stop();
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.ms).toBeLessThan(2_000);
    expect(server.logs()).toContain("SIGTERM");
  });
});

describe.skipIf(onPostgres)("the PGlite data directory lock", () => {
  let dir: string;
  const servers: RunningServer[] = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ladderproof-lock-"));
  });

  afterAll(async () => {
    for (const server of servers) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a second server on the same directory, naming the directory and the pid", async () => {
    const first = await startServer({ PGLITE_DIR: dir });
    servers.push(first);
    const second = await runServerExpectingFailure({ PGLITE_DIR: dir });
    expect(second.code).not.toBe(0);
    expect(second.output).toContain(path.resolve(dir));
    expect(second.output).toContain(String(first.pid));
    // The refused server did not disturb the first one.
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    await health.arrayBuffer();
  });

  it("restarts over a lock left by a killed process", async () => {
    const first = servers[0];
    expect(first, "the previous test started a server").toBeDefined();
    first!.kill("SIGKILL");
    expect((await first!.exited).signal).toBe("SIGKILL");
    // The lock still names the dead process (its pid, then its start time).
    const lock = fs.readdirSync(dir).find((name) => name.endsWith(".lock"));
    expect(lock, "a lock file in the data directory").toBeDefined();
    expect(fs.readFileSync(path.join(dir, lock!), "utf8").trim().split(" ")[0]).toBe(String(first!.pid));

    const restarted = await startServer({ PGLITE_DIR: dir });
    servers.push(restarted);
    const health = await fetch(`${restarted.url}/healthz`);
    expect(health.status).toBe(200);
    await health.arrayBuffer();
    const result = await restarted.stop();
    expect(result.code).toBe(0);
  });
});
