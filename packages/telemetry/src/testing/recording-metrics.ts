import { createNoopMeter } from "@opentelemetry/api";
import { createTikTokMetrics, type TikTokMetrics } from "../tiktok-metrics";

/** One recorded measurement. */
export interface Recorded {
  name: keyof TikTokMetrics;
  value: number;
  attributes: Record<string, unknown>;
}

/**
 * TikTok metrics that remember every measurement, for assertions in other packages' tests (no OpenTelemetry SDK
 * needed). The instrument names come from the real recorder set, so a new instrument is recorded too.
 */
export function createRecordingMetrics(): {
  metrics: TikTokMetrics;
  recorded: Recorded[];
  sum: (name: keyof TikTokMetrics, match?: Record<string, unknown>) => number;
} {
  const recorded: Recorded[] = [];
  const instrument = (name: keyof TikTokMetrics) => {
    const record = (value: number, attributes: Record<string, unknown> = {}) => {
      recorded.push({ name, value, attributes });
    };
    return { add: record, record };
  };
  const names = Object.keys(createTikTokMetrics(createNoopMeter())) as (keyof TikTokMetrics)[];
  const metrics = Object.fromEntries(names.map((name) => [name, instrument(name)])) as unknown as TikTokMetrics;
  const sum = (name: keyof TikTokMetrics, match: Record<string, unknown> = {}) =>
    recorded
      .filter((entry) => entry.name === name)
      .filter((entry) => Object.entries(match).every(([key, value]) => entry.attributes[key] === value))
      .reduce((total, entry) => total + entry.value, 0);
  return { metrics, recorded, sum };
}
