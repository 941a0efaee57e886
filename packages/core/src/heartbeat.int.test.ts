import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  readWorkerHeartbeat,
  WORKER_HEARTBEAT_MAX_AGE_MS,
  workerHeartbeatKey,
  writeWorkerHeartbeat,
} from "./heartbeat";

let redis: Redis;
beforeAll(() => {
  redis = new Redis(testServices().redis.url, { maxRetriesPerRequest: null });
});
afterAll(() => {
  redis?.disconnect();
});

describe("worker heartbeat", () => {
  it("uses the agreed key and freshness rule", async () => {
    const prefix = uniqueName("hb");
    expect(workerHeartbeatKey(prefix)).toBe(`${prefix}:worker:heartbeat`);
    expect(await readWorkerHeartbeat(redis, prefix)).toEqual({ fresh: false });
    await writeWorkerHeartbeat(redis, prefix, 1_000_000);
    expect(await redis.get(`${prefix}:worker:heartbeat`)).toBe("1000000");
    expect(await readWorkerHeartbeat(redis, prefix, 1_000_000 + WORKER_HEARTBEAT_MAX_AGE_MS - 1)).toEqual({
      fresh: true,
      ageMs: WORKER_HEARTBEAT_MAX_AGE_MS - 1,
    });
    expect((await readWorkerHeartbeat(redis, prefix, 1_000_000 + WORKER_HEARTBEAT_MAX_AGE_MS)).fresh).toBe(false);
    expect(await redis.pttl(`${prefix}:worker:heartbeat`)).toBeGreaterThan(0);
  });

  it("treats garbage as no heartbeat", async () => {
    const prefix = uniqueName("hb");
    await redis.set(workerHeartbeatKey(prefix), "soon");
    expect(await readWorkerHeartbeat(redis, prefix)).toEqual({ fresh: false });
  });
});
