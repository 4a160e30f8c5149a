// `npm start`: build when the sources are newer than the build, then serve it in production mode.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

process.env.NODE_ENV = "production";

function newestMtime(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

const sources = ["app", "db/schema.ts", "remix.config.js", "package.json"].filter((p) => fs.existsSync(p));
const builtAt = fs.existsSync("build/index.js") ? fs.statSync("build/index.js").mtimeMs : 0;
if (builtAt < Math.max(...sources.map(newestMtime).filter((m) => !Number.isNaN(m)), 0) || !fs.existsSync("public/build")) {
  console.log("Building Ladderproof...");
  const result = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await import("./server.mjs");
