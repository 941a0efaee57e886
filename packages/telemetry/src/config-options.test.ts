import { describe, expect, it } from "vitest";
import { telemetryOptionsFromConfig } from "./config-options";

const service = { name: "trendpot-api", version: "1.2.3" };

describe("telemetryOptionsFromConfig", () => {
  it("exports over OTLP and serves Prometheus only where configured", () => {
    expect(telemetryOptionsFromConfig({ DEPLOYMENT_ENV: "staging", METRICS_HOST: "127.0.0.1" }, service)).toEqual({
      serviceName: "trendpot-api",
      serviceVersion: "1.2.3",
      environment: "staging",
    });
    const full = {
      DEPLOYMENT_ENV: "production",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      METRICS_PORT: 9464,
      METRICS_HOST: "0.0.0.0",
    };
    expect(telemetryOptionsFromConfig(full, service)).toMatchObject({
      otlpEndpoint: "http://collector:4318",
      prometheusPort: 9464,
      prometheusHost: "0.0.0.0",
    });
  });

  it("keeps port 0 (a free port) rather than reading it as unset", () => {
    expect(
      telemetryOptionsFromConfig({ DEPLOYMENT_ENV: "test", METRICS_PORT: 0, METRICS_HOST: "127.0.0.1" }, service),
    ).toMatchObject({ prometheusPort: 0 });
  });
});
