// What the api benchmarks share: a seeded database, server processes started and stopped by variant, and
// autocannon runs against them (max throughput, and latency at a fixed rate).
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { loadConfig } from "@trendpot/api/src/config";
import { createDeps } from "@trendpot/api/src/deps";
import { storeTestTokens } from "@trendpot/credentials/testing";
import { COLLECTIONS, ensureAccountsIndexes, ensureVideosIndexes, type VideoDocument } from "@trendpot/db";
import { createLogger } from "@trendpot/telemetry";
import { type LoadResult, median, runLoad } from "./load-support";

const here = dirname(fileURLToPath(import.meta.url));
export const KEY = "bench_platform_key_0123456789abcdef";
export const AUTH = { authorization: `Bearer ${KEY}` };

/** The environment every server variant runs with: production mode, one platform key, a fresh database. */
export function benchEnv(): Record<string, string> {
  const suffix = Date.now().toString(36);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  return {
    ...env,
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    MONGODB_DB: `bench_api_${suffix}`,
    REDIS_PREFIX: `bench_api_${suffix}`,
    TIKTOK_CLIENT_KEY: "bench_client_key",
    TIKTOK_CLIENT_SECRET: "bench_client_secret",
    TIKTOK_REDIRECT_URI: "http://127.0.0.1:1/auth/tiktok/callback",
    TIKTOK_WEBHOOK_SECRET: "bench_webhook_secret_0123456789abcdef",
    API_KEYS: `bench:platform:${createHash("sha256").update(KEY).digest("hex")}`,
    // The limiter's cost is measured, not its limit: every request must be counted and let through.
    RATE_LIMIT_GENERAL_PER_MIN: "1000000",
    RATE_LIMIT_PLATFORM_PER_MIN: "1000000",
  };
}

type Deps = Awaited<ReturnType<typeof createDeps>>;

async function seedAccount(deps: Deps, a: number, videos: number, now: Date): Promise<string> {
  const account = await storeTestTokens(deps.credentials, {
    openId: `bench_open_${a}`,
    userId: `bench_user_${a}`,
    grantedScopes: ["user.info.basic", "video.list"],
    requestedScopes: ["user.info.basic", "video.list"],
    profile: { displayName: `Bench creator ${a}`, followerCount: 1000 + a, syncedAt: now },
    tokens: {
      accessToken: `act.bench${a}`,
      refreshToken: `rft.bench${a}`,
      accessExpiresAt: new Date(now.getTime() + 86_400_000),
      refreshExpiresAt: new Date(now.getTime() + 30 * 86_400_000),
    },
  });
  const docs: VideoDocument[] = Array.from({ length: videos }, (_, v) => {
    const id = `7${String(a).padStart(6, "0")}${String(v).padStart(8, "0")}`;
    const views = (a * 7919 + v * 104_729) % 1_000_000;
    const metrics = { views, likes: Math.floor(views / 10), comments: Math.floor(views / 100), at: now };
    return {
      _id: id,
      accountId: account._id,
      userId: `bench_user_${a}`,
      title: `Bench video ${v}`,
      description: "Seeded for the api read benchmark #bench",
      createTime: new Date(now.getTime() - (v + 1) * 3_600_000),
      shareUrl: `https://www.tiktok.com/@bench${a}/video/${id}`,
      metrics: { ...metrics, shares: Math.floor(views / 500) },
      lastRefreshedAt: now,
      firstSeenAt: now,
      updatedAt: now,
    };
  });
  // Plain inserts of the repository's document shape: seeding is not what is measured.
  if (docs.length > 0) await deps.db.collection<VideoDocument>(COLLECTIONS.videos).insertMany(docs);
  return account._id;
}

/** Seeds `accounts` × `videos` (sealed credentials through the real cipher) and returns the account ids. */
export async function seed(env: Record<string, string>, accounts: number, videos: number) {
  const deps = await createDeps(loadConfig(env), createLogger({ name: "bench-seed", level: "warn" }), kms(env));
  const ids: string[] = [];
  const now = new Date();
  for (let a = 0; a < accounts; a += 1) ids.push(await seedAccount(deps, a, videos, now));
  await ensureAccountsIndexes(deps.db);
  await ensureVideosIndexes(deps.db);
  return {
    ids,
    async drop() {
      await deps.db.dropDatabase();
      await deps.close();
    },
  };
}

function kms(env: Record<string, string>) {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  return accessKeyId && secretAccessKey ? { kmsCredentials: { accessKeyId, secretAccessKey } } : {};
}

/** A server variant running in its own process (see api-server-child.ts). */
export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts one variant and waits (at most 60 s) until it listens. `profileDir`: its CPU profile goes there. */
export async function startServer(
  variant: string,
  env: Record<string, string>,
  options: { bodiesFile?: string; profileDir?: string } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, "api-server-child.ts")], {
    env: {
      ...env,
      BENCH_VARIANT: variant,
      ...(options.bodiesFile ? { BENCH_BODIES: options.bodiesFile } : {}),
      ...(options.profileDir ? { BENCH_PROFILE_DIR: options.profileDir } : {}),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${variant} did not listen within 60 s`)), 60_000);
    child.once("exit", (code) => reject(new Error(`${variant} exited with ${code} before listening`)));
    createInterface({ input: child.stdout as NonNullable<ChildProcess["stdout"]> }).once("line", (line) => {
      clearTimeout(timer);
      resolve(Number((JSON.parse(line) as { port: number }).port));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        // A clean exit lets the profile be written; SIGKILL after 15 s if it hangs.
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** Records the api's answers for `paths`, for the bare route to send. Returns the file's path and a cleanup. */
export async function recordBodies(apiUrl: string, paths: readonly string[]) {
  const bodies: Record<string, string> = {};
  for (const path of paths) {
    const response = await fetch(`${apiUrl}${path}`, { headers: AUTH, signal: AbortSignal.timeout(10_000) });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body.slice(0, 300)}`);
    bodies[path] = body;
  }
  const dir = mkdtempSync(join(tmpdir(), "bench-api-"));
  const file = join(dir, "bodies.json");
  writeFileSync(file, JSON.stringify(bodies));
  return { file, bodies, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Measured {
  max: LoadResult;
  fixed?: LoadResult;
}

/** Max throughput (median of `runs`, after a warm-up) and, when `rate` is set, latency at that fixed rate. */
export async function measure(
  url: string,
  headers: Record<string, string>,
  o: { runs: number; seconds: number; connections: number; rate?: number },
): Promise<Measured> {
  await runLoad({ url, headers, connections: o.connections, seconds: 2 });
  const runs: LoadResult[] = [];
  for (let i = 0; i < o.runs; i += 1)
    runs.push(await runLoad({ url, headers, connections: o.connections, seconds: o.seconds }));
  const pick = (f: (r: LoadResult) => number) => median(runs.map(f));
  const max: LoadResult = {
    rps: pick((r) => r.rps),
    p50: pick((r) => r.p50),
    p99: pick((r) => r.p99),
    failures: runs.reduce((n, r) => n + r.failures, 0),
    requests: runs.reduce((n, r) => n + r.requests, 0),
  };
  if (o.rate === undefined) return { max };
  const fixed = await runLoad({ url, headers, connections: o.connections, seconds: o.seconds, rate: o.rate });
  return { max, fixed };
}
