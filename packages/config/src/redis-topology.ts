import { ConfigError } from "./env";

/** A `host:port` pair of a Sentinel or a cluster node. */
export interface HostPort {
  host: string;
  port: number;
}

/** Where Redis is: one server, a master found through Sentinels, or a cluster. */
export type RedisTopology =
  | { kind: "standalone"; url: string }
  | { kind: "sentinel"; url: string; sentinels: HostPort[]; name: string }
  | { kind: "cluster"; url: string; nodes: HostPort[] };

/** Reads the Redis variables of `redisEnv` into one topology; refuses combinations that cannot work. */
export function resolveRedisTopology(env: {
  REDIS_URL: string;
  REDIS_PREFIX: string;
  REDIS_SENTINELS?: string[] | undefined;
  REDIS_SENTINEL_NAME?: string | undefined;
  REDIS_CLUSTER_NODES?: string[] | undefined;
}): RedisTopology {
  const sentinels = env.REDIS_SENTINELS?.map(parseHostPort);
  const nodes = env.REDIS_CLUSTER_NODES?.map(parseHostPort);
  if (sentinels && nodes) {
    throw new ConfigError([
      { variable: "REDIS_CLUSTER_NODES", problem: "must not be set together with REDIS_SENTINELS" },
    ]);
  }
  if (nodes) {
    // BullMQ's and the budget's Lua scripts touch several keys; in a cluster they must all hash to one slot.
    if (!/^\{[^{}]+\}/.test(env.REDIS_PREFIX)) {
      throw new ConfigError([
        {
          variable: "REDIS_PREFIX",
          problem: "must start with a hash tag such as {trendpot} when REDIS_CLUSTER_NODES is set",
        },
      ]);
    }
    return { kind: "cluster", url: env.REDIS_URL, nodes };
  }
  if (sentinels)
    return { kind: "sentinel", url: env.REDIS_URL, sentinels, name: env.REDIS_SENTINEL_NAME ?? "mymaster" };
  return { kind: "standalone", url: env.REDIS_URL };
}

function parseHostPort(entry: string): HostPort {
  const at = entry.lastIndexOf(":");
  return { host: entry.slice(0, at), port: Number(entry.slice(at + 1)) };
}
