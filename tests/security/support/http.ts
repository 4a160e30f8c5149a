// A small HTTP client for the security tests: one session cookie, forms as a browser sends them
// (application/x-www-form-urlencoded, Origin set to the server's own origin), redirects not
// followed, so that every test sees exactly what the server answered.
export type Fields = Array<[string, string]> | Record<string, string>;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The Location header of a redirect, or null. */
  location: string | null;
  /** Every Set-Cookie header of the response. */
  setCookies: string[];
}

export interface SendOptions {
  /** The Origin header: the server's own origin by default on non-GET requests; null leaves it out. */
  origin?: string | null;
  headers?: Record<string, string>;
  /** A raw body instead of form fields. */
  body?: BodyInit;
}

export interface BinaryReply extends Omit<Reply, "text"> {
  bytes: Uint8Array;
}

export const SESSION_COOKIE = /^(?:__Host-)?ladderproof_session$/;

export function formBody(fields: Fields): URLSearchParams {
  const entries = Array.isArray(fields) ? fields : Object.entries(fields);
  return new URLSearchParams(entries);
}

/** A browser stand-in: keeps the session cookie it is given, forgets it when the server clears it. */
export class Client {
  /** "name=value" of the session cookie, or null. */
  cookie: string | null = null;

  constructor(
    /** The server's base URL, read on every request (a restarted server has a new port). */
    private readonly base: () => string,
    /** Sent as X-Forwarded-For (only believed by a server started with TRUSTED_PROXIES). */
    readonly forwardedFor?: string,
  ) {}

  get url(): string {
    return this.base();
  }

  /** The session token (the cookie's value), or null. */
  get token(): string | null {
    return this.cookie ? this.cookie.slice(this.cookie.indexOf("=") + 1) : null;
  }

  /** A second client with the same cookie (another tab, or a stolen copy of the cookie). */
  clone(): Client {
    const copy = new Client(this.base, this.forwardedFor);
    copy.cookie = this.cookie;
    return copy;
  }

  withToken(token: string): Client {
    const copy = new Client(this.base, this.forwardedFor);
    const name = this.cookie ? this.cookie.slice(0, this.cookie.indexOf("=")) : "__Host-ladderproof_session";
    copy.cookie = `${name}=${token}`;
    return copy;
  }

  async get(path: string, options: SendOptions = {}): Promise<Reply> {
    return this.send("GET", path, undefined, options);
  }

  async post(path: string, fields: Fields = [], options: SendOptions = {}): Promise<Reply> {
    return this.send("POST", path, fields, options);
  }

  /** A GET, or with `fields` a POST, whose answer is a file. */
  async download(path: string, fields?: Fields): Promise<BinaryReply> {
    const response = await this.raw(fields ? "POST" : "GET", path, fields, {});
    return { ...this.meta(response), bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  async send(method: string, path: string, fields: Fields | undefined, options: SendOptions = {}): Promise<Reply> {
    const response = await this.raw(method, path, fields, options);
    return { ...this.meta(response), text: await response.text() };
  }

  private meta(response: Response): Omit<Reply, "text"> {
    const setCookies = response.headers.getSetCookie();
    for (const header of setCookies) this.takeCookie(header);
    return { status: response.status, headers: response.headers, location: response.headers.get("location"), setCookies };
  }

  private async raw(method: string, path: string, fields: Fields | undefined, options: SendOptions): Promise<Response> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (this.cookie) headers.Cookie = this.cookie;
    if (this.forwardedFor) headers["X-Forwarded-For"] = this.forwardedFor;
    const origin = options.origin === undefined ? (method === "GET" || method === "HEAD" ? null : this.base()) : options.origin;
    if (origin !== null) headers.Origin = origin;
    let body: BodyInit | undefined = options.body;
    if (fields !== undefined && body === undefined) {
      body = formBody(fields);
      headers["Content-Type"] ??= "application/x-www-form-urlencoded";
    }
    return fetch(new URL(path, this.base()), { method, headers, body, redirect: "manual" });
  }

  private takeCookie(header: string): void {
    const [pair = "", ...attributes] = header.split(";").map((s) => s.trim());
    const eq = pair.indexOf("=");
    if (eq < 0 || !SESSION_COOKIE.test(pair.slice(0, eq))) return;
    const value = pair.slice(eq + 1);
    const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()));
    this.cookie = value && !expired ? pair : null;
  }
}

/** Unescapes the few entities React writes into text and attributes. */
export function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The text of the page's <main> element, tags removed (for messages, not for markup checks). */
export function mainText(html: string): string {
  const main = /<main\b[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? html;
  return unescapeHtml(main.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim();
}
