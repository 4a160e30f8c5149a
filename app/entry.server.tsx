import { Transform, type TransformCallback } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { closePacketPool } from "./packet/pool.server";
import { setServerJobQueue, startJobQueue, stopServerJobQueue } from "./lib/jobs.server";
import { boot as bootServices, shutdown as closeDatabase } from "./lib/services.server";
import { runSessionZip, SESSION_ZIP_JOB } from "./models/session-exports.server";

// The server script (scripts/server.mjs) reaches the app's start-up and HTTP policy through the
// entry module of the build, so that there is one copy of each in the bundle.
export { httpPolicy } from "./lib/http.server";

/** Opens the database, then starts the background job workers (which pick up work left queued or
 *  interrupted by an earlier run). */
export async function boot(): ReturnType<typeof bootServices> {
  const report = await bootServices();
  const queue = startJobQueue(report.database, {
    [SESSION_ZIP_JOB]: (job) => runSessionZip(report.database.db, String(job.exportId)),
  });
  setServerJobQueue(queue);
  await queue;
  return report;
}

/** Stops the job workers and the packet workers, then closes the database (PGlite: checkpoint first). */
export async function shutdown(): Promise<void> {
  await stopServerJobQueue();
  await closePacketPool();
  await closeDatabase();
}

const ABORT_DELAY = 5_000;

/**
 * Passes the HTML on in one piece per burst. React writes a page in chunks of about 2 KB, each of
 * which became a write to the socket; a chunk written in the same turn of the event loop as the
 * ones before it now joins them, so a page goes out in a few writes, and anything rendered later
 * (streamed data) still goes out as soon as it is ready.
 */
class CoalescingStream extends Transform {
  private chunks: Buffer[] = [];
  private scheduled = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.chunks.push(chunk);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.release());
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.release();
    callback();
  }

  private release(): void {
    this.scheduled = false;
    if (this.chunks.length === 0) return;
    const chunks = this.chunks;
    this.chunks = [];
    this.push(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  }
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  const nonce = loadContext.nonce;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new CoalescingStream();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged here; earlier ones reach handleError.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // The full error goes to the server log; users see the friendly error page.
  console.error(error);
}
