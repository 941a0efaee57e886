import { SpanKind, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nameActiveSpanByRoute } from "./route-span";
import { startTelemetry, type Telemetry } from "./start-telemetry";

const exporter = new InMemorySpanExporter();
let telemetry: Telemetry;

beforeAll(async () => {
  telemetry = await startTelemetry({
    serviceName: "trendpot-test",
    serviceVersion: "0.0.0",
    environment: "test",
    autoInstrumentation: false,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
});
afterAll(() => telemetry.shutdown());

describe("nameActiveSpanByRoute", () => {
  it("names the server span by method and route template, never the raw URL", () => {
    trace.getTracer("test").startActiveSpan("GET", { kind: SpanKind.SERVER }, (span) => {
      nameActiveSpanByRoute("GET", "/v1/accounts/:accountId");
      span.end();
    });
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe("GET /v1/accounts/:accountId");
    expect(span?.attributes["http.route"]).toBe("/v1/accounts/:accountId");
  });

  it("does nothing outside a span", () => {
    expect(() => nameActiveSpanByRoute("GET", "/healthz")).not.toThrow();
  });
});
