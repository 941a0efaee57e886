// Benchmark of the global TikTok budget (@trendpot/jobs).
//   node --import tsx packages/dev-services/src/cli.ts run -- node --import tsx bench/src/budget.ts [flags]
// Flags (defaults in brackets): --window-ms [6000] --per-window [9] --windows [6] --processes [3]
//   --concurrency [4] acquirers per process, --hold-ms [50] simulated call time, --max-in-flight [5],
//   --overhead-iterations [2000].
// Several processes share one budget with a shortened window (6 s for 9 calls is the production 90/min at 10x
// speed) and keep a backlog for several windows. Reported: the most calls seen in any sliding window (must not
// exceed the limit), utilization during the backlog as a share of the limit, the most leases held at once, and the
// cost of one acquire + release with the budget lifted.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createTikTokBudget } from "@trendpot/jobs";
import { Redis } from "ioredis";
import { report } from "./report-support";

interface Settings {
  windowMs: number;
  perWindow: number;
  windows: number;
  processes: number;
  concurrency: number;
  holdMs: number;
  maxInFlight: number;
  overheadIterations: number;
}

interface ChildInput extends Settings {
  url: string;
  keyPrefix: string;
  startAt: number;
  stopAt: number;
}

function parseFlags(argv: string[]): Settings {
  const flag = (name: string, fallback: number) => {
    const index = argv.indexOf(`--${name}`);
    const value = index >= 0 ? Number(argv[index + 1]) : fallback;
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
    return value;
  };
  return {
    windowMs: flag("window-ms", 6_000),
    perWindow: flag("per-window", 9),
    windows: flag("windows", 6),
    processes: flag("processes", 3),
    concurrency: flag("concurrency", 4),
    holdMs: flag("hold-ms", 50),
    maxInFlight: flag("max-in-flight", 5),
    overheadIterations: flag("overhead-iterations", 2_000),
  };
}

async function child(input: ChildInput): Promise<void> {
  const redis = new Redis(input.url);
  const subscriber = redis.duplicate();
  const budget = createTikTokBudget({
    redis,
    subscriber,
    keyPrefix: input.keyPrefix,
    perMinute: input.perWindow,
    perDay: 1_000_000,
    maxInFlight: input.maxInFlight,
    windowMs: input.windowMs,
  });
  const holdersKey = `${input.keyPrefix}:holders`;
  const stamps: number[] = [];
  let maxHolding = 0;
  const signal = AbortSignal.timeout(Math.max(0, input.stopAt - Date.now()));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, input.startAt - Date.now())));
  const acquirer = async () => {
    while (!signal.aborted) {
      const lease = await budget.acquire({ priority: "metrics", signal }).catch(() => undefined);
      if (!lease) return;
      stamps.push(lease.acquiredAt);
      maxHolding = Math.max(maxHolding, await redis.incr(holdersKey));
      await new Promise((resolve) => setTimeout(resolve, input.holdMs));
      await redis.decr(holdersKey);
      await lease.release();
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, acquirer));
  await Promise.all([redis.quit(), subscriber.quit()]);
  process.stdout.write(`${JSON.stringify({ stamps, maxHolding })}\n`);
}

function runChild(input: ChildInput): Promise<{ stamps: number[]; maxHolding: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child"], {
      env: { ...process.env, BUDGET_BENCH_CHILD: JSON.stringify(input) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.on("error", reject);
    proc.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`child exited ${code}`)),
    );
  });
}

function maxInAnyWindow(timestamps: number[], windowMs: number): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let max = 0;
  let low = 0;
  for (let high = 0; high < sorted.length; high += 1) {
    while ((sorted[low] as number) <= (sorted[high] as number) - windowMs) low += 1;
    max = Math.max(max, high - low + 1);
  }
  return max;
}

// The sliding-window count, sampled every 10 ms from the end of the first window to the end of the backlog,
// averaged: how full TikTok's own window was, on average, while work was waiting.
function averageWindowFill(timestamps: number[], from: number, to: number, windowMs: number): number {
  let total = 0;
  let samples = 0;
  for (let at = from; at < to; at += 10) {
    total += timestamps.filter((stamp) => stamp > at - windowMs && stamp <= at).length;
    samples += 1;
  }
  return samples === 0 ? 0 : total / samples;
}

