import type { RedisTopology } from "@trendpot/config";
import { Cluster, Redis, type RedisOptions } from "ioredis";

// After a failover the demoted master may still hold connections until it is killed or restarted; a write it
// refuses with READONLY means "reconnect and ask the Sentinels again", and 2 resends the command once connected.
const reconnectOnReadonly = (error: Error) => (error.message.startsWith("READONLY") ? 2 : false);

/** A connection to whichever Redis the config names: one server or a Sentinel-managed master, or a cluster. */
export type RedisClient = Redis | Cluster;

/**
 * The connection for any topology, `options` applying to every underlying connection. BullMQ, the budget, the
 * events and the locks accept either kind, since each of their multi-key scripts stays inside REDIS_PREFIX's slot.
 */
export function createRedisClient(topology: RedisTopology, options: RedisOptions = {}): RedisClient {
  return topology.kind === "cluster"
    ? createRedisClusterConnection(topology, options)
    : createRedisConnection(topology, options);
}

/**
 * One Redis connection for a standalone server or a Sentinel-managed master, with `options` (the caller's retry
 * policy and deadlines) on top. Through Sentinels the client asks for the current master at every (re)connect, so
 * a promoted replica is used without a restart. `REDIS_URL` still supplies the
 * credentials, TLS and database number. A cluster needs {@link createRedisClusterConnection}.
 */
export function createRedisConnection(topology: RedisTopology, options: RedisOptions = {}): Redis {
  switch (topology.kind) {
    case "standalone":
      return new Redis(topology.url, { reconnectOnError: reconnectOnReadonly, ...options });
    case "sentinel":
      return new Redis(topology.url, {
        sentinels: topology.sentinels,
        name: topology.name,
        // No `failoverDetector`: when it hears +switch-master while a reconnect to the dead master is still
        // asking the Sentinels, it cancels that connect, and ioredis then ends the client for good ("Connection
        // is closed." on every later command). Reconnecting already asks the Sentinels for the master, and a
        // demoted master that is still alive answers writes with READONLY, which reconnects (below).
        // Every Sentinel call has a deadline too: a partitioned Sentinel must not hold up finding the master.
        sentinelCommandTimeout: 2_000,
        reconnectOnError: reconnectOnReadonly,
        ...options,
      });
    case "cluster":
      throw new Error("a Redis Cluster needs createRedisClusterConnection");
  }
}

/**
 * A Redis Cluster connection: `options` apply to every node's connection. Callers must keep each multi-key
 * command or script inside one hash tag (REDIS_PREFIX is one, checked by `resolveRedisTopology`).
 */
export function createRedisClusterConnection(
  topology: Extract<RedisTopology, { kind: "cluster" }>,
  options: RedisOptions = {},
): Cluster {
  const { username, password, tls } = parseUrlAuth(topology.url);
  return new Cluster(topology.nodes, {
    redisOptions: {
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      ...(tls ? { tls } : {}),
      reconnectOnError: reconnectOnReadonly,
      ...options,
    },
    // A slot that moved (resharding, a failover) is followed rather than failed.
    maxRedirections: 16,
    enableOfflineQueue: options.enableOfflineQueue ?? true,
    // Connecting is the cluster's business (it opens the nodes' connections), so its own option decides.
    lazyConnect: options.lazyConnect ?? false,
  });
}

function parseUrlAuth(url: string): { username?: string; password?: string; tls?: object } {
  const parsed = new URL(url);
  return {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === "rediss:" ? { tls: {} } : {}),
  };
}
