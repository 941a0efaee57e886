export { createRecordingMetrics } from "@trendpot/telemetry/testing";
export { ingestAccount } from "../jobs/ingest-account";
export { type PlannerQueues, planMetricsRefresh } from "../jobs/plan-metrics";
export { refreshMetricsBatch } from "../jobs/refresh-metrics-batch";
export { capturingLogger, createHarness, type Harness, TEST_SCOPES, workerEnv } from "./harness";
export { maxInSlidingWindow, scaledClock, scaledRuntime } from "./scaled-runtime";
export { spawnWorkers } from "./spawn-workers";
