// A production server under test with a database the test owns (created here, removed in close()),
// so that the test can also look at the database directly: on PostgreSQL while the app runs, on
// PGlite by stopping the server, opening the directory, and starting the server again (PGlite
// allows one process per directory). The server's URL changes on a restart: clients read app.url.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createScratchDatabase, testServerUrl, type ScratchDatabase } from "../../support/database";
import { startServer, type RunningServer } from "../../support/server";
import { openSql, snapshot, type OpenSql, type Snapshot, type Sql, type Target } from "./db";
import { Client } from "./http";

export const onPostgres = Boolean(testServerUrl());
export const databaseLabel = onPostgres ? "PostgreSQL" : "PGlite";

export class TestApp {
  private earlierLogs = "";
  private pool: OpenSql | undefined;

  private constructor(
    public server: RunningServer,
    readonly target: Target,
    private readonly env: Record<string, string>,
    private readonly cleanup: () => Promise<void>,
  ) {}

  /** Starts a server on a new database: a PGlite directory, or a scratch database on the
   *  TEST_DATABASE_URL server. `env` is passed to the server (PGLITE_DIR/DATABASE_URL are set here). */
  static async start(env: Record<string, string> = {}): Promise<TestApp> {
    let target: Target;
    let cleanup: () => Promise<void>;
    const serverUrl = testServerUrl();
    if (serverUrl) {
      const scratch: ScratchDatabase = await createScratchDatabase(serverUrl, "lp_sec");
      target = { kind: "postgres", url: scratch.url };
      cleanup = () => scratch.drop();
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lp-sec-"));
      target = { kind: "pglite", dir };
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    try {
      const server = await startServer({ ...env, ...TestApp.databaseEnv(target) });
      return new TestApp(server, target, env, cleanup);
    } catch (error) {
      await cleanup().catch(() => {});
      throw error;
    }
  }

  static databaseEnv(target: Target): Record<string, string> {
    return target.kind === "postgres" ? { DATABASE_URL: target.url } : { PGLITE_DIR: target.dir };
  }

  /** Another server process on the same database (PostgreSQL only). */
  async second(env: Record<string, string> = {}): Promise<RunningServer> {
    if (this.target.kind !== "postgres") throw new Error("PGlite allows one server per directory");
    return startServer({ ...this.env, ...env, ...TestApp.databaseEnv(this.target) });
  }

  get url(): string {
    return this.server.url;
  }

  client(forwardedFor?: string): Client {
    return new Client(() => this.url, forwardedFor);
  }

  /** Everything every server process of this app printed, restarts included. */
  logs(): string {
    return this.earlierLogs + this.server.logs();
  }

  /** Runs `fn` against the database. PGlite: with the server stopped (and started again after). */
  async sql<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    if (this.target.kind === "postgres") {
      this.pool ??= await openSql(this.target);
      return fn(this.pool);
    }
    await this.stopServer();
    try {
      const sql = await openSql(this.target);
      try {
        return await fn(sql);
      } finally {
        await sql.close();
      }
    } finally {
      await this.startServer();
    }
  }

  snapshot(): Promise<Snapshot> {
    return this.sql((sql) => snapshot(sql));
  }

  async restart(): Promise<void> {
    await this.stopServer();
    await this.startServer();
  }

  /** Starts the server again after a crash or a stop (same database). */
  async startServer(): Promise<void> {
    this.server = await startServer({ ...this.env, ...TestApp.databaseEnv(this.target) });
  }

  async stopServer(): Promise<void> {
    const result = await this.server.stop();
    this.earlierLogs += this.server.logs();
    if (result.code !== 0 && result.signal !== "SIGKILL") {
      throw new Error(`The server did not stop cleanly (${JSON.stringify(result)}):\n${this.server.logs()}`);
    }
  }

  async close(): Promise<void> {
    await this.server.stop().catch(() => undefined);
    await this.pool?.close().catch(() => undefined);
    await this.cleanup();
  }
}
