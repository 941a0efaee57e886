import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { injectTraceContext, withJobSpan } from "./job-trace";
import { startTestTracing } from "./testing";

let tracing: Awaited<ReturnType<typeof startTestTracing>>;

beforeAll(async () => {
  tracing = await startTestTracing();
});
afterAll(() => tracing.shutdown());
beforeEach(() => tracing.exporter.reset());

function enqueueInsideRequest(): { carrier: Record<string, string>; traceId: string; spanId: string } {
  return trace.getTracer("test").startActiveSpan("POST /v1/connect-sessions", (span) => {
    const carrier = injectTraceContext();
    span.end();
    return { carrier, traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
  });
}

describe("injectTraceContext / withJobSpan", () => {
  it("carries the request's trace into the job's consumer span as parent and link", async () => {
    const request = enqueueInsideRequest();
    expect(request.carrier.traceparent).toBe(`00-${request.traceId}-${request.spanId}-01`);
    // The job runs later, outside the request's context.
    const result = await context.with(ROOT_CONTEXT, () =>
      withJobSpan(
        "tiktok-ingestion process",
        request.carrier,
        { "messaging.destination.name": "tiktok-ingestion" },
        async () => {
          return trace.getActiveSpan()?.spanContext().traceId;
        },
      ),
    );
    expect(result).toBe(request.traceId);
    const job = tracing.exporter.getFinishedSpans().find((span) => span.name === "tiktok-ingestion process");
    expect(job?.kind).toBe(SpanKind.CONSUMER);
    expect(job?.spanContext().traceId).toBe(request.traceId);
    expect(job?.parentSpanContext?.spanId).toBe(request.spanId);
    expect(job?.links.map((link) => link.context.spanId)).toEqual([request.spanId]);
    expect(job?.attributes).toMatchObject({
      "messaging.system": "bullmq",
      "messaging.destination.name": "tiktok-ingestion",
    });
    expect(job?.status.code).toBe(SpanStatusCode.OK);
  });

  it("starts a new root span without links when the job carries no context", async () => {
    await context.with(ROOT_CONTEXT, () => withJobSpan("tiktok-metrics-refresh process", undefined, {}, () => 1));
    const [job] = tracing.exporter.getFinishedSpans();
    expect(job?.parentSpanContext).toBeUndefined();
    expect(job?.links).toEqual([]);
  });

  it("records a failure on the span and rethrows the same error", async () => {
    const failure = new Error("TikTok unavailable");
    const run = withJobSpan("tiktok-token-refresh process", enqueueInsideRequest().carrier, {}, () => {
      throw failure;
    });
    await expect(run).rejects.toBe(failure);
    const job = tracing.exporter.getFinishedSpans().find((span) => span.name === "tiktok-token-refresh process");
    expect(job?.status.code).toBe(SpanStatusCode.ERROR);
    expect(job?.events.map((event) => event.name)).toContain("exception");
  });

  it("returns an empty carrier when no span is active", () => {
    expect(context.with(ROOT_CONTEXT, () => injectTraceContext())).toEqual({});
  });
});
