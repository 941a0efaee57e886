import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace";
import { startTelemetry } from "../start-telemetry";

/** Telemetry started for a test without instrumentations: every finished span is kept in `exporter`. */
export async function startTestTracing(): Promise<{ exporter: InMemorySpanExporter; shutdown(): Promise<void> }> {
  const exporter = new InMemorySpanExporter();
  const telemetry = await startTelemetry({
    serviceName: "trendpot-test",
    serviceVersion: "0.0.0",
    environment: "test",
    autoInstrumentation: false,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  return { exporter, shutdown: () => telemetry.shutdown() };
}
