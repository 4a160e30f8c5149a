/** How many packet exports one person may have running at once; more get 429. Exports are CPU work
 *  on a small pool, so one person exporting a whole round must not starve everyone else. */
export const MAX_CONCURRENT_EXPORTS = 2;

const running = new Map<string, number>();

/** Runs `work` if the user is under the limit; otherwise returns null without running it. */
export async function withExportSlot<T>(userId: string, work: () => Promise<T>): Promise<T | null> {
  const current = running.get(userId) ?? 0;
  if (current >= MAX_CONCURRENT_EXPORTS) return null;
  running.set(userId, current + 1);
  try {
    return await work();
  } finally {
    const left = (running.get(userId) ?? 1) - 1;
    if (left <= 0) running.delete(userId);
    else running.set(userId, left);
  }
}
