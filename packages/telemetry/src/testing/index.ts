export { createTestMeter } from "./metric-reader";
export { createRecordingMetrics, type Recorded } from "./recording-metrics";
