import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { requestScope } from "../../app/lib/request-scope.server";

const context = { nonce: "n", clientAddress: "127.0.0.1", responseHeaders: new Headers() } as unknown as AppLoadContext;

describe("requestScope", () => {
  it("is the load context for reads, so the loaders of one request share it", () => {
    // Remix gives each loader its own copy of the Request: the context is the common object.
    const a = requestScope({ request: new Request("http://x/cases/1"), context });
    const b = requestScope({ request: new Request("http://x/cases/1?index"), context });
    expect(a).toBe(context);
    expect(b).toBe(a);
    expect(requestScope({ request: new Request("http://x/", { method: "HEAD" }), context })).toBe(context);
  });

  it("is null for actions: what they change must not be answered from before the change", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(requestScope({ request: new Request("http://x/cases/1", { method }), context })).toBeNull();
    }
  });

  it("is null without a load context", () => {
    expect(requestScope({ request: new Request("http://x/"), context: undefined as unknown as AppLoadContext })).toBeNull();
  });
});
