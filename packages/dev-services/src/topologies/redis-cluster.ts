import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServiceLog, stderrLog } from "../log";
import { freePort } from "../net";
import type { RestartableService } from "../restartable";
import { toolPath } from "../tools";
import { startRedisNode, withRedisAt } from "./redis-node";

const SLOTS = 16_384;

/** A Redis Cluster of masters only (no replicas): the slots split evenly between them. */
export interface RedisClusterTopology {
  readonly nodes: readonly RestartableService[];
  /** `host:port` of each node, comma-separated: the REDIS_CLUSTER_NODES value. */
  readonly nodeList: string;
  stop(): Promise<void>;
}

/**
 * Starts `masters` (3) redis-server processes with `--cluster-enabled yes` and forms the cluster with plain
 * commands (CLUSTER ADDSLOTSRANGE, CLUSTER MEET) through ioredis, so no program beyond redis-server is needed.
 * Resolves once every node reports `cluster_state:ok`.
 */
export async function startRedisCluster(options: { masters?: number; log?: ServiceLog } = {}) {
  const log = options.log ?? stderrLog;
  const binary = await toolPath("redis-server");
  const count = options.masters ?? 3;
  const root = mkdtempSync(join(tmpdir(), "trendpot-redis-cluster-"));
  const nodes: RestartableService[] = [];
  const stop = async () => {
    await Promise.allSettled(nodes.map((node) => node.stop()));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (let index = 0; index < count; index += 1) {
      nodes.push(
        await startRedisNode({
          binary,
          port: await freePort(),
          dir: join(root, `node-${index}`),
          log,
          name: "redis-cluster",
          args: ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000"],
        }),
      );
    }
    await formCluster(nodes.map((node) => node.port));
  } catch (error) {
    await stop();
    throw error;
  }
  const nodeList = nodes.map((node) => `127.0.0.1:${node.port}`).join(",");
  log(`Redis Cluster: ${count} masters on ${nodeList}`);
  return { nodes, nodeList, stop } satisfies RedisClusterTopology;
}

async function formCluster(ports: number[]): Promise<void> {
  const per = Math.ceil(SLOTS / ports.length);
  for (const [index, port] of ports.entries()) {
    const first = index * per;
    const last = Math.min(SLOTS, first + per) - 1;
    await withRedisAt(port, (client) => client.call("CLUSTER", "ADDSLOTSRANGE", String(first), String(last)));
  }
  const [seed, ...others] = ports;
  if (seed === undefined) throw new Error("a cluster needs at least one node");
  await withRedisAt(seed, async (client) => {
    for (const port of others) await client.call("CLUSTER", "MEET", "127.0.0.1", String(port));
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const states = await Promise.all(
      ports.map((port) => withRedisAt(port, (client) => client.call("CLUSTER", "INFO"))),
    );
    if (states.every((info) => /cluster_state:ok/.test(String(info)) && clusterSize(String(info)) === ports.length)) {
      return;
    }
    if (Date.now() > deadline) throw new Error("the Redis Cluster did not reach cluster_state:ok within 30 s");
    await new Promise((r) => setTimeout(r, 200));
  }
}

function clusterSize(info: string): number {
  return Number(/cluster_known_nodes:(\d+)/.exec(info)?.[1] ?? 0);
}
