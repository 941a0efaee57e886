import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, servicesEnv } from "@trendpot/dev-services";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/child";

// `npm start`'s entry (scripts/stack.ts) on the shared test services: it still makes its own temp dir, the
// sandbox, the api and the worker, which is what this file supervises and signals.
let stack: ChildProcess | undefined;
let output = "";
const tmp = mkdtempSync(join(tmpdir(), "stack-supervisor-"));
const pids: number[] = [];

afterAll(() => {
  for (const pid of [stack?.pid, ...pids]) {
    if (pid !== undefined && alive(pid)) process.kill(pid, "SIGKILL");
  }
  rmSync(tmp, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`no ${what} within ${timeoutMs} ms; stack output:\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const startedPids = (name: string) =>
  [...output.matchAll(new RegExp(`\\[stack\\] ${name} started \\(pid (\\d+)\\)`, "g"))].map((m) => Number(m[1]));

/** Starts the stack entry directly, or (`viaShell`) behind a shell that passes no signal on, as npm's may. */
async function startStack(viaShell = false): Promise<void> {
  output = "";
  const [apiPort, sandboxPort, apiMetrics, workerMetrics, liveness] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  const entry = [process.execPath, "--import", "tsx", "scripts/stack.ts", "start"];
  // The trailing `true` keeps the shell from exec'ing node: the shell stays the stack's parent.
  const shellArgs = ["-c", `"${entry.join('" "')}"; true`];
  const options = {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      // The services' temp dir goes here, so the test can see it removed.
      TMPDIR: tmp,
      // Supervision is what is under test; the Collector (and its first-run build) has its own suites.
      STACK_COLLECTOR: "off",
      ...servicesEnv(testServices()),
      MONGODB_DB: uniqueName("stack"),
      REDIS_PREFIX: uniqueName("stack"),
      PORT: String(apiPort),
      SANDBOX_PORT: String(sandboxPort),
      METRICS_PORT: String(apiMetrics),
      WORKER_METRICS_PORT: String(workerMetrics),
      WORKER_LIVENESS_PORT: String(liveness),
    },
    stdio: ["ignore", "pipe", "pipe"] as ["ignore", "pipe", "pipe"],
  };
  stack = viaShell ? spawn("/bin/sh", shellArgs, options) : spawn(process.execPath, entry.slice(1), options);
  stack.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  stack.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  await waitFor("banner", () => (output.includes("TrendPot TikTok ingestion is running") ? true : undefined), 120_000);
}

describe("npm start's stack supervises its processes", () => {
  it("restarts a crashed worker with backoff, and SIGTERM to the stack stops everything and removes its temp dir", async () => {
    await startStack();
    const [apiPid] = startedPids("api");
    const [workerPid] = startedPids("worker");
    if (apiPid === undefined || workerPid === undefined) throw new Error(`no pids in:\n${output}`);
    pids.push(apiPid, workerPid);
    expect(readdirSync(tmp).some((name) => name.startsWith("trendpot-services-"))).toBe(true);

    // Regression: the worker dying used to stop the whole stack.
    process.kill(workerPid, "SIGKILL");
    const restarted = await waitFor("restarted worker", () => startedPids("worker")[1], 30_000);
    pids.push(restarted);
    expect(output).toContain("[stack] worker exited (SIGKILL); restarting in 1000 ms");
    expect(restarted).not.toBe(workerPid);
    expect(alive(restarted)).toBe(true);
    expect(alive(apiPid)).toBe(true);

    // Regression: only a signal to the whole process group stopped the stack.
    const exited = new Promise<number | null>((resolve) => stack?.once("exit", (code) => resolve(code)));
    stack?.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain("[stack] SIGTERM: stopping the stack");
    expect([apiPid, restarted].filter(alive)).toEqual([]);
    // tsx keeps its compile cache (tsx-<uid>) in TMPDIR by design; everything of ours is gone.
    expect(readdirSync(tmp).filter((name) => !name.startsWith("tsx-"))).toEqual([]);
  });

  it("stops everything when the process that started it dies without passing a signal on", async () => {
    await startStack(true);
    const started = [...startedPids("api"), ...startedPids("worker")];
    pids.push(...started);
    expect(started).toHaveLength(2);
    stack?.kill("SIGKILL");
    await waitFor(
      "orphan notice",
      () => (output.includes("process that started the stack is gone") ? true : undefined),
      10_000,
    );
    await waitFor("children gone", () => (started.some(alive) ? undefined : true), 20_000);
    await waitFor(
      "temp dir removed",
      () => (readdirSync(tmp).some((name) => name.startsWith("trendpot-")) ? undefined : true),
      10_000,
    );
  });
});
