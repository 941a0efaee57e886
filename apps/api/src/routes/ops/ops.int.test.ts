import type { Account } from "@trendpot/db";
import { QUEUE_NAMES } from "@trendpot/jobs";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/harness";
import { seedAccount } from "../../test-support/seed";

let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_SYNC_PER_15MIN: "1000" } });
  ({ account } = await seedAccount(t, { userId: "user_ops", videos: 125 }));
});
afterAll(async () => {
  await t?.close();
});

const ops = (method: "GET" | "POST", url: string, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url, headers: t.auth("ops"), ...(payload ? { payload } : {}) });

/** Fails one ingestion job for real: a worker whose processor throws, attempts 1. */
async function failOneJob(): Promise<string> {
  // A worker's connection of its own: the api's connection has deadlines a blocking pop cannot meet.
  const connection = new Redis(t.config.REDIS_URL, { maxRetriesPerRequest: null });
  const worker = new Worker(
    QUEUE_NAMES.ingestion,
    async () => {
      throw new Error("TIKTOK_UNAVAILABLE: TikTok is unavailable.");
    },
    { connection, prefix: t.config.REDIS_PREFIX },
  );
  const failed = new Promise<string>((resolve) =>
    worker.on("failed", (job) => {
      if (job?.id === "ingest.fail-me") resolve(job.id);
    }),
  );
  await t.deps.queues.ingestion.add(
    "ingest",
    { accountId: account._id, reason: "manual" },
    { jobId: "ingest.fail-me", attempts: 1 },
  );
  const id = await failed;
  await worker.close();
  connection.disconnect();
  return id;
}

describe("sync triggers and history", () => {
  it("queues an ingestion, metrics jobs of at most 100 videos and a profile refresh, each audited", async () => {
    const ingestion = await t.app.inject({
      method: "POST",
      url: `/v1/accounts/${account._id}/sync`,
      headers: t.auth("platform"),
      payload: { kind: "ingestion", reason: "support" },
    });
    expect(ingestion.statusCode).toBe(202);
    expect(ingestion.json().jobs).toHaveLength(1);
    // Start at the top of a clock minute, so both metrics syncs below fall in the same one.
    t.advanceClock(60_000 - (t.deps.now().getTime() % 60_000) + 500);
    const metrics = await ops("POST", `/v1/accounts/${account._id}/sync`, { kind: "metrics" });
    expect(metrics.json().jobs).toHaveLength(2);
    const batches = await t.deps.queues.metricsRefresh.getJobs(["waiting", "prioritized"]);
    expect(batches.map((job) => (job.data as { videoIds: string[] }).videoIds.length).sort()).toEqual([100, 25]);
    // Regression: the repeat answered 202 and silently did nothing; it now says the jobs are already queued.
    const again = await ops("POST", `/v1/accounts/${account._id}/sync`, { kind: "metrics" });
    expect(again.statusCode).toBe(409);
    const { code, details } = again.json().error;
    expect(code).toBe("CONFLICT");
    expect(details.jobs.map((j: { id: string }) => j.id)).toEqual(metrics.json().jobs.map((j: { id: string }) => j.id));
    expect(details.jobs.every((j: { state: string }) => ["waiting", "prioritized"].includes(j.state))).toBe(true);
    expect(details.retryAfterSec).toBeGreaterThan(0);
    expect(details.retryAfterSec).toBeLessThanOrEqual(60);
    expect(await t.deps.queues.metricsRefresh.getJobs(["waiting", "prioritized"])).toHaveLength(2);
    // The next minute queues a new refresh.
    t.advanceClock(60_000);
    const nextMinute = await ops("POST", `/v1/accounts/${account._id}/sync`, { kind: "metrics" });
    expect(nextMinute.statusCode).toBe(202);
    expect(await t.deps.queues.metricsRefresh.getJobs(["waiting", "prioritized"])).toHaveLength(4);
    expect((await ops("POST", `/v1/accounts/${account._id}/sync`, { kind: "profile" })).statusCode).toBe(202);
    const audits = await t.deps.audit.query({ action: "sync.triggered", accountId: account._id, limit: 10 });
    // ingestion, metrics, metrics in the next minute, profile: the refused repeat is not audited.
    expect(audits.items).toHaveLength(4);
    expect(audits.items.at(-1)).toMatchObject({ reason: "support", actor: { id: "platform-key" } });
  });

  it("refuses accounts that cannot sync", async () => {
    const noVideos = await seedAccount(t, { userId: "user_novideo", videos: 1, scopes: ["user.info.basic"] });
    const refused = await ops("POST", `/v1/accounts/${noVideos.account._id}/sync`, { kind: "ingestion" });
    expect(refused.statusCode).toBe(409);
    await t.deps.accounts.setStatus(noVideos.account._id, "needs_reauth");
    expect(
      (await ops("POST", `/v1/accounts/${noVideos.account._id}/sync`, { kind: "profile" })).json().error.code,
    ).toBe("ACCOUNT_NEEDS_REAUTH");
    expect((await ops("POST", "/v1/accounts/acc_000000000000000000000000/sync", { kind: "profile" })).statusCode).toBe(
      404,
    );
  });

  it("lists sync runs newest first", async () => {
    const started = await t.deps.syncRuns.start({
      accountId: account._id,
      kind: "ingestion",
      trigger: "manual",
      startedAt: new Date(),
    });
    await t.deps.syncRuns.finish(started._id, {
      outcome: "failed",
      finishedAt: new Date(),
      error: { code: "TIKTOK_UNAVAILABLE", message: "down" },
    });
    const runs = (await ops("GET", `/v1/accounts/${account._id}/sync-runs`)).json();
    expect(runs.items[0]).toMatchObject({ id: started._id, outcome: "failed", error: { code: "TIKTOK_UNAVAILABLE" } });
  });
});

