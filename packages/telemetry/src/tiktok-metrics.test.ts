import { DataPointType, type Histogram } from "@opentelemetry/sdk-metrics";
import { afterEach, describe, expect, it } from "vitest";
import { METRIC_NAMES, TIKTOK_ENDPOINTS } from "./metric-names";
import { createTestMeter } from "./testing/metric-reader";
import { createTikTokMetrics } from "./tiktok-metrics";

describe("createTikTokMetrics", () => {
  let test = createTestMeter();
  afterEach(async () => {
    await test.shutdown();
    test = createTestMeter();
  });

  it("counts 429s per endpoint under the agreed name", async () => {
    const recorders = createTikTokMetrics(test.meter);
    recorders.rateLimitExceeded.add(1, { endpoint: "video.query" });
    recorders.rateLimitExceeded.add(1, { endpoint: "video.query" });
    const metric = await test.find("tiktok.display.rate_limit_exceeded");
    expect(metric.dataPointType).toBe(DataPointType.SUM);
    expect(metric.descriptor.unit).toBe("{response}");
    const points = await test.points(METRIC_NAMES.rateLimitExceeded);
    expect(points).toContainEqual({ attributes: { endpoint: "video.query" }, value: 2 });
  });

  it("starts the counters alerts watch at zero so the first event is an increase", async () => {
    createTikTokMetrics(test.meter, { queues: ["tiktok-ingestion"] });
    const rateLimited = await test.points(METRIC_NAMES.rateLimitExceeded);
    expect(rateLimited.map((point) => point.attributes.endpoint).sort()).toEqual([...TIKTOK_ENDPOINTS].sort());
    expect(rateLimited.every((point) => point.value === 0)).toBe(true);
    expect(await test.points(METRIC_NAMES.keyMismatch)).toEqual([{ attributes: {}, value: 0 }]);
    expect(await test.points(METRIC_NAMES.jobsFailed)).toContainEqual({
      attributes: { queue: "tiktok-ingestion", outcome: "exhausted" },
      value: 0,
    });
    expect(await test.points(METRIC_NAMES.jobsCompleted)).toEqual([
      { attributes: { queue: "tiktok-ingestion" }, value: 0 },
    ]);
  });

  it("records requests by endpoint and outcome with a duration histogram in seconds", async () => {
    const recorders = createTikTokMetrics(test.meter);
    recorders.requests.add(1, { endpoint: "video.list", outcome: "success" });
    recorders.requests.add(1, { endpoint: "video.list", outcome: "rate_limited" });
    recorders.requestDuration.record(0.3, { endpoint: "video.list", outcome: "success" });
    expect(await test.points(METRIC_NAMES.requests)).toEqual([
      { attributes: { endpoint: "video.list", outcome: "success" }, value: 1 },
      { attributes: { endpoint: "video.list", outcome: "rate_limited" }, value: 1 },
    ]);
    const duration = await test.find(METRIC_NAMES.requestDuration);
    expect(duration.descriptor.unit).toBe("s");
    expect(duration.dataPointType).toBe(DataPointType.HISTOGRAM);
    const histogram = duration.dataPoints[0]?.value as Histogram;
    expect(histogram.count).toBe(1);
    expect(histogram.sum).toBe(0.3);
    // Second-scale buckets, not the SDK's millisecond defaults.
    expect(histogram.buckets.boundaries).toContain(0.5);
    expect(histogram.buckets.boundaries).not.toContain(750);
  });

  it.each([
    ["tokenRefresh", METRIC_NAMES.tokenRefresh, { outcome: "success" }, "{refresh}"],
    ["ingestionVideos", METRIC_NAMES.ingestionVideos, { outcome: "upserted" }, "{video}"],
    ["sanitizerRejected", METRIC_NAMES.sanitizerRejected, { reason: "script_tag" }, "{rejection}"],
    ["jobsCompleted", METRIC_NAMES.jobsCompleted, { queue: "tiktok-token-refresh" }, "{job}"],
    ["jobsFailed", METRIC_NAMES.jobsFailed, { queue: "tiktok-token-refresh", outcome: "retrying" }, "{job}"],
    ["keyMismatch", METRIC_NAMES.keyMismatch, {}, "{event}"],
  ] as const)("%s records %s with its attributes and unit", async (key, name, attributes, unit) => {
    const recorders = createTikTokMetrics(test.meter);
    (recorders[key] as { add(value: number, attributes: object): void }).add(3, attributes);
    const metric = await test.find(name);
    expect(metric.descriptor.unit).toBe(unit);
    expect(metric.dataPoints.map((point) => ({ attributes: point.attributes, value: point.value }))).toContainEqual({
      attributes,
      value: 3,
    });
  });

  it("uses the agreed names, all under the tiktok. namespace", () => {
    expect(Object.values(METRIC_NAMES)).toEqual(
      expect.arrayContaining([
        "tiktok.display.rate_limit_exceeded",
        "tiktok.display.requests",
        "tiktok.display.request.duration",
        "tiktok.display.budget.remaining",
        "tiktok.token.refresh",
        "tiktok.token.key_mismatch",
        "tiktok.ingestion.videos",
        "tiktok.sanitizer.rejected",
        "tiktok.queue.depth",
        "tiktok.queue.oldest_waiting_age",
        "tiktok.sync.lag",
      ]),
    );
    for (const name of Object.values(METRIC_NAMES)) expect(name).toMatch(/^tiktok\.[a-z_.]+$/);
  });
});
