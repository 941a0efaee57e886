export { createRecordingMetrics, type Recorded } from "./recording-metrics";
