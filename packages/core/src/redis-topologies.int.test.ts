import { resolveRedisTopology } from "@trendpot/config";
import { silentLog, startRedisCluster, startRedisSentinel } from "@trendpot/dev-services";
import { uniqueName } from "@trendpot/dev-services/testing";
import { createEventPublisher, createTikTokBudget, readEvents, videosUpdateStream } from "@trendpot/jobs";
import { Queue, Worker } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisClusterConnection, createRedisConnection } from "./redis-connection";

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Waits until `done()` holds; the bound only ends a broken run, it asserts nothing about speed. */
async function until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("BullMQ through Sentinel", () => {
  it("finishes every job when the master is killed mid-run: the promoted replica takes over", async () => {
    const topology = await startRedisSentinel({ log: silentLog });
    cleanups.push(topology.stop);
    const config = {
      REDIS_URL: "redis://127.0.0.1:6379",
      REDIS_PREFIX: uniqueName("sentinel"),
      REDIS_SENTINELS: topology.sentinelList.split(","),
      REDIS_SENTINEL_NAME: topology.masterName,
    };
    // What the composition root builds for the worker.
    const connection = createRedisConnection(resolveRedisTopology(config), { maxRetriesPerRequest: null });
    connection.on("error", () => undefined);
    cleanups.push(async () => connection.disconnect());
    const queue = new Queue("failover", { connection, prefix: config.REDIS_PREFIX });
    const processed = new Map<string, number>();
    const worker = new Worker(
      "failover",
      async (job) => void processed.set(String(job.id), (processed.get(String(job.id)) ?? 0) + 1),
      { connection, prefix: config.REDIS_PREFIX, concurrency: 2 },
    );
    worker.on("error", () => undefined);
    cleanups.push(
      () => queue.close(),
      () => worker.close(),
    );
    const ids = Array.from({ length: 40 }, (_, i) => `job-${i}`);
    for (const id of ids.slice(0, 20)) await queue.add("work", {}, { jobId: id });
    await until(() => processed.size === 20, "the first 20 jobs");
    // The adds are on the replica before the master dies; what is tested is the clients, not async replication.
    expect(await connection.wait(1, 5_000)).toBe(1);

    const first = await topology.master();
    await topology.servers[first]?.down({ signal: "SIGKILL" });
    await topology.waitForFailover(first);
    for (const id of ids.slice(20)) await queue.add("work", {}, { jobId: id });
    await until(() => processed.size === 40, "every job after the failover");
    expect([...processed.keys()].sort()).toEqual([...ids].sort());
    const counts = await queue.getJobCounts("completed", "failed", "wait", "active");
    expect(counts).toEqual({ completed: 40, failed: 0, wait: 0, active: 0 });
  }, 120_000);
});

describe("a 3-master Redis Cluster", () => {
  it("runs the queues, the budget's scripts and the event stream under a hash-tagged prefix", async () => {
    const topology = await startRedisCluster({ log: silentLog });
    cleanups.push(topology.stop);
    const config = {
      REDIS_URL: "redis://127.0.0.1:6379",
      REDIS_PREFIX: `{${uniqueName("cluster")}}`,
      REDIS_CLUSTER_NODES: topology.nodeList.split(","),
    };
    const resolved = resolveRedisTopology(config);
    if (resolved.kind !== "cluster") throw new Error("expected a cluster topology");
    const cluster = createRedisClusterConnection(resolved, { maxRetriesPerRequest: null });
    cleanups.push(async () => cluster.disconnect());

    const queue = new Queue("cluster", { connection: cluster, prefix: config.REDIS_PREFIX });
    const done: string[] = [];
    const worker = new Worker("cluster", async (job) => void done.push(String(job.id)), {
      connection: cluster,
      prefix: config.REDIS_PREFIX,
    });
    cleanups.push(
      () => queue.close(),
      () => worker.close(),
    );
    for (let i = 0; i < 10; i += 1) await queue.add("work", { i }, { jobId: `c-${i}` });
    await until(() => done.length === 10, "the cluster's jobs");

    const budget = createTikTokBudget({
      redis: cluster,
      keyPrefix: config.REDIS_PREFIX,
      perMinute: 2,
      perDay: 100,
      maxInFlight: 5,
    });
    const grants = [];
    for (let i = 0; i < 3; i += 1) grants.push(await budget.tryAcquire("ingestion"));
    expect(grants.map((grant) => grant.granted)).toEqual([true, true, false]);

    const stream = videosUpdateStream(config.REDIS_PREFIX);
    const events = createEventPublisher(cluster, { stream });
    const at = new Date().toISOString();
    await events.publish({ type: "upsert", accountId: "acc_cluster1", userId: "u1", at, videoIds: ["v1", "v2"] });
    const read = await readEvents(cluster, stream);
    expect(read.events.map((entry) => entry.event.type)).toEqual(["upsert"]);
  }, 120_000);
});