describe("ops", () => {
  it("reports queue stats with the oldest waiting job's age", async () => {
    const body = (await ops("GET", "/v1/ops/queues")).json();
    const names = body.queues.map((q: { queue: string }) => q.queue).sort();
    expect(names).toEqual(Object.values(QUEUE_NAMES).sort());
    const metrics = body.queues.find((q: { queue: string }) => q.queue === QUEUE_NAMES.metricsRefresh);
    expect(metrics.waiting + metrics.prioritized).toBeGreaterThanOrEqual(2);
    expect(metrics.oldestWaitingAgeMs).toBeGreaterThanOrEqual(0);
  });

  it("reports the global budget", async () => {
    const body = (await ops("GET", "/v1/ops/budget")).json();
    expect(body.limits).toEqual({ perMinute: 90, perDay: 5000, maxInFlight: 5 });
    expect(body.remainingInWindow).toBe(90 - body.usedInWindow);
    expect(body.remainingToday).toBe(5000 - body.usedToday);
  });

  it("lists failed jobs with their error and replays one (audited)", async () => {
    const jobId = await failOneJob();
    const listed = (await ops("GET", `/v1/ops/failed-jobs?queue=${QUEUE_NAMES.ingestion}`)).json();
    expect(listed.items).toContainEqual(
      expect.objectContaining({
        id: jobId,
        accountId: account._id,
        failedReason: expect.stringContaining("TIKTOK_UNAVAILABLE"),
      }),
    );
    const replay = await ops("POST", `/v1/ops/failed-jobs/${QUEUE_NAMES.ingestion}/${jobId}/replay`, {
      reason: "TikTok is back",
    });
    expect(replay.statusCode).toBe(202);
    expect(["waiting", "prioritized"]).toContain(replay.json().state);
    const twice = await ops("POST", `/v1/ops/failed-jobs/${QUEUE_NAMES.ingestion}/${jobId}/replay`, {
      reason: "again",
    });
    expect(twice.statusCode).toBe(409);
    const audit = await t.deps.audit.query({ action: "job.replayed", limit: 5 });
    expect(audit.items[0]).toMatchObject({ reason: "TikTok is back", details: { jobId } });
    expect(
      (await ops("POST", `/v1/ops/failed-jobs/${QUEUE_NAMES.ingestion}/nope/replay`, { reason: "x1x" })).statusCode,
    ).toBe(404);
  });

  it("queues the re-encryption after a key rotation (audited)", async () => {
    const response = await ops("POST", "/v1/ops/key-rotation/re-encrypt", { reason: "quarterly rotation" });
    expect(response.statusCode).toBe(202);
    // The key the sweep moves credentials to: the ARN the configured alias resolved to at boot.
    expect(response.json().keyId).toBe(t.deps.cipher.currentKeyId);
    expect(response.json().keyId).toMatch(/^arn:aws:kms:/);
    const audit = await t.deps.audit.query({ action: "keys.reencrypt_requested", limit: 5 });
    expect(audit.items[0]?.reason).toBe("quarterly rotation");
  });
});
