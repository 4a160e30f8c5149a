// The HTTP server: Express in front of the Remix build. `npm start` (scripts/start.mjs) builds when
// needed and imports this file; `npm run dev` runs it beside the Remix compiler.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady } from "@remix-run/node";
import compression from "compression";
import express from "express";

const production = process.env.NODE_ENV === "production";
const BUILD_PATH = path.resolve("build/index.js");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || "127.0.0.1";
const trustedProxies = (process.env.TRUSTED_PROXIES ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);

async function importBuild() {
  const stamp = fs.statSync(BUILD_PATH).mtimeMs;
  return { build: await import(`${pathToFileURL(BUILD_PATH).href}?t=${stamp}`), stamp };
}

let current = await importBuild();
const { httpPolicy, boot, shutdown, loggableError } = current.build.entry.module;

// In development the compiler rewrites build/: pick up the new build on the next request.
async function getBuild() {
  if (!production && fs.statSync(BUILD_PATH).mtimeMs !== current.stamp) {
    current = await importBuild();
    broadcastDevReady(current.build);
  }
  return current.build;
}

let handler = { build: null, handle: null };
async function remixHandler() {
  const build = await getBuild();
  if (handler.build !== build) {
    handler = {
      build,
      handle: createRequestHandler({
        build,
        mode: production ? "production" : "development",
        getLoadContext: (_req, res) => res.locals.context,
      }),
    };
  }
  return handler.handle;
}

let report;
try {
  report = await boot();
} catch (error) {
  const expected = error instanceof Error && ["DatabaseLockedError", "DataDirectoryOpenError"].includes(error.name);
  console.error(expected ? error.message : loggableError(error));
  process.exit(1);
}
for (const problem of report.ladderProblems) console.warn(`Ladder not loaded: ${problem}`);
if (report.demo) {
  console.log(
    [
      "",
      "A demo account was created on this new embedded database. Sign in with:",
      `  email:    ${report.demo.email}`,
      `  password: ${report.demo.password}`,
      "This password is shown only once. Change it after signing in.",
      "",
    ].join("\n"),
  );
}

const app = express();
app.disable("x-powered-by");
app.use(compression());
// Security headers on every response, static files included.
app.use((req, res, next) => {
  const nonce = randomBytes(16).toString("base64");
  res.locals.nonce = nonce;
  const headers = httpPolicy.securityHeaders(nonce, {
    production,
    devSocket: production ? undefined : "ws://localhost:3001",
  });
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  for (const [name, value] of Object.entries(httpPolicy.linkPageHeaders(req.path))) res.setHeader(name, value);
  next();
});
// Static files are the same for everyone: they replace the pages' no-store with their own caching.
const cacheable = (res) => res.removeHeader("Cache-Control");
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", setHeaders: cacheable }));
app.use(express.static("public", { maxAge: "1h", setHeaders: cacheable }));

// Body size and origin are checked before Remix reads anything.
app.use((req, res, next) => {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > httpPolicy.MAX_BODY_BYTES) {
    res.status(413).type("text/plain").send("The request is too large.");
    return;
  }
  if (!req.headers["content-length"] && req.headers["transfer-encoding"]) {
    // A streamed body has no declared length: count it as it arrives. Pause first: a "data"
    // listener on a stream that is not paused starts it flowing, and whatever arrives before Remix
    // attaches its own reader would be lost (the action would see an empty or truncated body).
    // Remix resumes the stream when it reads the body; this listener then sees every chunk too.
    let seen = 0;
    let refused = false;
    req.pause();
    req.on("data", (chunk) => {
      seen += chunk.length;
      if (seen <= httpPolicy.MAX_BODY_BYTES || refused) return;
      refused = true;
      if (!res.headersSent) res.status(413).set("Connection", "close").type("text/plain").send("The request is too large.");
      // Destroy with an error, not silently: the app's reader must fail. A plain destroy() ends its
      // body stream as if complete, and the action would run on the truncated body.
      const error = new Error("The request body is larger than the limit; the request was refused.");
      error.status = 413;
      req.destroy(error);
    });
  }

  const origins = httpPolicy.expectedOrigins(req.headers.host, req.protocol, process.env.ORIGIN);
  if (!httpPolicy.originAllowed(req.method, req.headers.origin, origins)) {
    res.status(403).type("text/plain").send("This request did not come from a Ladderproof page.");
    return;
  }
  next();
});

app.all(
  "*",
  (req, res, next) => {
    const responseHeaders = new Headers();
    res.locals.context = {
      nonce: res.locals.nonce,
      clientAddress: httpPolicy.clientAddress(
        req.socket.remoteAddress,
        req.headers["x-forwarded-for"],
        trustedProxies,
      ),
      responseHeaders,
    };
    // Session refreshes found while handling the request join whatever response the route makes.
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      const cookies = responseHeaders.getSetCookie();
      if (cookies.length > 0) {
        const existing = res.getHeader("Set-Cookie");
        const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
        res.setHeader("Set-Cookie", [...list, ...cookies]);
      }
      return writeHead.apply(this, args);
    };
    next();
  },
  async (req, res, next) => {
    try {
      await (await remixHandler())(req, res, next);
    } catch (error) {
      next(error);
    }
  },
);

// eslint-disable-next-line no-unused-vars
app.use((error, req, res, _next) => {
  console.error(loggableError(error));
  if (res.headersSent) return;
  // Express marks the errors it raises for a bad request (a malformed %-escape in the path) with a
  // 4xx status: answer that instead of claiming a server fault.
  const status = Number(error?.status ?? error?.statusCode);
  if (status >= 400 && status < 500) {
    res.status(status).type("text/plain").send("That request could not be understood.");
    return;
  }
  res.status(500).type("text/plain").send("Something went wrong on our side.");
});

const server = app.listen(port, host, () => {
  const address = server.address();
  const shown = typeof address === "object" && address ? `http://${host}:${address.port}` : String(address);
  console.log(`Ladderproof is running at ${shown} (database: ${report.database.kind}, ${report.database.location})`);
  if (!production) broadcastDevReady(current.build);
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing the database and stopping.`);
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  server.close();
  server.closeAllConnections();
  try {
    await shutdown();
  } catch (error) {
    console.error(error);
  }
  process.exit(0);
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
