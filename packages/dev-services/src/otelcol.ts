import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ServiceLog } from "./log";
import { startProcess } from "./managed-process";
import { freePort } from "./net";
import { projectRoot } from "./paths";
import { toolPath } from "./tools";

/** A running OpenTelemetry Collector. */
export interface CollectorService {
  /** Base URL of its OTLP/HTTP receiver: what the apps' `OTEL_EXPORTER_OTLP_ENDPOINT` names. */
  otlpEndpoint: string;
  /** Its Prometheus exporter (the apps' pushed metrics), for Prometheus to scrape. */
  metricsTarget: string;
  /** The file its trace pipeline appends to: OTLP JSON, one export per line. */
  tracesFile: string;
  kind: "external" | "otelcol";
  stop(): Promise<void>;
}

/**
 * `endpoint` when given (a Collector someone else runs); else the Collector built from ops/otelcol-builder.yaml,
 * running ops/otel-collector.yaml itself, every address on a free loopback port and the trace file (and its log)
 * in `dir`.
 */
export async function startCollector(input: {
  endpoint?: string;
  dir: string;
  log: ServiceLog;
}): Promise<CollectorService> {
  if (input.endpoint) {
    return { otlpEndpoint: input.endpoint, metricsTarget: "", tracesFile: "", kind: "external", stop: async () => {} };
  }
  const binary = await toolPath("otelcol");
  mkdirSync(input.dir, { recursive: true });
  const [grpc, http, metrics, health, self] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const tracesFile = join(input.dir, "traces.jsonl");
  const proc = startProcess({
    name: "otelcol",
    command: binary,
    args: [`--config=${join(projectRoot(), "ops", "otel-collector.yaml")}`],
    dir: input.dir,
    env: {
      OTELCOL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
      OTELCOL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
      OTELCOL_PROMETHEUS_ENDPOINT: `127.0.0.1:${metrics}`,
      OTELCOL_HEALTH_ENDPOINT: `127.0.0.1:${health}`,
      OTELCOL_SELF_METRICS_HOST: "127.0.0.1",
      OTELCOL_SELF_METRICS_PORT: String(self),
      OTELCOL_TRACES_FILE: tracesFile,
    },
  });
  await waitForHealthy(`http://127.0.0.1:${health}/`, 30_000, proc.exited);
  const otlpEndpoint = `http://127.0.0.1:${http}`;
  input.log(`OpenTelemetry Collector: OTLP on ${otlpEndpoint}, Prometheus exporter on 127.0.0.1:${metrics}`);
  return { otlpEndpoint, metricsTarget: `127.0.0.1:${metrics}`, tracesFile, kind: "otelcol", stop: proc.stop };
}

/** The health_check extension answers 200 once every pipeline is running. */
async function waitForHealthy(url: string, timeoutMs: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`the Collector stopped while starting: ${gone}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
  throw new Error(`the Collector was not healthy within ${timeoutMs} ms (${last})`);
}
