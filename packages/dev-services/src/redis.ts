import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import type { ServiceLog } from "./log";
import { startProcess } from "./managed-process";
import { freePort, waitForPort } from "./net";
import { toolPath } from "./tools";

export interface RedisService {
  url: string;
  kind: "external" | "redis-server";
  stop(): Promise<void>;
}

/**
 * REDIS_URL when given; else Debian's redis-server on a free port. With `dataDir` it keeps an append-only file
 * there (the local stack's queues and budget survive a restart); without it nothing is persisted: test data is
 * disposable, and fsync on a shared 2-core machine only adds noise.
 */
export async function startRedis(input: {
  url?: string;
  dir: string;
  dataDir?: string;
  log: ServiceLog;
}): Promise<RedisService> {
  if (input.url) return { url: input.url, kind: "external", stop: async () => {} };
  const binary = await toolPath("redis-server");
  const port = await freePort();
  const dataDir = input.dataDir ? join(input.dataDir, "redis") : input.dir;
  mkdirSync(dataDir, { recursive: true });
  const persistence = input.dataDir ? ["--appendonly", "yes"] : ["--appendonly", "no"];
  const proc = startProcess({
    name: "redis",
    command: binary,
    args: ["--port", String(port), "--bind", "127.0.0.1", "--dir", dataDir, "--save", "", ...persistence],
    dir: input.dir,
  });
  await waitForPort(port, { timeoutMs: 15_000, alive: proc.exited });
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
  input.log(`Redis: redis-server on ${url}`);
  return { url, kind: "redis-server", stop: proc.stop };
}
