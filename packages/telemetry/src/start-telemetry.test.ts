import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { metrics, trace } from "@opentelemetry/api";
import { isAppError } from "@trendpot/errors";
import { afterEach, describe, expect, it } from "vitest";
import { registerGauges } from "./gauges";
import { mongoStatementShape, selectedInstrumentations, startTelemetry, type Telemetry } from "./start-telemetry";
import { createTikTokMetrics } from "./tiktok-metrics";

const base = { serviceName: "trendpot-test", serviceVersion: "1.2.3", environment: "test" } as const;

async function otlpReceiver() {
  const paths: string[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    request.resume();
    request.on("end", () => {
      paths.push(request.url ?? "");
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, paths, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("startTelemetry", () => {
  let telemetry: Telemetry | undefined;
  afterEach(async () => {
    await telemetry?.shutdown();
    telemetry = undefined;
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  });

  it("serves the metric set in Prometheus form on the port it reports, and frees the port on shutdown", async () => {
    telemetry = await startTelemetry({
      ...base,
      prometheusPort: 0,
      prometheusHost: "127.0.0.1",
      autoInstrumentation: false,
    });
    expect(telemetry.prometheusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const url = telemetry.prometheusUrl as string;
    expect(url).not.toContain(":0/");
    const recorders = createTikTokMetrics(undefined, { queues: ["tiktok-ingestion"] });
    recorders.rateLimitExceeded.add(1, { endpoint: "video.query" });
    recorders.requestDuration.record(0.2, { endpoint: "video.query", outcome: "rate_limited" });
    registerGauges(metrics.getMeter("test"), {
      budget: () => ({ minuteRemaining: 12, dayRemaining: 900, inFlight: 1 }),
    });

    const body = await (await fetch(url)).text();
    expect(body).toMatch(/^tiktok_display_rate_limit_exceeded_total\{endpoint="video.query",[^}]*\} 1$/m);
    expect(body).toMatch(/^tiktok_display_request_duration_bucket\{[^}]*le="0.25"[^}]*\} 1$/m);
    expect(body).toMatch(/^tiktok_display_budget_remaining\{window="day",[^}]*\} 900$/m);
    expect(body).toMatch(/^target_info\{[^}]*service_name="trendpot-test"[^}]*\} 1$/m);
    expect(body).toContain('service_version="1.2.3"');
    expect(body).toContain('deployment_environment_name="test"');
    expect((await fetch(url.replace("/metrics", "/other"))).status).toBe(404);

    await telemetry.shutdown();
    telemetry = undefined;
    await expect(fetch(url)).rejects.toThrow();
  });

  it("pushes nothing without an OTLP endpoint, even when the OTEL_* environment names one", async () => {
    const receiver = await otlpReceiver();
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
    telemetry = await startTelemetry({ ...base, autoInstrumentation: false });
    expect(telemetry.prometheusUrl).toBeUndefined();
    createTikTokMetrics().requests.add(1, { endpoint: "user.info", outcome: "success" });
    trace.getTracer("test").startSpan("work").end();
    await telemetry.shutdown();
    telemetry = undefined;
    await receiver.close();
    expect(receiver.paths).toEqual([]);
  });

  it("pushes metrics and traces to the OTLP endpoint it is given", async () => {
    const receiver = await otlpReceiver();
    telemetry = await startTelemetry({ ...base, otlpEndpoint: `${receiver.url}/`, autoInstrumentation: false });
    createTikTokMetrics().requests.add(1, { endpoint: "user.info", outcome: "success" });
    trace.getTracer("test").startSpan("work").end();
    await telemetry.shutdown();
    telemetry = undefined;
    await receiver.close();
    expect([...new Set(receiver.paths)].sort()).toEqual(["/v1/metrics", "/v1/traces"]);
  });

  it("refuses a second start in the same process and allows one after shutdown", async () => {
    telemetry = await startTelemetry({ ...base, autoInstrumentation: false });
    const second = startTelemetry({ ...base, autoInstrumentation: false });
    await expect(second).rejects.toSatisfy((error: unknown) => isAppError(error, "INTERNAL"));
    await telemetry.shutdown();
    telemetry = await startTelemetry({ ...base, autoInstrumentation: false });
    expect(telemetry).toBeDefined();
  });

  it("fails cleanly when the scrape port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as AddressInfo).port;
    await expect(startTelemetry({ ...base, prometheusPort: port, prometheusHost: "127.0.0.1" })).rejects.toThrow(
      /EADDRINUSE/,
    );
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    telemetry = await startTelemetry({ ...base, autoInstrumentation: false });
  });

  it("enables only the http, undici, mongodb and ioredis instrumentations", () => {
    const names = selectedInstrumentations().map((instrumentation) => instrumentation.instrumentationName);
    expect(names.sort()).toEqual([
      "@opentelemetry/instrumentation-http",
      "@opentelemetry/instrumentation-ioredis",
      "@opentelemetry/instrumentation-mongodb",
      "@opentelemetry/instrumentation-undici",
    ]);
  });

  it("describes a MongoDB command by its shape, never a value", () => {
    const mongodb = selectedInstrumentations().find(
      (instrumentation) => instrumentation.instrumentationName === "@opentelemetry/instrumentation-mongodb",
    );
    expect(mongodb?.getConfig()).toMatchObject({ dbStatementSerializer: mongoStatementShape });
    const statement = mongoStatementShape({
      update: "videos",
      updates: Array.from({ length: 20 }, (_, i) => ({ q: { _id: `v${i}` }, u: { $set: { title: "secret" } } })),
      filter: { accountId: "acc_1", createTime: { $lt: new Date(0) } },
      lsid: { id: Buffer.from("x") },
    });
    expect(JSON.parse(statement)).toEqual({
      update: "?",
      updates: "[20]",
      filter: { accountId: "?", createTime: "?" },
      lsid: { id: "?" },
    });
    expect(statement).not.toMatch(/videos|acc_1|secret|v0/);
  });
});
