import { z } from "zod";
import type { components } from "./schema";

type ErrorResponses = components["responses"];
/** Every stable error code the API documents (from the spec's error responses). */
export type ApiErrorCode = {
  [K in keyof ErrorResponses]: ErrorResponses[K] extends {
    content: { "application/json": { error: { code: infer C } } };
  }
    ? C
    : never;
}[keyof ErrorResponses];

/** The error envelope, checked before it is trusted: a proxy's HTML 502 must not pass for an API error. */
const EnvelopeSchema = z.object({
  error: z.object({
    code: z.string().min(1),
    message: z.string(),
    requestId: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** The API answered with its error envelope `{ error: { code, message, requestId, details? } }`. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly requestId: string;
  readonly details: Record<string, unknown> | undefined;
  /** From `retry-after` (429, 503), in seconds. */
  readonly retryAfterSec: number | undefined;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    message: string;
    requestId: string;
    details?: Record<string, unknown> | undefined;
    retryAfterSec?: number | undefined;
  }) {
    super(`${init.code} (${init.status}): ${init.message} [requestId ${init.requestId}]`);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.details = init.details;
    this.retryAfterSec = init.retryAfterSec;
  }
}

/** No usable answer: the deadline passed, the connection failed, or the answer was not what the API sends. */
export class ApiClientError extends Error {
  override readonly name = "ApiClientError";
  readonly kind: "timeout" | "network" | "unexpected_response";
  readonly status: number | undefined;

  constructor(kind: ApiClientError["kind"], message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.status = options.status;
  }
}

/** Turns a non-2xx answer into an {@link ApiError}, or an {@link ApiClientError} when it is not the envelope. */
export async function errorFromResponse(response: Response, operation: string): Promise<Error> {
  const text = await response.text();
  let parsed: z.infer<typeof EnvelopeSchema> | undefined;
  try {
    const result = EnvelopeSchema.safeParse(JSON.parse(text));
    parsed = result.success ? result.data : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed) {
    return new ApiClientError(
      "unexpected_response",
      `${operation}: HTTP ${response.status} without an error envelope`,
      {
        status: response.status,
      },
    );
  }
  const retryAfter = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
  return new ApiError({
    status: response.status,
    // A code added to the API after this client was generated still arrives as its string.
    code: parsed.error.code as ApiErrorCode,
    message: parsed.error.message,
    requestId: parsed.error.requestId,
    details: parsed.error.details,
    retryAfterSec: Number.isFinite(retryAfter) ? retryAfter : undefined,
  });
}
