import { Redis } from "ioredis";
import { ensureDebianCommand } from "./apt";
import type { ServiceLog } from "./log";
import { startProcess } from "./managed-process";
import { freePort, waitForPort } from "./net";

export interface RedisService {
  url: string;
  kind: "external" | "redis-server";
  stop(): Promise<void>;
}

export async function startRedis(input: { url?: string; dir: string; log: ServiceLog }): Promise<RedisService> {
  if (input.url) return { url: input.url, kind: "external", stop: async () => {} };
  const binary = await ensureDebianCommand({
    command: "redis-server",
    pkg: "redis-server",
    service: "Redis",
    alternative: "set REDIS_URL to a running Redis",
    log: input.log,
  });
  const port = await freePort();
  const proc = startProcess({
    name: "redis",
    command: binary,
    // No persistence: test data is disposable, and fsync on a shared 2-core machine only adds noise.
    args: ["--port", String(port), "--bind", "127.0.0.1", "--dir", input.dir, "--save", "", "--appendonly", "no"],
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
