// The benchmark's figures: each with its runs, its budget and a verdict; printed as a table and
// written as JSON.
import os from "node:os";
import { round, spread, type Spread } from "./stats";

export type Verdict = "PASS" | "MISS" | "INFO" | "ERROR";

export interface Budget {
  /** The figure must be at most this (latency, time, memory, size)... */
  max?: number;
  /** ...or at least this (throughput ratios). */
  min?: number;
}

export interface Figure {
  /** Stable key for results.json, e.g. "casePage.p95". */
  id: string;
  /** The item number (1-7). */
  item: number;
  label: string;
  database?: "PGlite" | "PostgreSQL";
  unit: string;
  runs: number[];
  budget?: Budget;
  /** Why the budget does not apply as is (short mode sizes, another database). */
  budgetNote?: string;
  /** Set when a run saw failures (unexpected statuses, errors): the figure is not trusted. */
  error?: string;
  detail?: Record<string, unknown>;
}

export interface ScoredFigure extends Figure {
  stats: Spread;
  verdict: Verdict;
}

export function score(figure: Figure): ScoredFigure {
  const stats = spread(figure.runs);
  let verdict: Verdict = "INFO";
  if (figure.error || !Number.isFinite(stats.median)) verdict = "ERROR";
  else if (figure.budget && !figure.budgetNote) {
    const { max, min } = figure.budget;
    const ok = (max === undefined || stats.median <= max) && (min === undefined || stats.median >= min);
    verdict = ok ? "PASS" : "MISS";
  }
  return { ...figure, stats, verdict };
}

function digitsFor(unit: string, value: number): number {
  if (unit === "ratio") return 2;
  if (unit === "req/s" || unit === "KB" || unit === "MB") return value >= 100 ? 0 : 1;
  if (unit === "ms") return value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return 1;
}

function show(value: number, unit: string): string {
  if (!Number.isFinite(value)) return "n/a";
  if (unit === "ratio") return `${(value * 100).toFixed(0)}%`;
  return `${round(value, digitsFor(unit, value))} ${unit}`;
}

function budgetText(figure: Figure): string {
  if (!figure.budget) return "";
  const { max, min } = figure.budget;
  const parts: string[] = [];
  if (max !== undefined) parts.push(`≤ ${show(max, figure.unit)}`);
  if (min !== undefined) parts.push(`≥ ${show(min, figure.unit)}`);
  return parts.join(", ");
}

function pad(text: string, width: number): string {
  const length = [...text].length;
  return length >= width ? text : text + " ".repeat(width - length);
}

export function table(figures: ScoredFigure[]): string {
  const timedOut = (f: ScoredFigure) => ((f.detail?.timeouts as number[] | undefined) ?? []).some((n) => n > 0);
  const rows = figures.map((f) => [
    String(f.item),
    f.label,
    f.database ?? "",
    show(f.stats.median, f.unit) + (timedOut(f) ? " *" : ""),
    f.stats.runs.length > 1 ? `${show(f.stats.min, f.unit)} – ${show(f.stats.max, f.unit)}` : "",
    budgetText(f) + (f.budgetNote ? ` (${f.budgetNote})` : ""),
    f.verdict,
  ]);
  const header = ["#", "Figure", "Database", "Median", "Spread (min – max)", "Budget", "Result"];
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]!].length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join("  ").trimEnd();
  const lines = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  if (figures.some(timedOut)) {
    lines.push("", "* Some requests had no answer within 10 s (server overloaded); each counts as 10 s, so the figure is a lower bound.");
  }
  return lines.join("\n");
}

export function machine() {
  const cpus = os.cpus();
  return {
    cores: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
  };
}

export function toJson(figure: ScoredFigure) {
  const r = (v: number) => round(v, 3);
  return {
    id: figure.id,
    item: figure.item,
    label: figure.label,
    database: figure.database ?? null,
    unit: figure.unit,
    median: r(figure.stats.median),
    min: r(figure.stats.min),
    max: r(figure.stats.max),
    runs: figure.stats.runs.map(r),
    budget: figure.budget ?? null,
    budgetNote: figure.budgetNote ?? null,
    verdict: figure.verdict,
    error: figure.error ?? null,
    detail: figure.detail ?? null,
  };
}
