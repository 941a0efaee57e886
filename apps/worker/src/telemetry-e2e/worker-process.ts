import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

const WORKER_DIR = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

/** The real worker entry point running as a child process, with everything it printed. */
export interface WorkerProcess {
  /** The scrape endpoint it reported in its "worker started" line. */
  metricsUrl: string;
  /** stdout and stderr as written so far (JSON log lines on stdout). */
  output(): { stdout: string; stderr: string };
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Runs `node --import tsx apps/worker/src/main.ts` with `env` on top of the test's environment. */
export async function startWorkerProcess(env: Record<string, string>, timeoutMs: number): Promise<WorkerProcess> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "@trendpot/telemetry/register", MAIN],
    {
      cwd: WORKER_DIR,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async (graceMs = 20_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  try {
    const started = await new Promise<{ prometheusUrl?: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start within ${timeoutMs} ms`)), timeoutMs);
      const onData = () => {
        const line = stdout.split("\n").find((entry) => entry.includes('"worker started"'));
        if (!line) return;
        clearTimeout(timer);
        child.stdout.off("data", onData);
        resolve(JSON.parse(line) as { prometheusUrl?: string });
      };
      child.stdout.on("data", onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`worker exited early with ${code}`));
      });
    });
    if (!started.prometheusUrl) throw new Error("the worker started without a Prometheus endpoint (METRICS_PORT?)");
    return { metricsUrl: started.prometheusUrl, output: () => ({ stdout, stderr }), stop };
  } catch (error) {
    await stop(5_000);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\nstdout:\n${stdout.slice(-4_000)}\nstderr:\n${stderr.slice(-4_000)}`);
  }
}
