import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import type { ServiceLog } from "../log";
import { startProcess } from "../managed-process";
import { type RestartableService, restartable } from "../restartable";

/**
 * One data-holding redis-server of a topology (a Sentinel-watched master or replica, a cluster node): append-only
 * file fsynced on every write, so a SIGKILL loses nothing it acknowledged; `args` adds the role's own options.
 * `binary` is the caller's `toolPath("redis-server")`.
 */
export function startRedisNode(input: {
  binary: string;
  port: number;
  dir: string;
  log: ServiceLog;
  name: string;
  args?: string[];
}): Promise<RestartableService> {
  const dataDir = join(input.dir, "data");
  mkdirSync(dataDir, { recursive: true });
  const args = [
    ...["--port", String(input.port), "--bind", "127.0.0.1", "--dir", dataDir, "--save", ""],
    ...["--appendonly", "yes", "--appendfsync", "always"],
    ...(input.args ?? []),
  ];
  return restartable({
    kind: "redis-server",
    url: `redis://127.0.0.1:${input.port}`,
    port: input.port,
    dir: input.dir,
    dataDir,
    log: input.log,
    launch: (generation) =>
      startProcess({ name: `${input.name}-${input.port}-${generation}`, command: input.binary, args, dir: input.dir }),
    ready: () => withRedisAt(input.port, async (client) => void (await client.ping())),
  });
}

/** A short-lived client to one server of a topology (not the cluster-aware one), with deadlines; always closed. */
export async function withRedisAt<T>(port: number, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({
    port,
    host: "127.0.0.1",
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
  });
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}
