import { QUEUE_NAMES } from "@trendpot/jobs";
import { type Job, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/harness";

let t: TestApp;
const connections: Redis[] = [];
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  for (const connection of connections) connection.disconnect();
  await t?.close();
});

const get = (role: "ops" | "platform" = "ops") =>
  t.app.inject({ method: "GET", url: "/v1/ops/schedules", headers: t.auth(role) });

/** Runs the first job a scheduler produced through a real worker, succeeding or failing it. */
async function runFirstJob(queue: string, outcome: "completed" | "failed"): Promise<Job> {
  // A worker's connection of its own: the api's connection has deadlines a blocking pop cannot meet.
  const connection = new Redis(t.config.REDIS_URL, { maxRetriesPerRequest: null });
  connections.push(connection);
  const worker = new Worker(
    queue,
    async () => {
      // Unrecoverable: the job fails for good at once instead of waiting for a retry.
      if (outcome === "failed") throw new UnrecoverableError("BUDGET_EXHAUSTED: the day's budget is spent.");
      return { status: "completed" };
    },
    { connection, prefix: t.config.REDIS_PREFIX },
  );
  const done = new Promise<Job>((resolve) => {
    if (outcome === "completed") worker.on("completed", (job: Job) => resolve(job));
    else worker.on("failed", (job: Job | undefined) => job && resolve(job));
  });
  const job = await done;
  await worker.close();
  return job;
}

describe("GET /v1/ops/schedules", () => {
  it("is empty when no worker keeps schedules, and for ops only", async () => {
    expect((await get()).json()).toEqual({ schedules: [] });
    expect((await get("platform")).statusCode).toBe(403);
  });

  it("lists each scheduler with its cadence, next run and last run's result", async () => {
    await t.deps.queues.scheduleMetricsPlanner(900_000);
    await t.deps.queues.scheduleTokenSweep(300_000);
    const plan = await runFirstJob(QUEUE_NAMES.metricsRefresh, "failed");
    const sweep = await runFirstJob(QUEUE_NAMES.tokenRefresh, "completed");

    const { schedules } = (await get()).json();
    expect(schedules).toEqual([
      {
        queue: QUEUE_NAMES.metricsRefresh,
        id: "plan",
        jobName: "plan",
        everyMs: 900_000,
        nextRunAt: expect.any(String),
        lastRun: {
          jobId: plan.id,
          finishedAt: expect.any(String),
          result: "failed",
          error: "BUDGET_EXHAUSTED: the day's budget is spent.",
        },
      },
      {
        queue: QUEUE_NAMES.tokenRefresh,
        id: "sweep",
        jobName: "sweep",
        everyMs: 300_000,
        nextRunAt: expect.any(String),
        lastRun: { jobId: sweep.id, finishedAt: expect.any(String), result: "completed" },
      },
    ]);
    expect(Date.parse(schedules[0].nextRunAt)).toBeGreaterThan(Date.parse(schedules[0].lastRun.finishedAt) - 1);
  });
});
