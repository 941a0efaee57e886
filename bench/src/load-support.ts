// The load generator, in its own process: autocannon's CLI run by this Node (`process.execPath`), so the requests
// it makes and the latencies it measures never share an event loop with the server under test.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { z } from "zod";

const require = createRequire(import.meta.url);
const AUTOCANNON = require.resolve("autocannon/autocannon.js");

/** What one autocannon run measured. Latencies in milliseconds. */
export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx answers, socket errors and timeouts together: any of them makes a run invalid. */
  failures: number;
  requests: number;
}

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  /** Requests per second for all connections together; absent: as fast as the server answers. */
  rate?: number;
}

// The part of autocannon's `--json` report we read; validated because it is another program's output.
const ReportSchema = z.object({
  requests: z.object({ average: z.number(), total: z.number() }),
  latency: z.object({ p50: z.number(), p99: z.number() }),
  errors: z.number(),
  timeouts: z.number(),
  non2xx: z.number(),
});

/** Runs autocannon against `url` and returns its figures; fails when the run does not finish in time. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const args = [
    AUTOCANNON,
    "--json",
    "--no-progress",
    "-c",
    String(options.connections),
    "-d",
    String(options.seconds),
  ];
  if (options.rate !== undefined) args.push("-R", String(options.rate));
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push("-H", `${name}=${value}`);
  args.push(options.url);
  // autocannon stops itself after `seconds`; the deadline catches a generator that hangs.
  const deadlineMs = (options.seconds + 30) * 1000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], timeout: deadlineMs });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code !== 0) {
        reject(new Error(`autocannon exited with ${code ?? signal}: ${err.slice(-500)}`));
        return;
      }
      try {
        const report = ReportSchema.parse(JSON.parse(out.trim().split("\n").at(-1) ?? ""));
        resolve({
          rps: report.requests.average,
          p50: report.latency.p50,
          p99: report.latency.p99,
          failures: report.errors + report.timeouts + report.non2xx,
          requests: report.requests.total,
        });
      } catch (error) {
        reject(new Error(`unreadable autocannon report (${(error as Error).message}): ${out.slice(0, 300)}`));
      }
    });
  });
}

/** The median of several runs' values. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
