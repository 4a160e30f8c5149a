import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const app = fileURLToPath(new URL("./app", import.meta.url));

export default defineConfig({
  resolve: { alias: { "~": app } },
  test: {
    projects: [
      {
        resolve: { alias: { "~": app } },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts", "tests/unit/**/*.test.tsx", "tests/security/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias: { "~": app } },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One database per file; files run one at a time to stay within 2 cores and PGlite's memory.
          fileParallelism: false,
        },
      },
    ],
  },
});
