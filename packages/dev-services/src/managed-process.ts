import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";

/** A server process we started: its output goes to a log file, and it is killed when we stop or exit. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** A message when the process has exited, else undefined. */
  exited(): string | undefined;
  /** The last lines of its log, for error messages. */
  tail(lines?: number): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort on any exit path (test failure, uncaught error): no server outlives the run.
  process.on("exit", () => {
    for (const child of running) {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
  });
}

export function startProcess(input: {
  name: string;
  command: string;
  args: string[];
  dir: string;
  env?: NodeJS.ProcessEnv;
}): ManagedProcess {
  installExitHook();
  const logFile = join(input.dir, `${input.name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(input.command, input.args, {
    cwd: input.dir,
    env: { ...process.env, ...input.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  running.add(child);
  let exitMessage: string | undefined;
  child.on("error", (error) => {
    exitMessage = `${input.name} could not start: ${error.message}`;
  });
  child.on("exit", (code, signal) => {
    running.delete(child);
    exitMessage ??= `${input.name} exited (${signal ?? `code ${code}`})`;
  });
  const tail = (lines = 20) => {
    try {
      return readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  };
  return {
    name: input.name,
    pid: child.pid ?? -1,
    logFile,
    exited: () => (exitMessage ? `${exitMessage}\n${tail()}` : undefined),
    tail,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill("SIGTERM");
  });
}
