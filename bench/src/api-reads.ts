// The api's hot read endpoints under load: accounts list and a 50-video page, against a bare Fastify route serving
// the same JSON from memory on the same machine. Seeds 50 accounts × 200 videos into a fresh database first.
//   node --import tsx packages/dev-services/src/cli.ts run -- node --import tsx bench/src/api-reads.ts
// Options: --accounts N --videos M --seconds S --runs R --concurrency C
import { createHash } from "node:crypto";
import { Agent, request } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { buildApp } from "@trendpot/api/src/app";
import { loadConfig } from "@trendpot/api/src/config";
import { createDeps } from "@trendpot/api/src/deps";
import { COLLECTIONS, ensureAccountsIndexes, ensureVideosIndexes, type VideoDocument } from "@trendpot/db";
import { createLogger } from "@trendpot/telemetry";
import Fastify from "fastify";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "50" },
    videos: { type: "string", default: "200" },
    seconds: { type: "string", default: "5" },
    runs: { type: "string", default: "3" },
    concurrency: { type: "string", default: "16" },
  },
});
const ACCOUNTS = Number(values.accounts);
const VIDEOS = Number(values.videos);
const SECONDS = Number(values.seconds);
const RUNS = Number(values.runs);
const CONCURRENCY = Number(values.concurrency);
const KEY = "bench_platform_key_0123456789abcdef";

