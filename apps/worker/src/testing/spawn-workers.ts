import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./worker-child.ts", import.meta.url));

/** Worker processes running `worker-child.ts`; resolves once every one is ready. */
export async function spawnWorkers(
  count: number,
  env: Record<string, string>,
): Promise<{ pids: number[]; stop(): Promise<void> }> {
  const children: ChildProcess[] = [];
  const ready = Array.from({ length: count }, () => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let errors = "";
    child.stderr?.on("data", (chunk) => (errors = (errors + String(chunk)).slice(-4_000)));
    return new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (chunk) => {
        if (String(chunk).includes("worker-child ready")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`worker child exited with ${code}: ${errors}`)));
    });
  });
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
  };
  try {
    await Promise.all(ready);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pids: children.flatMap((child) => (child.pid === undefined ? [] : [child.pid])), stop };
}
