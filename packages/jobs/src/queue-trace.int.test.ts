import { trace } from "@opentelemetry/api";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { startTelemetry, type Telemetry } from "@trendpot/telemetry";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueues, type TikTokQueues } from "./queues";

const services = testServices();
let connection: Redis;
let queues: TikTokQueues;
let telemetry: Telemetry;

beforeAll(async () => {
  telemetry = await startTelemetry({
    serviceName: "jobs-test",
    serviceVersion: "0.0.0",
    environment: "test",
    autoInstrumentation: false,
  });
  connection = new Redis(services.redis.url, { maxRetriesPerRequest: null });
  queues = createQueues(connection, uniqueName("trace"), { attempts: 2, backoffMs: 1_000 });
});
afterAll(async () => {
  await queues.close();
  await connection.quit();
  await telemetry.shutdown();
});

// Regression: the worker continued `trace` from the job data, but nothing put it there.
describe("ingestion jobs carry the enqueuing request's trace", () => {
  it("stores the active span's W3C traceparent on the job", async () => {
    const { job, traceId, spanId } = await trace.getTracer("test").startActiveSpan("POST /sync", async (span) => {
      const enqueued = await queues.enqueueIngestion({ accountId: "acc_traced", reason: "manual" }, { key: "t1" });
      span.end();
      return { job: enqueued, ...span.spanContext() };
    });
    expect(job.data.trace?.traceparent).toBe(`00-${traceId}-${spanId}-01`);
  });

  it("adds nothing outside a span", async () => {
    const job = await queues.enqueueIngestion({ accountId: "acc_untraced", reason: "manual" }, { key: "t2" });
    expect(job.data).not.toHaveProperty("trace");
  });
});
