import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CollectorService, silentLog, startCollector } from "@trendpot/dev-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountOfUser, creatorOpenId, waitForIngestion } from "../harness/checks";
import { connectOverHttp } from "../harness/consent";
import { type Stack, startStack } from "../harness/stack";
import { waitFor } from "../harness/wait";
import { type ExportedSpan, readExportedSpans } from "./trace-file";

let dir: string;
let collector: CollectorService;
let stack: Stack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trendpot-otelcol-"));
  collector = await startCollector({ dir, log: silentLog });
  stack = await startStack({ name: "otel-trace", env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpEndpoint } });
});

afterAll(async () => {
  await stack?.stop();
  await collector?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The spans of the trace that holds the api's consent callback, once it also holds the worker's ingestion. */
function consentTrace(spans: ExportedSpan[]): ExportedSpan[] | undefined {
  const callback = spans.find((s) => s.service === "trendpot-api" && s.name === "GET /auth/tiktok/callback");
  if (!callback) return undefined;
  const trace = spans.filter((s) => s.traceId === callback.traceId);
  const ingested = trace.some((s) => s.service === "trendpot-worker" && s.name === "tiktok video.list");
  return ingested ? trace : undefined;
}

describe("one trace from the consent callback to the worker's TikTok calls, through the real Collector", () => {
  it("exports the api request, the enqueue, the job and its TikTok, MongoDB and Redis spans as one trace", async () => {
    const userId = "user_otel_trace";
    const result = await connectOverHttp(stack, { userId, openId: creatorOpenId(stack, "kofi.cooks") });
    expect(result.status).toBeLessThan(400);
    await waitForIngestion(stack, (await accountOfUser(stack, userId))?.id ?? "");
    // The SDK batches for 5 s and the Collector for 5 s more: wait for the file to hold the whole trace.
    const trace = await waitFor(() => consentTrace(readExportedSpans(collector.tracesFile)), {
      description: "the consent trace, ingestion included, in the Collector's trace file",
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const job = trace.find((s) => s.service === "trendpot-worker" && s.name === "tiktok-ingestion process");
    expect(job, "the ingestion job continues the request's trace").toBeDefined();
    // The job's parent is a span of the api process: the trace context travelled in the job's data.
    expect(byId.get(job?.parentSpanId ?? "")?.service).toBe("trendpot-api");
    // Each process's database and Redis commands inside the trace (old and new semantic-convention names).
    const systems = trace.map(
      (s) => `${s.service} ${s.attributes["db.system.name"] ?? s.attributes["db.system"] ?? s.name}`,
    );
    expect(systems).toEqual(
      expect.arrayContaining([
        "trendpot-api GET /auth/tiktok/callback",
        "trendpot-api mongodb",
        "trendpot-api redis",
        "trendpot-api tiktok oauth.token",
        "trendpot-worker tiktok-ingestion process",
        "trendpot-worker mongodb",
        "trendpot-worker redis",
        "trendpot-worker tiktok video.list",
      ]),
    );
    // No token or secret reaches an exported span.
    const text = JSON.stringify(trace);
    expect(text).not.toMatch(/act\.|rft\.|client_secret/);
  });
});
