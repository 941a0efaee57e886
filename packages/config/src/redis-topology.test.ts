import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, parseEnv } from "./env";
import { redisEnv } from "./fragments";
import { resolveRedisTopology } from "./redis-topology";

const topology = (env: Record<string, string>) =>
  resolveRedisTopology(parseEnv(z.object(redisEnv.shape), { REDIS_URL: "redis://:pw@127.0.0.1:6379", ...env }));

describe("resolveRedisTopology", () => {
  it("is one server by default", () => {
    expect(topology({})).toEqual({ kind: "standalone", url: "redis://:pw@127.0.0.1:6379" });
  });

  it("reads Sentinels and the master name", () => {
    expect(topology({ REDIS_SENTINELS: "10.0.0.1:26379, s2.internal:26380", REDIS_SENTINEL_NAME: "trendpot" })).toEqual(
      {
        kind: "sentinel",
        url: "redis://:pw@127.0.0.1:6379",
        sentinels: [
          { host: "10.0.0.1", port: 26379 },
          { host: "s2.internal", port: 26380 },
        ],
        name: "trendpot",
      },
    );
  });

  it("reads cluster nodes when the prefix is a hash tag", () => {
    const resolved = topology({ REDIS_CLUSTER_NODES: "127.0.0.1:7000,127.0.0.1:7001", REDIS_PREFIX: "{trendpot}" });
    expect(resolved).toMatchObject({ kind: "cluster", nodes: [{ port: 7000 }, { port: 7001 }] });
  });

  it("refuses a cluster whose prefix would scatter a script's keys over slots", () => {
    expect(() => topology({ REDIS_CLUSTER_NODES: "127.0.0.1:7000" })).toThrow(
      /REDIS_PREFIX: must start with a hash tag/,
    );
  });

  it("refuses Sentinels and a cluster at once", () => {
    expect(() => topology({ REDIS_CLUSTER_NODES: "a:1", REDIS_SENTINELS: "b:2", REDIS_PREFIX: "{t}" })).toThrow(
      ConfigError,
    );
  });

  it("names the variable when an entry is not host:port", () => {
    expect(() => topology({ REDIS_SENTINELS: "10.0.0.1" })).toThrow(/REDIS_SENTINELS/);
  });
});