interface RunResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Keeps `concurrency` keep-alive requests in flight for `seconds`; latencies in ms. */
async function drive(port: number, path: string, headers: Record<string, string>): Promise<RunResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = request({ host: "127.0.0.1", port, path, agent, headers }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200) latencies.push(performance.now() - started);
          else errors += 1;
          resolve();
        });
      });
      req.on("error", () => {
        errors += 1;
        resolve();
      });
      req.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) await one();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function seed(deps: Awaited<ReturnType<typeof createDeps>>): Promise<string[]> {
  const ids: string[] = [];
  const now = new Date();
  for (let a = 0; a < ACCOUNTS; a += 1) {
    const account = await deps.credentials.upsertFromConsent({
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
    ids.push(account._id);
    const videos: VideoDocument[] = Array.from({ length: VIDEOS }, (_, v) => {
      const id = `7${String(a).padStart(6, "0")}${String(v).padStart(8, "0")}`;
      const views = (a * 7919 + v * 104_729) % 1_000_000;
      return {
        _id: id,
        accountId: account._id,
        userId: `bench_user_${a}`,
        title: `Bench video ${v}`,
        description: `Seeded for the api read benchmark #bench`,
        createTime: new Date(now.getTime() - (v + 1) * 3_600_000),
        shareUrl: `https://www.tiktok.com/@bench${a}/video/${id}`,
        metrics: {
          views,
          likes: Math.floor(views / 10),
          comments: Math.floor(views / 100),
          shares: Math.floor(views / 500),
          at: now,
        },
        lastRefreshedAt: now,
        firstSeenAt: now,
        updatedAt: now,
      };
    });
    // Plain inserts of the repository's document shape: seeding is not what is measured.
    await deps.db.collection<VideoDocument>(COLLECTIONS.videos).insertMany(videos);
  }
  return ids;
}

function envFor(): Record<string, string | undefined> {
  const sha = createHash("sha256").update(KEY).digest("hex");
  const suffix = Date.now().toString(36);
  return {
    ...process.env,
    NODE_ENV: "production",
    // Request logging at info would measure the log sink; the comparison is about the request path.
    LOG_LEVEL: "warn",
    MONGODB_DB: `bench_api_${suffix}`,
    REDIS_PREFIX: `bench_api_${suffix}`,
    TIKTOK_CLIENT_KEY: "bench_client_key",
    TIKTOK_CLIENT_SECRET: "bench_client_secret",
    TIKTOK_REDIRECT_URI: "http://127.0.0.1:1/auth/tiktok/callback",
    TIKTOK_WEBHOOK_SECRET: "bench_webhook_secret_0123456789abcdef",
    API_KEYS: `bench:platform:${sha}`,
    RATE_LIMIT_GENERAL_PER_MIN: "100000",
  };
}

async function main(): Promise<void> {
  const config = loadConfig(envFor());
  const logger = createLogger({ name: "bench-api", level: "warn" });
  const credentials =
    process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY }
      : undefined;
  const deps = await createDeps(config, logger, credentials ? { kmsCredentials: credentials } : {});
  const seedStarted = performance.now();
  const accountIds = await seed(deps);
  await ensureAccountsIndexes(deps.db);
  await ensureVideosIndexes(deps.db);
  console.log(
    `seeded ${ACCOUNTS} accounts × ${VIDEOS} videos in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
  );
  const app = await buildApp(deps);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const apiPort = (app.server.address() as AddressInfo).port;
  const headers = { authorization: `Bearer ${KEY}` };
  const target = accountIds[Math.floor(ACCOUNTS / 2)] ?? "";
  const cases = [
    { name: "accounts list (limit 50)", path: "/v1/accounts?limit=50", bare: "/accounts" },
    { name: "videos page (50, by create time)", path: `/v1/accounts/${target}/videos?limit=50`, bare: "/videos" },
  ];

  const bare = Fastify({ logger: false });
  const bodies = new Map<string, string>();
  for (const c of cases) {
    const response = await app.inject({ method: "GET", url: c.path, headers });
    if (response.statusCode !== 200) throw new Error(`${c.path} answered ${response.statusCode}: ${response.body}`);
    bodies.set(c.bare, response.body);
    bare.get(c.bare, async (_request, reply) => reply.type("application/json").send(bodies.get(c.bare)));
  }
  await bare.listen({ port: 0, host: "127.0.0.1" });
  const barePort = (bare.server.address() as AddressInfo).port;

  // The same api with the two repository reads answered from memory: what the request path costs without the
  // database (auth, rate limit in Redis, validation, zod serialization, logging).
  const accountsPage = await deps.accounts.list({ limit: 50 });
  const videosPage = await deps.videos.listByAccount({
    accountId: target,
    sort: "createTime",
    order: "desc",
    limit: 50,
  });
  const stubbed = await buildApp({
    ...deps,
    accounts: { ...deps.accounts, list: async () => accountsPage },
    videos: { ...deps.videos, listByAccount: async () => videosPage },
  });
  await stubbed.listen({ port: 0, host: "127.0.0.1" });
  const stubPort = (stubbed.server.address() as AddressInfo).port;

  console.log(`${RUNS} runs × ${SECONDS} s, ${CONCURRENCY} concurrent keep-alive connections; medians:`);
  for (const c of cases) {
    const api: RunResult[] = [];
    const stub: RunResult[] = [];
    const base: RunResult[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      api.push(await drive(apiPort, c.path, headers));
      stub.push(await drive(stubPort, c.path, headers));
      base.push(await drive(barePort, c.bare, {}));
    }
    const apiRps = median(api.map((r) => r.rps));
    const bareRps = median(base.map((r) => r.rps));
    const fmt = (rs: RunResult[]) =>
      `${median(rs.map((r) => r.rps)).toFixed(0)} req/s, p50 ${median(rs.map((r) => r.p50)).toFixed(2)} ms, p99 ${median(rs.map((r) => r.p99)).toFixed(2)} ms, errors ${rs.reduce((n, r) => n + r.errors, 0)}`;
    console.log(`\n${c.name} (${(bodies.get(c.bare)?.length ?? 0).toLocaleString("en-US")} bytes)`);
    console.log(`  api : ${fmt(api)}`);
    console.log(`  api, repository stubbed: ${fmt(stub)}`);
    console.log(`  bare: ${fmt(base)}`);
    console.log(`  api/bare throughput: ${(apiRps / bareRps).toFixed(3)}`);
    console.log(`  api (stubbed)/bare throughput: ${(median(stub.map((r) => r.rps)) / bareRps).toFixed(3)}`);
  }
  await bare.close();
  await stubbed.close();
  await app.close();
  await deps.db.dropDatabase();
  await deps.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
