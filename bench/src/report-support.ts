// One way every benchmark reports: a table of target, measured, ratio and pass/fail on stdout, and the same
// figures as JSON in bench/results/<name>.json (git-ignored), so runs on one machine can be compared.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where results go; `npm run bench` prints a summary of every file written here during its run. */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "results");

/** One measured figure and, when it has one, its target (`>=`: at least, `<=`: at most). */
export interface Row {
  metric: string;
  unit: string;
  measured: number;
  target?: { op: ">=" | "<="; value: number };
}

export interface RowResult extends Row {
  /** measured / target: above 1 is good for `>=` targets, below 1 for `<=` ones. */
  ratio?: number;
  pass?: boolean;
}

export interface BenchReport {
  bench: string;
  at: string;
  rows: RowResult[];
  pass: boolean;
  details?: unknown;
}

function judge(row: Row): RowResult {
  if (!row.target) return row;
  // A target of zero (no failures) has no meaningful ratio.
  const ratio = row.target.value === 0 ? undefined : row.measured / row.target.value;
  const pass = row.target.op === ">=" ? row.measured >= row.target.value : row.measured <= row.target.value;
  return { ...row, ...(ratio === undefined ? {} : { ratio }), pass };
}

const fmt = (n: number) =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: Math.abs(n) < 10 ? 3 : 1 }) : String(n);

/** Renders rows as a fixed-width table. */
export function formatTable(rows: readonly RowResult[]): string {
  const cells = rows.map((r) => [
    r.metric,
    r.target ? `${r.target.op} ${fmt(r.target.value)} ${r.unit}` : "—",
    `${fmt(r.measured)} ${r.unit}`,
    r.ratio === undefined ? "—" : fmt(r.ratio),
    r.pass === undefined ? "—" : r.pass ? "pass" : "FAIL",
  ]);
  const header = ["metric", "target", "measured", "ratio", "result"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

/** Prints the table, writes bench/results/<bench>.json and says whether every target was met. */
export function report(bench: string, rows: readonly Row[], details?: unknown): boolean {
  const judged = rows.map(judge);
  const pass = judged.every((r) => r.pass !== false);
  const out: BenchReport = {
    bench,
    at: new Date().toISOString(),
    rows: judged,
    pass,
    ...(details === undefined ? {} : { details }),
  };
  console.log(`\n${bench}\n${formatTable(judged)}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${bench}.json`), `${JSON.stringify(out, null, 2)}\n`);
  return pass;
}
