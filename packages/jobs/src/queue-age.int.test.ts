import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oldestWaitingAgeMs } from "./queue-age";

const services = testServices();
let connection: Redis;
let queue: Queue;

beforeAll(() => {
  connection = new Redis(services.redis.url, { maxRetriesPerRequest: null });
  queue = new Queue("age", { connection, prefix: uniqueName("age") });
});
afterAll(async () => {
  await queue.close();
  await connection.quit();
});

describe("oldestWaitingAgeMs", () => {
  it("is null when nothing waits", async () => {
    expect(await oldestWaitingAgeMs(queue, 10_000)).toBeNull();
  });

  // Regression: the gauge looked at `waiting` only, and the ops route took the highest-priority job for the oldest.
  it("counts prioritized jobs, and takes the oldest across both states", async () => {
    await queue.add("plain", {}, { timestamp: 4_000 });
    await queue.add("prioritized", {}, { timestamp: 1_000, priority: 2 });
    await queue.add("newer", {}, { timestamp: 3_000, priority: 1 });
    expect(await oldestWaitingAgeMs(queue, 10_000)).toBe(9_000);
  });
});
