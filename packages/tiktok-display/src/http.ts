import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { z } from "zod";
import type { TikTokEndpoint } from "./endpoints";
import { normalizeTikTokCode, TikTokApiError, type TikTokApiErrorInit } from "./errors";
import { redactText } from "./redact";
import { parseRetryAfterMs } from "./retry-after";
import { ErrorBodySchema } from "./schemas";
import type { FetchLike, HttpAnswer, HttpRequestInit } from "./transport";

/** Runs around every HTTP call (e.g. the global budget). `perform` rejects with {@link TikTokApiError} on failure. */
export type WrapRequest = <T>(info: { endpoint: TikTokEndpoint }, perform: () => Promise<T>) => Promise<T>;

/** What one HTTP call did; `outcome` is `"ok"` or the failure's `tiktokCode`. */
export interface TikTokResponseInfo {
  endpoint: TikTokEndpoint;
  httpStatus?: number;
  durationMs: number;
  outcome: "ok" | (string & {});
  /** TikTok's id of the call (`x-tt-logid`, or the error's `log_id`), what TikTok support asks for. */
  logId?: string;
}

/** Called once per HTTP call, after it settles. Exceptions it throws are ignored. */
export type OnResponse = (info: TikTokResponseInfo) => void;

/** What every request needs from the client. */
export interface HttpContext {
  fetch: FetchLike;
  timeoutMs: number;
  now: () => Date;
  wrapRequest?: WrapRequest | undefined;
  onResponse?: OnResponse | undefined;
  /** Secrets of the client itself, redacted from anything TikTok echoes back. */
  secrets: readonly string[];
}

/** One call to TikTok and how to validate its successful body. */
export interface TikTokRequest<T> {
  endpoint: TikTokEndpoint;
  method: "GET" | "POST";
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Values sent with this call (tokens, codes, verifiers) that must never come back out in an error. */
  secrets: readonly string[];
  schema: z.ZodType<T>;
}

interface RawResponse {
  status: number;
  headers: HttpAnswer["headers"];
  text: string;
}

/** Sends a request through the hooks and returns its validated body, or throws a {@link TikTokApiError}. */
export function sendTikTokRequest<T>(ctx: HttpContext, request: TikTokRequest<T>): Promise<T> {
  const perform = () => performOnce(ctx, request);
  return withTikTokSpan(request, () =>
    ctx.wrapRequest ? ctx.wrapRequest({ endpoint: request.endpoint }, perform) : perform(),
  );
}

const tracer = trace.getTracer("@trendpot/tiktok-display");

// One client span per call, around the budget wait too, so a trace shows where a job spent its time. Attributes
// are the endpoint and TikTok's answer only: URLs and bodies may carry tokens, codes or video ids.
function withTikTokSpan<T>(request: TikTokRequest<unknown>, call: () => Promise<T>): Promise<T> {
  const attributes = { "tiktok.endpoint": request.endpoint, "http.request.method": request.method };
  const options = { kind: SpanKind.CLIENT, attributes };
  return tracer.startActiveSpan(`tiktok ${request.endpoint}`, options, async (span) => {
    try {
      const result = await call();
      span.setStatus({ code: SpanStatusCode.OK });
      return result;
    } catch (error) {
      if (error instanceof TikTokApiError) {
        span.setAttribute("tiktok.error_code", error.tiktokCode);
        if (error.httpStatus !== undefined) span.setAttribute("http.response.status_code", error.httpStatus);
        if (error.logId) span.setAttribute("tiktok.log_id", error.logId);
      }
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
      throw error;
    } finally {
      span.end();
    }
  });
}

async function performOnce<T>(ctx: HttpContext, request: TikTokRequest<T>): Promise<T> {
  const started = performance.now();
  try {
    const raw = await exchange(ctx, request);
    const value = interpret(ctx, request, raw);
    const logId = raw.headers.get("x-tt-logid") ?? undefined;
    report(ctx, {
      endpoint: request.endpoint,
      httpStatus: raw.status,
      durationMs: elapsed(started),
      outcome: "ok",
      ...(logId ? { logId } : {}),
    });
    return value;
  } catch (error) {
    const apiError =
      error instanceof TikTokApiError
        ? error
        : new TikTokApiError({ endpoint: request.endpoint, tiktokCode: "malformed_response", extra: describe(error) });
    const info: TikTokResponseInfo = {
      endpoint: request.endpoint,
      durationMs: elapsed(started),
      outcome: apiError.tiktokCode,
      ...(apiError.httpStatus === undefined ? {} : { httpStatus: apiError.httpStatus }),
      ...(apiError.logId ? { logId: apiError.logId } : {}),
    };
    report(ctx, info);
    throw apiError;
  }
}

