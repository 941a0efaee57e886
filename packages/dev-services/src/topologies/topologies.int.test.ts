import { Cluster, Redis } from "ioredis";
import { MongoClient } from "mongodb";
import { afterAll, describe, expect, it } from "vitest";
import { silentLog } from "../log";
import { startMongoReplicaSet } from "./mongo-replica-set";
import { startRedisCluster } from "./redis-cluster";
import { startRedisSentinel } from "./redis-sentinel";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("a 3-member MongoDB replica set", () => {
  it("elects a new primary when the primary is killed, and acknowledged majority writes survive", async () => {
    const set = await startMongoReplicaSet({ log: silentLog });
    cleanups.push(set.stop);
    const client = new MongoClient(set.uri, { serverSelectionTimeoutMS: 30_000, writeConcern: { w: "majority" } });
    cleanups.push(() => client.close());
    const docs = client.db("topology").collection<{ _id: number }>("docs");
    for (let i = 0; i < 20; i += 1) await docs.insertOne({ _id: i });

    const first = await set.primary();
    await set.members[first]?.down({ signal: "SIGKILL" });
    const second = await set.primary();
    expect(second).not.toBe(first);
    // The same client finds the new primary by itself: no reconnect, no new URI.
    for (let i = 20; i < 40; i += 1) await docs.insertOne({ _id: i });

    await set.members[first]?.up();
    expect(await docs.countDocuments({})).toBe(40);
  }, 120_000);
});

describe("Redis under Sentinel", () => {
  it("promotes the replica when the master is killed, and a Sentinel client follows it", async () => {
    const topology = await startRedisSentinel({ log: silentLog });
    cleanups.push(topology.stop);
    const sentinels = topology.sentinelList.split(",").map((entry) => {
      const [host, port] = entry.split(":");
      return { host: host ?? "", port: Number(port) };
    });
    const client = new Redis({ sentinels, name: topology.masterName, maxRetriesPerRequest: null });
    // Reconnect attempts during the failover are expected; what counts is that commands succeed afterwards.
    client.on("error", () => undefined);
    cleanups.push(async () => client.disconnect());
    await client.set("before", "1");
    // WAIT: the write is on the replica before the master dies, so the failover cannot lose it.
    expect(await client.wait(1, 5_000)).toBe(1);

    const first = await topology.master();
    await topology.servers[first]?.down({ signal: "SIGKILL" });
    const second = await topology.waitForFailover(first);
    expect(second).not.toBe(first);
    await client.set("after", "2");
    expect(await client.mget("before", "after")).toEqual(["1", "2"]);
  }, 120_000);
});

describe("a 3-master Redis Cluster", () => {
  it("serves keys across every node's slots, and multi-key commands within one hash tag", async () => {
    const topology = await startRedisCluster({ log: silentLog });
    cleanups.push(topology.stop);
    const startupNodes = topology.nodes.map((node) => ({ host: "127.0.0.1", port: node.port }));
    const cluster = new Cluster(startupNodes, { redisOptions: { maxRetriesPerRequest: null } });
    cleanups.push(async () => cluster.disconnect());
    for (let i = 0; i < 300; i += 1) await cluster.set(`key:${i}`, String(i));
    expect(await cluster.get("key:299")).toBe("299");
    const perNode = await Promise.all(
      topology.nodes.map(async (node) => {
        const direct = new Redis({ port: node.port, host: "127.0.0.1", maxRetriesPerRequest: 1 });
        try {
          return await direct.dbsize();
        } finally {
          direct.disconnect();
        }
      }),
    );
    expect(perNode.every((count) => count > 0)).toBe(true);
    expect(perNode.reduce((a, b) => a + b, 0)).toBe(300);
    await cluster.mset("{tag}:a", "1", "{tag}:b", "2");
    expect(await cluster.mget("{tag}:a", "{tag}:b")).toEqual(["1", "2"]);
    await expect(cluster.mset("untagged:a", "1", "untagged:b", "2")).rejects.toThrow(/CROSSSLOT/);
  }, 60_000);
});
