import { readdirSync, readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

type LockedPackage = { version?: string; engines?: { node?: string } | string[] };
const manifest = JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
  packages: Record<string, LockedPackage>;
};
const oldestNode = semver.minVersion(manifest.engines.node)?.version ?? "";

describe("npm install on the oldest Node we state", () => {
  it("states a Node version", () => {
    expect(oldestNode).toBe("20.19.0");
  });

  it("installs no package whose engines exclude it, so npm prints no EBADENGINE warning", () => {
    const refusing = Object.entries(lock.packages).flatMap(([path, pkg]) => {
      const wanted = pkg.engines && !Array.isArray(pkg.engines) ? pkg.engines.node : undefined;
      return wanted && !semver.satisfies(oldestNode, wanted) ? [`${path}@${pkg.version} wants ${wanted}`] : [];
    });
    expect(refusing).toEqual([]);
  });

  it("keeps docx's bundled id generator independent of the nanoid the lock resolves", () => {
    // docx inlines nanoid in its build; the override only picks which copy npm installs beside it.
    const builds = readdirSync("node_modules/docx/dist").filter((name) => /\.(c|m)?js$/.test(name));
    expect(builds).toContain("index.mjs");
    for (const name of builds) {
      const build = readFileSync(`node_modules/docx/dist/${name}`, "utf8");
      expect(build, name).not.toMatch(/(from\s+|require\()["']nanoid/);
    }
    expect(lock.packages["node_modules/docx/node_modules/nanoid"]?.version).toBe("5.1.12");
  });
});
