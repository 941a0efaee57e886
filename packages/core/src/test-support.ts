import type { TikTokMetrics } from "@trendpot/telemetry";

/** A recorded metric call: instrument name, value and attributes. */
export interface MetricCall {
  name: keyof TikTokMetrics;
  value: number;
  attributes: Record<string, unknown> | undefined;
}

/** TikTokMetrics that record every call, for asserting what the runtime counted. */
export function recordingMetrics(): { metrics: TikTokMetrics; calls: MetricCall[] } {
  const calls: MetricCall[] = [];
  const instrument = (name: keyof TikTokMetrics) => {
    const record = (value: number, attributes?: Record<string, unknown>) => {
      calls.push({ name, value, attributes });
    };
    return { add: record, record };
  };
  const names: (keyof TikTokMetrics)[] = [
    "rateLimitExceeded",
    "requests",
    "requestDuration",
    "tokenRefresh",
    "keyMismatch",
    "ingestionVideos",
    "sanitizerRejected",
    "jobsCompleted",
    "jobsFailed",
  ];
  const metrics = Object.fromEntries(names.map((name) => [name, instrument(name)])) as unknown as TikTokMetrics;
  return { metrics, calls };
}
