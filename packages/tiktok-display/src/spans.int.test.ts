import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TikTokClient } from "./client";
import { connectCreator, type Sandbox, sandboxClient, startSandbox } from "./sandbox.test-support";
import { rejectionOf } from "./test-support";

const exporter = new InMemorySpanExporter();
let sandbox: Sandbox;
let client: TikTokClient;

beforeAll(async () => {
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
  sandbox = await startSandbox();
  client = sandboxClient(sandbox);
});
afterAll(async () => {
  await sandbox.close();
  trace.disable();
});

describe("TikTok calls are client spans", () => {
  it("names the span after the endpoint and keeps tokens, URLs and bodies out of it", async () => {
    const { tokens } = await connectCreator(sandbox, client);
    exporter.reset();
    await client.getUserInfo(tokens.accessToken, []);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe("tiktok user.info");
    expect(span?.attributes).toEqual({ "tiktok.endpoint": "user.info", "http.request.method": "GET" });
    expect(JSON.stringify({ name: span?.name, attributes: span?.attributes, events: span?.events })).not.toContain(
      tokens.accessToken,
    );
  });

  it("records TikTok's error code, HTTP status and log id on a failed call", async () => {
    const { tokens } = await connectCreator(sandbox, client);
    sandbox.scenario.setFaults({ serverErrors: { count: 1, endpoints: ["user.info"], status: 503 } });
    exporter.reset();
    await rejectionOf(client.getUserInfo(tokens.accessToken, []));
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(2);
    expect(span?.attributes).toMatchObject({ "tiktok.error_code": "internal_error", "http.response.status_code": 503 });
    expect(span?.attributes["tiktok.log_id"]).toEqual(expect.any(String));
  });
});
