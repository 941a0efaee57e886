import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServiceLog, stderrLog } from "../log";
import { startProcess } from "../managed-process";
import { freePort } from "../net";
import { type RestartableService, restartable } from "../restartable";
import { toolPath } from "../tools";
import { startRedisNode, withRedisAt } from "./redis-node";

/** The master name the Sentinels monitor (REDIS_SENTINEL_NAME). */
export const SENTINEL_MASTER_NAME = "trendpot";

/** A Redis master and its replica under three Sentinels, each its own redis-server process. */
export interface RedisSentinelTopology {
  /** The two data nodes: [0] starts as master, [1] as its replica; Sentinel may swap their roles. */
  readonly servers: readonly RestartableService[];
  readonly sentinels: readonly RestartableService[];
  /** `host:port` of each Sentinel, comma-separated: the REDIS_SENTINELS value. */
  readonly sentinelList: string;
  readonly masterName: string;
  /** The data node the Sentinels currently name as master (index into `servers`). */
  master(): Promise<number>;
  /** Waits until the Sentinels name a master other than `index` and it serves writes; returns the new index. */
  waitForFailover(from: number, options?: { timeoutMs?: number }): Promise<number>;
  stop(): Promise<void>;
}

export interface RedisSentinelOptions {
  /** How long a master must be silent before Sentinel calls it down [1,000 ms; Sentinel's default is 30 s]. */
  downAfterMs?: number;
  log?: ServiceLog;
}

/**
 * Starts a master, a replica and three Sentinels (quorum 2). Both data nodes keep an append-only file fsynced on
 * every write, so a crashed node that comes back has what it acknowledged; once back, Sentinel turns it into a
 * replica of whichever node is master then.
 */
export async function startRedisSentinel(options: RedisSentinelOptions = {}): Promise<RedisSentinelTopology> {
  const log = options.log ?? stderrLog;
  const binary = await toolPath("redis-server");
  const root = mkdtempSync(join(tmpdir(), "trendpot-redis-sentinel-"));
  const started: RestartableService[] = [];
  const stop = async () => {
    // Sentinels first, so none of them reconfigures a data node that is being stopped.
    for (const service of [...started].reverse()) await service.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const masterPort = await freePort();
    const master = await startRedisNode({ name: "redis", binary, port: masterPort, dir: join(root, "master"), log });
    started.push(master);
    const replica = await startRedisNode({
      name: "redis",
      binary,
      port: await freePort(),
      dir: join(root, "replica"),
      log,
      args: ["--replicaof", "127.0.0.1", String(masterPort)],
    });
    started.push(replica);
    await waitForReplication(replica.port);
    const sentinels: RestartableService[] = [];
    for (let index = 0; index < 3; index += 1) {
      const sentinel = await startSentinel({
        binary,
        port: await freePort(),
        dir: join(root, `sentinel-${index}`),
        masterPort,
        downAfterMs: options.downAfterMs ?? 1_000,
        log,
      });
      sentinels.push(sentinel);
      started.push(sentinel);
    }
    const servers = [master, replica];
    const master_ = async () => indexOfMaster(sentinels, servers);
    const waitForFailover = async (from: number, { timeoutMs = 30_000 } = {}) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const now = await master_().catch(() => from);
        if (now !== from && (await isWritableMaster(servers[now]?.port))) return now;
        if (Date.now() > deadline) throw new Error(`Sentinel did not promote a new master within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const sentinelList = sentinels.map((s) => `127.0.0.1:${s.port}`).join(",");
    log(`Redis Sentinel: master ${masterPort}, replica ${replica.port}, sentinels ${sentinelList}`);
    return {
      servers,
      sentinels,
      sentinelList,
      masterName: SENTINEL_MASTER_NAME,
      master: master_,
      waitForFailover,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function startSentinel(input: {
  binary: string;
  port: number;
  dir: string;
  masterPort: number;
  downAfterMs: number;
  log: ServiceLog;
}) {
  mkdirSync(input.dir, { recursive: true });
  // Sentinel rewrites its config file as it learns the topology, so it gets a file of its own, written once.
  const configFile = join(input.dir, "sentinel.conf");
  writeFileSync(
    configFile,
    [
      `port ${input.port}`,
      "bind 127.0.0.1",
      `dir ${input.dir}`,
      `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${input.masterPort} 2`,
      `sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} ${input.downAfterMs}`,
      `sentinel failover-timeout ${SENTINEL_MASTER_NAME} 10000`,
      `sentinel parallel-syncs ${SENTINEL_MASTER_NAME} 1`,
      "",
    ].join("\n"),
  );
  return restartable({
    kind: "redis-sentinel",
    url: `redis://127.0.0.1:${input.port}`,
    port: input.port,
    dir: input.dir,
    dataDir: input.dir,
    log: input.log,
    launch: (generation) =>
      startProcess({
        name: `sentinel-${input.port}-${generation}`,
        command: input.binary,
        args: [configFile, "--sentinel"],
        dir: input.dir,
      }),
    ready: () => withRedisAt(input.port, async (client) => void (await client.ping())),
  });
}

async function waitForReplication(replicaPort: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const info = await withRedisAt(replicaPort, (client) => client.info("replication"));
    if (/master_link_status:up/.test(info)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the replica on port ${replicaPort} did not sync with its master within 15 s`);
}

async function indexOfMaster(sentinels: readonly RestartableService[], servers: RestartableService[]) {
  for (const sentinel of sentinels) {
    if (!sentinel.running()) continue;
    const reply = await withRedisAt(sentinel.port, (client) =>
      client.call("SENTINEL", "get-master-addr-by-name", SENTINEL_MASTER_NAME),
    ).catch(() => undefined);
    const port = Array.isArray(reply) ? Number(reply[1]) : Number.NaN;
    const index = servers.findIndex((server) => server.port === port);
    if (index >= 0) return index;
  }
  throw new Error("no Sentinel named a known master");
}

async function isWritableMaster(port: number | undefined): Promise<boolean> {
  if (port === undefined) return false;
  return withRedisAt(port, async (client) => /role:master/.test(await client.info("replication"))).catch(() => false);
}