async function exchange(ctx: HttpContext, request: TikTokRequest<unknown>): Promise<RawResponse> {
  const signal = AbortSignal.timeout(ctx.timeoutMs);
  try {
    const init: HttpRequestInit = { method: request.method, headers: request.headers, signal };
    if (request.body !== undefined) init.body = request.body;
    const response = await untilAborted(ctx.fetch(request.url, init), signal);
    const text = await untilAborted(response.text(), signal);
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    const timedOut = signal.aborted;
    throw new TikTokApiError({
      endpoint: request.endpoint,
      tiktokCode: timedOut ? "timeout" : "network_error",
      extra: timedOut ? { timeoutMs: ctx.timeoutMs } : describe(error, [...ctx.secrets, ...request.secrets]),
    });
  }
}

// An injected fetch may ignore the signal; the deadline must hold anyway.
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function interpret<T>(ctx: HttpContext, request: TikTokRequest<T>, raw: RawResponse): T {
  const secrets = [...ctx.secrets, ...request.secrets];
  const base: TikTokApiErrorInit = {
    endpoint: request.endpoint,
    tiktokCode: "http_error",
    httpStatus: raw.status,
    logId: raw.headers.get("x-tt-logid") ?? undefined,
    retryAfterMs: parseRetryAfterMs(raw.headers, ctx.now()),
  };
  const parsed = parseJson(raw.text);
  const tiktokError = parsed.ok ? extractTikTokError(parsed.value) : undefined;
  if (tiktokError) {
    throw new TikTokApiError({
      ...base,
      tiktokCode: normalizeTikTokCode(tiktokError.code),
      logId: tiktokError.logId ?? base.logId,
      tiktokMessage: tiktokError.message ? redactText(tiktokError.message, secrets) : undefined,
    });
  }
  if (raw.status < 200 || raw.status >= 300) {
    throw new TikTokApiError({ ...base, tiktokCode: raw.status === 429 ? "rate_limit_exceeded" : "http_error" });
  }
  if (!parsed.ok) {
    throw new TikTokApiError({ ...base, tiktokCode: "malformed_response", extra: { reason: "body is not JSON" } });
  }
  const result = request.schema.safeParse(parsed.value);
  if (!result.success) {
    const invalidFields = result.error.issues.slice(0, 10).map((issue) => issue.path.join(".") || "(body)");
    throw new TikTokApiError({ ...base, tiktokCode: "malformed_response", extra: { invalidFields } });
  }
  return result.data;
}

type JsonResult = { ok: true; value: unknown } | { ok: false };

function parseJson(text: string): JsonResult {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

interface ExtractedError {
  code: string;
  message: string | undefined;
  logId: string | undefined;
}

/** Reads TikTok's error out of either shape: OAuth's flat `{error, error_description}` or the Display envelope. */
export function extractTikTokError(body: unknown): ExtractedError | undefined {
  const parsed = ErrorBodySchema.safeParse(body);
  if (!parsed.success || parsed.data.error === undefined) return undefined;
  const { error } = parsed.data;
  if (typeof error === "string") {
    if (error === "") return undefined;
    return { code: error, message: parsed.data.error_description ?? undefined, logId: parsed.data.log_id ?? undefined };
  }
  if (error.code === "ok" || error.code === "") return undefined;
  return { code: error.code, message: error.message ?? undefined, logId: error.log_id ?? undefined };
}

function describe(error: unknown, secrets: readonly string[] = []): Record<string, unknown> {
  if (!(error instanceof Error)) return { causeType: typeof error };
  // `fetch` wraps a socket error as its cause; undici's `request` throws it as it is.
  const coded = error.cause instanceof Error ? error.cause : error;
  const causeCode = "code" in coded && typeof coded.code === "string" ? coded.code : undefined;
  return {
    causeName: error.name,
    causeMessage: redactText(error.message, secrets),
    ...(causeCode === undefined ? {} : { causeCode }),
  };
}

function report(ctx: HttpContext, info: TikTokResponseInfo): void {
  try {
    ctx.onResponse?.(info);
  } catch {
    // Telemetry must never change the outcome of a call.
  }
}

function elapsed(started: number): number {
  return Math.max(0, performance.now() - started);
}
