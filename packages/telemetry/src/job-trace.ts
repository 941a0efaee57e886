import {
  type Attributes,
  context,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";

/** W3C trace context headers (`traceparent`, `tracestate`, `baggage`) carried in a job's data. */
export type TraceCarrier = Record<string, string>;

const TRACER_NAME = "@trendpot/telemetry";

/**
 * Serializes the active trace context so the enqueuing request can be found from the job. Put the result in the
 * job's data; it is empty when no SDK is running or no span is active.
 */
export function injectTraceContext(): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/**
 * Runs `fn` inside a consumer span for one job. The span is a child of the context in `carrier` (so the request
 * and its job share one trace) and also links to it, which keeps the relation visible where a backend splits
 * long-delayed work into its own trace. The span records a thrown error and the error is rethrown unchanged.
 */
export function withJobSpan<T>(
  name: string,
  carrier: Readonly<TraceCarrier> | undefined,
  attributes: Attributes,
  fn: (span: Span) => Promise<T> | T,
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, { ...carrier });
  const enqueuedBy = trace.getSpanContext(parent);
  const links: Link[] = enqueuedBy && trace.isSpanContextValid(enqueuedBy) ? [{ context: enqueuedBy }] : [];
  const options = {
    kind: SpanKind.CONSUMER,
    attributes: { "messaging.system": "bullmq", "messaging.operation.type": "process", ...attributes },
    links,
  };
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, options, parent, async (span) => {
    try {
      const result = await fn(span);
      span.setStatus({ code: SpanStatusCode.OK });
      return result;
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
      throw error;
    } finally {
      span.end();
    }
  });
}
