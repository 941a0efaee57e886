import { randomUUID } from "node:crypto";
import { context, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { type Instrumentation, registerInstrumentations } from "@opentelemetry/instrumentation";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { IORedisInstrumentation } from "@opentelemetry/instrumentation-ioredis";
import { MongoDBInstrumentation } from "@opentelemetry/instrumentation-mongodb";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import { type IMetricReader, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import { AppError } from "@trendpot/errors";
import { createPrometheusEndpoint, type PrometheusEndpoint } from "./prometheus-server";

/** Options of {@link startTelemetry}; the app maps its config onto these (packages never read the environment). */
export interface TelemetryOptions {
  readonly serviceName: string;
  readonly serviceVersion: string;
  /** Deployment environment, e.g. `production`, `staging`, `development`. */
  readonly environment: string;
  /** Base URL of an OTLP/HTTP receiver (e.g. `http://otel-collector:4318`). Unset: nothing is pushed anywhere. */
  readonly otlpEndpoint?: string;
  readonly otlpHeaders?: Readonly<Record<string, string>>;
  /** Push metrics over OTLP as well as traces (default true). Turn off when Prometheus scrapes the app directly. */
  readonly otlpMetrics?: boolean;
  /** Interval of the OTLP metric push (default 15000 ms, the Prometheus scrape interval). */
  readonly metricExportIntervalMs?: number;
  /** Port of the Prometheus scrape endpoint; unset: no endpoint. 0 picks a free port (see `prometheusUrl`). */
  readonly prometheusPort?: number;
  /** Interface the scrape endpoint binds to (default `0.0.0.0`). */
  readonly prometheusHost?: string;
  /** Patch http, undici, mongodb and ioredis (default true). */
  readonly autoInstrumentation?: boolean;
  /** Extra span processors, added to the OTLP one (e.g. an in-memory processor in tests). */
  readonly spanProcessors?: readonly SpanProcessor[];
}

/** The running SDK. */
export interface Telemetry {
  /** Flushes and stops exporters and frees the scrape port. Safe to call more than once. */
  shutdown(): Promise<void>;
  /** URL of the Prometheus scrape endpoint, with the port actually bound. */
  readonly prometheusUrl?: string;
}

let running = false;
// On the process, not in this module: a bundled app may carry the preload and the app in separate files, each with
// its own copy of this module, and they must still agree that the instrumentations are enabled.
const PRELOADED = Symbol.for("trendpot.telemetry.instrumentationsPreloaded");
const preloadMark = globalThis as { [PRELOADED]?: boolean };

/** Called by the `register` preload once it has enabled the instrumentations, so the SDK does not patch twice. */
export function markInstrumentationsPreloaded(): void {
  preloadMark[PRELOADED] = true;
}

/**
 * Starts OpenTelemetry for an app: a tracer provider, a meter provider, the context manager and the W3C
 * propagators, registered globally. Call once, first thing in `main.ts`, before the instrumented modules (http,
 * mongodb, ioredis) are loaded. It builds the providers itself rather than through the all-in-one Node SDK, which
 * loads every exporter it could build from the environment (gRPC, protobuf, Zipkin, logs): about 11 MB of a
 * process's memory for exporters this service never uses.
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  if (running) throw new AppError("INTERNAL", { message: "Telemetry is already started in this process." });
  running = true;
  const prometheus =
    options.prometheusPort === undefined
      ? undefined
      : createPrometheusEndpoint(options.prometheusPort, options.prometheusHost ?? "0.0.0.0");
  try {
    const prometheusUrl = await prometheus?.listen();
    const providers = startProviders(options, prometheus);
    return { shutdown: once(() => stop(providers, prometheus)), ...(prometheusUrl ? { prometheusUrl } : {}) };
  } catch (error) {
    running = false;
    await prometheus?.close();
    throw error;
  }
}

interface Providers {
  tracerProvider: TracerProvider;
  meterProvider?: MeterProvider | undefined;
}

function startProviders(options: TelemetryOptions, prometheus?: PrometheusEndpoint): Providers {
  const endpoint = options.otlpEndpoint?.replace(/\/+$/, "");
  const headers = { ...options.otlpHeaders };
  const metricReaders: IMetricReader[] = [];
  if (prometheus) metricReaders.push(prometheus.exporter);
  const spanProcessors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (endpoint) {
    const traceExporter = new OTLPTraceExporter({ url: `${endpoint}/v1/traces`, headers });
    spanProcessors.push(new BatchSpanProcessor({ exporter: traceExporter }));
    if (options.otlpMetrics !== false) {
      const exporter = new OTLPMetricExporter({ url: `${endpoint}/v1/metrics`, headers });
      const exportIntervalMillis = options.metricExportIntervalMs ?? 15_000;
      metricReaders.push(new PeriodicExportingMetricReader({ exporter, exportIntervalMillis }));
    }
  }
  const resource = defaultResource().merge(
    resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      [ATTR_SERVICE_VERSION]: options.serviceVersion,
      "deployment.environment.name": options.environment,
      "service.instance.id": randomUUID(),
    }),
  );
  const contextManager = new AsyncLocalStorageContextManager();
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  // Without a reader (no scrape endpoint, no OTLP push) the instruments stay the API's no-ops.
  const meterProvider = metricReaders.length > 0 ? new MeterProvider({ resource, readers: metricReaders }) : undefined;
  if (meterProvider) metrics.setGlobalMeterProvider(meterProvider);
  // Spans are still created (log correlation, job links) when nothing exports them: a tracer provider always
  // exists, with a processor that drops what it is given.
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: spanProcessors.length > 0 ? spanProcessors : [new NoopSpanProcessor()],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  // The preload has enabled them already when the app was started with it; they then report to these providers
  // through the global API.
  if (options.autoInstrumentation !== false && !preloadMark[PRELOADED]) {
    registerInstrumentations({
      instrumentations: [selectedInstrumentations()],
      tracerProvider,
      ...(meterProvider ? { meterProvider } : {}),
    });
  }
  return { tracerProvider, meterProvider };
}

/**
 * The instrumentations startTelemetry enables: only what the service talks through (HTTP in and out, MongoDB, Redis).
 * Each is imported on its own: the all-in-one auto-instrumentations package loads some forty instrumentations to
 * enable four. fs, dns and net would add a span per syscall-level operation.
 */
export function selectedInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation(),
    new UndiciInstrumentation(),
    new MongoDBInstrumentation({ dbStatementSerializer: mongoStatementShape }),
    new IORedisInstrumentation(),
  ];
}

/**
 * `db.statement` of a MongoDB span: the command's shape two levels deep (names, `?` for values, `[n]` for arrays),
 * never a value. The instrumentation's default walks the whole command to the same effect, which for a page's bulk
 * upsert (every video with its embed) cost more CPU than the write itself.
 */
export function mongoStatementShape(command: Record<string, unknown>): string {
  const shape = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return `[${value.length}]`;
    if (value === null || typeof value !== "object" || depth >= 2 || isBinary(value)) return "?";
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = shape(item, depth + 1);
    return out;
  };
  return JSON.stringify(shape(command, 0));
}

const isBinary = (value: object) => ArrayBuffer.isView(value) || value instanceof Date || "_bsontype" in value;

async function stop(providers: Providers, prometheus?: PrometheusEndpoint): Promise<void> {
  try {
    await Promise.all([providers.tracerProvider.shutdown(), providers.meterProvider?.shutdown()]);
  } finally {
    await prometheus?.close();
    // Unregister the global providers so a later start in the same process (tests, restarts) takes effect.
    metrics.disable();
    trace.disable();
    propagation.disable();
    context.disable();
    running = false;
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => {
    result ??= action();
    return result;
  };
}
