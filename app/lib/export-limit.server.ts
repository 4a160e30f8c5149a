// Per-person limits on heavy work: how many of one kind of request a person may have running at
// once; more get 429. One person exporting a whole round or importing file after file must not
// starve everyone else. Counted in this process (the work runs here too).

/** A limiter for one kind of work: `run(userId, work)` runs `work` if that person is under `max`,
 *  otherwise returns null without running it. */
export function perPersonLimit(max: number) {
  const running = new Map<string, number>();
  return async function run<T>(userId: string, work: () => Promise<T>): Promise<T | null> {
    const current = running.get(userId) ?? 0;
    if (current >= max) return null;
    running.set(userId, current + 1);
    try {
      return await work();
    } finally {
      const left = (running.get(userId) ?? 1) - 1;
      if (left <= 0) running.delete(userId);
      else running.set(userId, left);
    }
  };
}

/** Packet exports are CPU work on a small pool. */
export const MAX_CONCURRENT_EXPORTS = 2;
export const withExportSlot = perPersonLimit(MAX_CONCURRENT_EXPORTS);

/** An import writes thousands of rows; one at a time per person. */
export const MAX_CONCURRENT_IMPORTS = 1;
export const withImportSlot = perPersonLimit(MAX_CONCURRENT_IMPORTS);
