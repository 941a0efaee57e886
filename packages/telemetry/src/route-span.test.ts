import { SpanKind, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nameActiveSpanByRoute } from "./route-span";
import { startTestTracing } from "./testing";

let tracing: Awaited<ReturnType<typeof startTestTracing>>;

beforeAll(async () => {
  tracing = await startTestTracing();
});
afterAll(() => tracing.shutdown());

describe("nameActiveSpanByRoute", () => {
  it("names the server span by method and route template, never the raw URL", () => {
    trace.getTracer("test").startActiveSpan("GET", { kind: SpanKind.SERVER }, (span) => {
      nameActiveSpanByRoute("GET", "/v1/accounts/:accountId");
      span.end();
    });
    const [span] = tracing.exporter.getFinishedSpans();
    expect(span?.name).toBe("GET /v1/accounts/:accountId");
    expect(span?.attributes["http.route"]).toBe("/v1/accounts/:accountId");
  });

  it("does nothing outside a span", () => {
    expect(() => nameActiveSpanByRoute("GET", "/healthz")).not.toThrow();
  });
});
