import type { Account } from "@trendpot/db";
import { type RestartableService, silentLog, startRestartableRedis } from "@trendpot/dev-services";
import type { InjectOptions } from "fastify";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./test-support/harness";
import { seedAccount } from "./test-support/seed";

// The api's Redis deadline is 1 s per command; a request may make a few sequential calls (rate limit, then the
// route's own). Before the deadlines existed these requests waited without limit (over 70 s was seen).
const BOUND_MS = 3_000;

let redis: RestartableService;
let t: TestApp;
let account: Account;
let pausedPid: number | undefined;

beforeAll(async () => {
  // A Redis of this file's own: pausing or killing the shared one would break every other test file.
  redis = await startRestartableRedis({ log: silentLog });
  t = await createTestApp({ env: { REDIS_URL: redis.url, RATE_LIMIT_SYNC_PER_15MIN: "1000" } });
  ({ account } = await seedAccount(t, { userId: "user_outage", videos: 3 }));
});

afterAll(async () => {
  if (pausedPid !== undefined) process.kill(pausedPid, "SIGCONT");
  if (redis && !redis.running()) await redis.up();
  await t?.close();
  await redis?.stop();
});

/** The redis-server's pid, asked of the server itself (the restartable service does not expose it). */
async function serverPid(url: string): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 2_000 });
  try {
    await client.connect();
    const match = /process_id:(\d+)/.exec(await client.info("server"));
    if (!match?.[1]) throw new Error("INFO server has no process_id");
    return Number(match[1]);
  } finally {
    client.disconnect();
  }
}

async function timed(request: InjectOptions) {
  const started = performance.now();
  const response = await t.app.inject(request);
  return { response, ms: performance.now() - started };
}

/** What every outage must look like from outside: bounded answers, reads served, Redis-bound work refused. */
async function expectDegradedButBounded(): Promise<void> {
  const read = await timed({ method: "GET", url: `/v1/accounts/${account._id}`, headers: t.auth("platform") });
  expect(read.response.statusCode).toBe(200);
  expect(read.ms).toBeLessThan(BOUND_MS);
  const videos = await timed({ method: "GET", url: `/v1/accounts/${account._id}/videos`, headers: t.auth("ops") });
  expect(videos.response.statusCode).toBe(200);
  expect(videos.response.json().items).toHaveLength(3);
  expect(videos.ms).toBeLessThan(BOUND_MS);

  // The status page draws the budget and the queues from Redis: those two charts say so, the rest is served.
  const status = await timed({ method: "GET", url: "/status", headers: t.auth("ops") });
  expect(status.response.statusCode).toBe(200);
  expect(status.response.body.match(/Unavailable: Redis did not answer\./g)).toHaveLength(2);
  expect(status.response.body).toContain(account._id);
  expect(status.ms).toBeLessThan(BOUND_MS);

  const badKey = await timed({ method: "GET", url: "/v1/accounts", headers: { authorization: "Bearer nope" } });
  expect(badKey.response.statusCode).toBe(401);
  expect(badKey.ms).toBeLessThan(BOUND_MS);

  const handoff = await timed({ method: "GET", url: "/connect/tiktok?session=cs_unknown" });
  expect(handoff.response.statusCode).toBe(410);
  expect(handoff.ms).toBeLessThan(BOUND_MS);

  const sync = await timed({
    method: "POST",
    url: `/v1/accounts/${account._id}/sync`,
    headers: t.auth("platform"),
    payload: { kind: "ingestion" },
  });
  expect(sync.response.statusCode).toBe(503);
  expect(sync.response.json().error).toMatchObject({ code: "DEPENDENCY_UNAVAILABLE" });
  expect(sync.response.headers["retry-after"]).toBe("5");
  expect(sync.ms).toBeLessThan(BOUND_MS);

  const revoke = await timed({
    method: "POST",
    url: `/v1/accounts/${account._id}/revoke`,
    headers: t.auth("platform"),
    payload: { reason: "creator asked" },
  });
  expect(revoke.response.statusCode).toBe(503);
  expect(revoke.ms).toBeLessThan(BOUND_MS);
  // Refused before the first step: the tokens are still there for a retry to revoke at TikTok.
  expect(await t.deps.accounts.getById(account._id)).toMatchObject({ status: "active" });

  const ready = await timed({ method: "GET", url: "/ready" });
  expect(ready.response.statusCode).toBe(503);
  expect(ready.response.json().checks.redis.status).toBe("failed");
  expect(ready.ms).toBeLessThan(BOUND_MS);
}

async function expectRecovered(): Promise<void> {
  const sync = await t.app.inject({
    method: "POST",
    url: `/v1/accounts/${account._id}/sync`,
    headers: t.auth("platform"),
    payload: { kind: "ingestion" },
  });
  expect(sync.statusCode).toBe(202);
  const ready = await t.app.inject({ method: "GET", url: "/ready" });
  expect(ready.json().checks.redis.status).toBe("ok");
}

describe("Redis outage", () => {
  it("paused (SIGSTOP): requests answer in bounded time, reads are served, and it recovers on SIGCONT", async () => {
    await expectRecovered();
    pausedPid = await serverPid(redis.url);
    process.kill(pausedPid, "SIGSTOP");
    await expectDegradedButBounded();
    process.kill(pausedPid, "SIGCONT");
    pausedPid = undefined;
    await expectRecovered();
  });

  it("killed (SIGKILL): requests fail fast, reads are served, and the client reconnects when Redis returns", async () => {
    await redis.down({ signal: "SIGKILL" });
    await expectDegradedButBounded();
    await redis.up();
    // The client reconnects on its own (backoff ≤ 2 s); wait for that, bounded, rather than reconnect it here.
    const deadline = Date.now() + 10_000;
    while (t.deps.redis.status !== "ready" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(t.deps.redis.status).toBe("ready");
    await expectRecovered();
  });
});
