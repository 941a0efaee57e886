import type { TelemetryOptions } from "./start-telemetry";

/** The telemetry variables both apps validate (`telemetryEnv` and `runtimeEnv` of `@trendpot/config`). */
export interface TelemetryConfig {
  DEPLOYMENT_ENV: string;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  METRICS_PORT?: number | undefined;
  METRICS_HOST: string;
}

/**
 * {@link startTelemetry}'s options from an app's config, so the api and the worker export the same way: OTLP only
 * when an endpoint is configured, a Prometheus endpoint only when a port is.
 */
export function telemetryOptionsFromConfig(
  config: TelemetryConfig,
  service: { name: string; version: string },
): TelemetryOptions {
  return {
    serviceName: service.name,
    serviceVersion: service.version,
    environment: config.DEPLOYMENT_ENV,
    ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
    ...(config.METRICS_PORT === undefined
      ? {}
      : { prometheusPort: config.METRICS_PORT, prometheusHost: config.METRICS_HOST }),
  };
}