// With a backlog, call i can only start once call i - limit has left the window; how long after that it actually
// started is the limiter's own slack (timer and Redis round trip), apart from the simulated workload.
function reuseLateness(sorted: number[], limit: number, windowMs: number): { medianMs: number; p95Ms: number } {
  const lateness: number[] = [];
  for (let i = limit; i < sorted.length; i += 1) {
    lateness.push((sorted[i] as number) - ((sorted[i - limit] as number) + windowMs));
  }
  lateness.sort((a, b) => a - b);
  const at = (q: number) => lateness[Math.min(lateness.length - 1, Math.floor(lateness.length * q))] ?? 0;
  return { medianMs: at(0.5), p95Ms: at(0.95) };
}

async function overhead(url: string, iterations: number): Promise<{ medianUs: number; p99Us: number }> {
  const redis = new Redis(url);
  const budget = createTikTokBudget({
    redis,
    keyPrefix: `bench-overhead-${process.pid}-${Date.now()}`,
    perMinute: 10_000_000,
    perDay: 100_000_000,
    maxInFlight: 1_000,
  });
  const samples: number[] = [];
  for (let i = 0; i < iterations + 100; i += 1) {
    const started = performance.now();
    const lease = await budget.acquire({ priority: "metrics" });
    await lease.release();
    if (i >= 100) samples.push((performance.now() - started) * 1_000);
  }
  await redis.quit();
  samples.sort((a, b) => a - b);
  const at = (q: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor(samples.length * q))] ?? 0);
  return { medianUs: at(0.5), p99Us: at(0.99) };
}

async function main(): Promise<void> {
  if (process.argv.includes("--child")) return child(JSON.parse(process.env.BUDGET_BENCH_CHILD ?? "{}") as ChildInput);
  const url = process.env.REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set: run through `packages/dev-services/src/cli.ts run --`");
  const settings = parseFlags(process.argv.slice(2));
  const startAt = Date.now() + 2_500;
  const input: ChildInput = {
    ...settings,
    url,
    keyPrefix: `bench-budget-${process.pid}-${Date.now()}`,
    startAt,
    stopAt: startAt + (settings.windows + 1) * settings.windowMs,
  };
  console.error(
    `budget bench: ${settings.processes} processes x ${settings.concurrency} acquirers, ${settings.perWindow} calls / ${settings.windowMs} ms, ${settings.windows} windows…`,
  );
  const results = await Promise.all(Array.from({ length: settings.processes }, () => runChild(input)));
  const stamps = results.flatMap((result) => result.stamps).sort((a, b) => a - b);
  const t0 = stamps[0] ?? startAt;
  const measured = stamps.filter((stamp) => stamp < t0 + settings.windows * settings.windowMs).length;
  const ideal = settings.windows * settings.perWindow;
  const maxWindow = maxInAnyWindow(stamps, settings.windowMs);
  const backlogEnd = t0 + settings.windows * settings.windowMs;
  const fill = averageWindowFill(stamps, t0 + settings.windowMs, backlogEnd, settings.windowMs);
  const cost = await overhead(url, settings.overheadIterations);
  const lateness = reuseLateness(stamps, settings.perWindow, settings.windowMs);
  const maxHolding = Math.max(...results.map((result) => result.maxHolding));
  const withinLimit = maxWindow <= settings.perWindow;
  const pass = report(
    "budget",
    [
      // The two grants the budget promises across processes: never more calls in a window than the limit, never
      // more leases live at once than maxInFlight.
      {
        metric: `most calls in any sliding ${settings.windowMs} ms window`,
        unit: "calls",
        measured: maxWindow,
        target: { op: "<=", value: settings.perWindow },
      },
      {
        metric: "most leases held at once",
        unit: "leases",
        measured: maxHolding,
        target: { op: "<=", value: settings.maxInFlight },
      },
      { metric: "calls granted in all", unit: "calls", measured: stamps.length },
      {
        metric: `backlog utilization (${measured} of ${ideal} calls in ${settings.windows} windows)`,
        unit: "%",
        measured: (measured / ideal) * 100,
      },
      {
        metric: `average sliding-window fill (${fill.toFixed(2)} of ${settings.perWindow})`,
        unit: "%",
        measured: (fill / settings.perWindow) * 100,
      },
      { metric: "freed slot reused after (median)", unit: "ms", measured: lateness.medianMs },
      { metric: "freed slot reused after (p95)", unit: "ms", measured: lateness.p95Ms },
      { metric: "acquire + release, budget lifted (median)", unit: "µs", measured: cost.medianUs },
      { metric: "acquire + release, budget lifted (p99)", unit: "µs", measured: cost.p99Us },
    ],
    { settings },
  );
  if (!withinLimit || !pass) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
