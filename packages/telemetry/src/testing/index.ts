export { createTestMeter } from "./metric-reader";
export { createRecordingMetrics, type Recorded } from "./recording-metrics";
export { startTestTracing } from "./tracing";
