import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** The repository root: children run from here so `--import tsx` and the workspace packages resolve. */
export const REPO_ROOT = resolve(import.meta.dirname, "../../..");

/** Relative to REPO_ROOT, where the children run. */
const TELEMETRY_PRELOAD = "./packages/telemetry/src/register.ts";

const live = new Set<ChildProcess>();
let hookInstalled = false;

// Last resort on every exit path (a failed hook, an uncaught error): no api or worker outlives the test run.
function installExitHook(): void {
  if (hookInstalled) return;
  hookInstalled = true;
  process.on("exit", () => {
    for (const child of live) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });
}

/** An app process (api or worker) started with `node --import tsx <entry>`, its output appended to `logFile`. */
export interface AppProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Exit description once it exited, else undefined. */
  exited(): string | undefined;
  alive(): boolean;
  /** Resolves when the process has exited (at once when it already has). */
  whenExited(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** The log so far. */
  log(): string;
}

/**
 * `entry` is a TypeScript source run through tsx with the telemetry preload, or a production bundle's folder run as
 * the image runs it (`--import <bundle>/register.js <bundle>/main.js`).
 */
export function startApp(input: {
  name: string;
  entry: string | { bundle: string };
  env: Record<string, string>;
  logFile: string;
}): AppProcess {
  installExitHook();
  // Appending, so a restarted worker keeps one log file with both lives in it (the token scan reads all of it).
  const fd = openSync(input.logFile, "a");
  // The telemetry preload enables the instrumentations before the app's first import (see its file).
  const args =
    typeof input.entry === "string"
      ? ["--import", "tsx", "--import", TELEMETRY_PRELOAD, input.entry]
      : [
          "--enable-source-maps",
          "--import",
          pathToFileURL(join(input.entry.bundle, "register.js")).href,
          join(input.entry.bundle, "main.js"),
        ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    // Only what the app needs plus PATH/HOME: the test runner's own variables (VITEST, NODE_OPTIONS…) stay out.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...input.env },
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  live.add(child);
  let exitMessage: string | undefined;
  const exited = new Promise<void>((resolveExit) => {
    child.once("exit", (code, signal) => {
      live.delete(child);
      exitMessage = `${input.name} exited (${signal ?? `code ${code}`})`;
      resolveExit();
    });
  });
  child.once("error", (error) => {
    exitMessage = `${input.name} could not start: ${error.message}`;
  });
  const isAlive = () => child.exitCode === null && child.signalCode === null;
  return {
    name: input.name,
    pid: child.pid ?? -1,
    logFile: input.logFile,
    exited: () => exitMessage,
    alive: isAlive,
    whenExited: () => exited,
    async stop(graceMs = 10_000) {
      if (!isAlive()) return;
      const force = setTimeout(() => child.kill("SIGKILL"), graceMs);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(force);
    },
    async kill(signal) {
      if (!isAlive()) return;
      child.kill(signal);
      await exited;
    },
    log: () => readFileSync(input.logFile, "utf8"),
  };
}
