/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}


declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    /** Per-request CSP nonce for the scripts React renders. */
    nonce: string;
    /** The client's address: the socket's, or a trusted proxy's X-Forwarded-For. */
    clientAddress: string;
    /** Headers (Set-Cookie for session refresh) that the entry adds to whatever the route returns. */
    responseHeaders: Headers;
  }
}

export {};
