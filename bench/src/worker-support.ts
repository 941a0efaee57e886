// Shared setup of the worker benchmarks: the test services from the environment (the dev-services `run` command
// sets them), creators with videos in a sandbox, connected through the real OAuth exchange and credential store.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ServiceEndpoints } from "@trendpot/dev-services";
import type { Harness } from "@trendpot/worker/testing";

/** The services the dev-services `run` command exported into the environment. */
export function servicesFromEnv(env: NodeJS.ProcessEnv = process.env): Required<ServiceEndpoints> {
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set: run through packages/dev-services/src/cli.ts run -- …`);
    return value;
  };
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
      : undefined;
  return {
    mongo: { uri: need("MONGODB_URI"), kind: "external" as never },
    redis: { url: need("REDIS_URL"), kind: "external" },
    kms: {
      endpoint: env.KMS_ENDPOINT,
      region: env.AWS_REGION ?? "us-east-1",
      credentials,
      keyAlias: need("TIKTOK_TOKEN_ENC_KEY_ID"),
      keyArn: undefined,
      kind: "external",
    },
  };
}

/** Splits `total` videos over `creators`: evenly, or a deterministic spread from 5 to about 3× the mean. */
export function videoCounts(creators: number, total: number, mix: "uniform" | "mixed"): number[] {
  if (mix === "uniform") {
    return Array.from({ length: creators }, (_, i) => Math.floor(total / creators) + (i < total % creators ? 1 : 0));
  }
  const weights = Array.from({ length: creators }, (_, i) => 1 + ((i * 37) % creators) / 5);
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(5, Math.floor((w / sum) * total)));
  counts[0] = (counts[0] ?? 0) + total - counts.reduce((a, b) => a + b, 0);
  return counts;
}

/** Adds and connects the creators; returns their account ids. */
export async function seedCreators(harness: Harness, counts: readonly number[]): Promise<string[]> {
  const accountIds: string[] = [];
  for (const count of counts) {
    const openId = harness.sandbox.scenario.addCreator().openId;
    harness.sandbox.scenario.addVideos(openId, count);
    accountIds.push(await harness.connect(openId));
  }
  return accountIds;
}

/** A numeric flag `--name value`, or the fallback. */
export function numberFlag(argv: readonly string[], name: string, fallback: number): number {
  const index = argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
  return value;
}

/** Waits until `done` resolves true, checking every `intervalMs`. */
export async function until(done: () => Promise<boolean>, timeoutMs: number, intervalMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

const WORKER_DIR = fileURLToPath(new URL("../../apps/worker/", import.meta.url));

/**
 * The bundled worker started as the image starts it (`node --enable-source-maps --import ./dist/register.js
 * dist/main.js`, telemetry on), resolved once it logs "worker started".
 */
export async function spawnBundledWorker(env: Record<string, string>): Promise<{ pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ["--enable-source-maps", "--import", "./dist/register.js", "dist/main.js"], {
    cwd: WORKER_DIR,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-8_000);
  };
  child.stderr.on("data", collect);
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      collect(chunk);
      if (output.includes('"msg":"worker started"')) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the bundled worker exited with ${code}:\n${output}`)));
  });
  child.stdout.resume();
  return {
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
