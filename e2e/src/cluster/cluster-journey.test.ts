import { type RedisClusterTopology, silentLog, startRedisCluster } from "@trendpot/dev-services";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountOfUser,
  creatorOpenId,
  listVideos,
  sandboxPublicVideoIds,
  waitForIngestion,
  waitForQueuesToSettle,
} from "../harness/checks";
import { connectOverHttp } from "../harness/consent";
import { type Stack, startStack } from "../harness/stack";
import { refreshMetrics } from "../journeys/journey-connect";

let cluster: RedisClusterTopology | undefined;
let stack: Stack | undefined;

beforeAll(async () => {
  cluster = await startRedisCluster({ log: silentLog });
  const seed = cluster.nodeList.split(",")[0] ?? "";
  stack = await startStack({
    name: "cluster",
    mongoUri: testServices().mongo.uri,
    // Credentials and TLS would come from here; the nodes come from REDIS_CLUSTER_NODES.
    redisUrl: `redis://${seed}`,
    // The hash tag keeps every BullMQ, budget and event key of the apps in one slot, as the config requires.
    env: { REDIS_CLUSTER_NODES: cluster.nodeList, REDIS_PREFIX: `{${uniqueName("cluster").slice(0, 30)}}` },
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await cluster?.stop();
});

describe("one creator's journey with Redis as a 3-master cluster", () => {
  it("connects, ingests every video and refreshes their metrics", async () => {
    if (!stack) throw new Error("no stack");
    const openId = creatorOpenId(stack, "kofi.cooks");
    const consent = await connectOverHttp(stack, { userId: "user_cluster", openId });
    expect(consent.status, consent.html.slice(0, 300)).toBeLessThan(400);
    const account = await accountOfUser(stack, "user_cluster");
    if (!account) throw new Error("no account stored");
    await waitForIngestion(stack, account.id);
    const ids = (await listVideos(stack, account.id)).map((video) => video.id);
    expect(ids.sort()).toEqual(sandboxPublicVideoIds(stack, openId).sort());

    await refreshMetrics(stack, account.id, ids);
    const queues = await waitForQueuesToSettle(stack);
    for (const queue of queues) expect(queue.failed, `${queue.queue} failed jobs`).toBe(0);
    const ready = await stack.api.request("GET", "/ready", { role: "none" });
    expect(ready.status, ready.text).toBe(200);
    // The apps spoke to the cluster as a cluster: the worker's heartbeat is in the slot of the prefix's hash tag.
    const nodes = (cluster?.nodeList ?? "").split(",").map((node) => {
      const [host = "", port = ""] = node.split(":");
      return { host, port: Number(port) };
    });
    const client = new Cluster(nodes);
    try {
      expect(await client.exists(`${stack.redisPrefix}:worker:heartbeat`)).toBe(1);
    } finally {
      client.disconnect();
    }
  });
});
