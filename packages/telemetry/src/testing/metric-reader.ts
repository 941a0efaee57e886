import type { Attributes } from "@opentelemetry/api";
import { MeterProvider, type MetricData, MetricReader } from "@opentelemetry/sdk-metrics";

class PullReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** A meter provider whose metrics are read on demand, for assertions in tests. */
export function createTestMeter() {
  const reader = new PullReader();
  const provider = new MeterProvider({ readers: [reader] });
  const meter = provider.getMeter("test");
  async function collect(): Promise<MetricData[]> {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw new Error(`collection errors: ${errors.map(String).join("; ")}`);
    return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  }
  async function find(name: string): Promise<MetricData> {
    const found = (await collect()).find((metric) => metric.descriptor.name === name);
    if (!found) throw new Error(`metric ${name} was not collected`);
    return found;
  }
  /** Data points of `name` as `{ attributes, value }`. */
  async function points(name: string): Promise<Array<{ attributes: Attributes; value: unknown }>> {
    return (await find(name)).dataPoints.map((point) => ({ attributes: point.attributes, value: point.value }));
  }
  return { meter, provider, collect, find, points, shutdown: () => provider.shutdown() };
}
