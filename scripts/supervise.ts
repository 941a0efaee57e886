// Keeps one child process of the local stack running: a crash is announced and the child restarted after a
// backoff that doubles while it keeps crashing, so a broken build does not spin the CPU and a one-off crash
// costs a second.
import { type ChildProcess, spawn } from "node:child_process";

export interface SuperviseOptions {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  log(message: string): void;
  /** First restart delay [1 s], doubled per consecutive crash up to `maxDelayMs` [30 s]. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A run at least this long [30 s] counts as healthy: the next crash starts the backoff over. */
  stableAfterMs?: number;
  /** How long `stop` waits after SIGTERM before SIGKILL [10 s]. */
  stopGraceMs?: number;
}

export interface Supervised {
  readonly name: string;
  /** The current child's pid (undefined between a crash and its restart). */
  pid(): number | undefined;
  /** Stops restarting, then SIGTERM (SIGKILL after the grace); resolves once the child is gone. */
  stop(): Promise<void>;
}

export function supervise(options: SuperviseOptions): Supervised {
  const initialDelayMs = options.initialDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const stableAfterMs = options.stableAfterMs ?? 30_000;
  let child: ChildProcess | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  let crashes = 0;

  const start = () => {
    restartTimer = undefined;
    const startedAt = Date.now();
    const current = spawn(options.command, options.args, { stdio: "inherit", env: options.env });
    child = current;
    options.log(`${options.name} started (pid ${current.pid})`);
    current.on("exit", (code, signal) => {
      if (child === current) child = undefined;
      if (stopping) return;
      if (Date.now() - startedAt >= stableAfterMs) crashes = 0;
      const delay = Math.min(initialDelayMs * 2 ** crashes, maxDelayMs);
      crashes += 1;
      options.log(
        `${options.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms (crash ${crashes} in a row)`,
      );
      restartTimer = setTimeout(start, delay);
    });
  };
  start();

  return {
    name: options.name,
    pid: () => child?.pid,
    stop: async () => {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      await new Promise<void>((resolveStop) => {
        const force = setTimeout(() => current.kill("SIGKILL"), options.stopGraceMs ?? 10_000);
        current.once("exit", () => {
          clearTimeout(force);
          resolveStop();
        });
        current.kill("SIGTERM");
      });
    },
  };
}
