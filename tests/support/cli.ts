// Runs the command line as an operator does (`npm run -s cli -- …` is `tsx app/cli/main.ts …`),
// in a child process with only the environment given.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], env: Record<string, string>, input?: string): Promise<CliRun> {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  delete merged.DATABASE_URL;
  delete merged.PGLITE_DIR;
  for (const key of Object.keys(merged)) if (key.startsWith("VITEST")) delete merged[key];
  Object.assign(merged, { NO_COLOR: "1", DEMO: "0", NODE_ENV: "production" }, env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "app/cli/main.ts", ...args], {
      cwd: ROOT,
      env: merged,
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`cli ${args.join(" ")} did not exit within 60 s\n${stdout}\n${stderr}`));
    }, 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}
