import { trace } from "@opentelemetry/api";

/**
 * Names the active server span after the route that matched (`GET /v1/accounts/:accountId`) and sets
 * `http.route`, as the HTTP semantic conventions ask. The http instrumentation names a server span by its method
 * alone, which puts every request into one bucket; the route template, never the raw URL, keeps ids out of names.
 * Does nothing when no span is active (no SDK, or a request injected in-process).
 */
export function nameActiveSpanByRoute(method: string, route: string): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.updateName(`${method} ${route}`);
  span.setAttribute("http.route", route);
}
