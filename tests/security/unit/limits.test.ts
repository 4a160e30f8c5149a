import { describe, expect, it } from "vitest";
import { perPersonLimit } from "~/lib/export-limit.server";

describe("per-person limits on heavy work (imports one at a time, exports two)", () => {
  it("refuses a person's work over the limit while theirs runs, never anyone else's, and frees the slot after", async () => {
    const oneAtATime = perPersonLimit(1);
    let release = () => {};
    const running = oneAtATime("amara", () => new Promise<string>((resolve) => (release = () => resolve("first"))));
    expect(await oneAtATime("amara", async () => "second")).toBeNull();
    expect(await oneAtATime("bruno", async () => "other person")).toBe("other person");
    release();
    expect(await running).toBe("first");
    expect(await oneAtATime("amara", async () => "after")).toBe("after");
  });

  it("frees the slot when the work fails", async () => {
    const limit = perPersonLimit(1);
    await expect(limit("amara", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limit("amara", async () => "again")).toBe("again");
  });
});
