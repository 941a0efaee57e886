import { ERROR_CODES, type ErrorCode } from "@trendpot/errors";

/** Names of the shared error responses in `components.responses`, by HTTP status. */
export const ERROR_RESPONSE_NAMES: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthenticated",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  413: "PayloadTooLarge",
  414: "UriTooLong",
  415: "UnsupportedMediaType",
  429: "RateLimited",
  500: "InternalError",
  502: "BadGateway",
  503: "ServiceUnavailable",
};

/** The codes the registry answers with a given status: a client can switch on `error.code` exhaustively. */
export function codesForStatus(status: number): ErrorCode[] {
  return (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => ERROR_CODES[code].status === status);
}

/** The error envelope `{ error: { code, message, requestId, details? } }`, its `code` narrowed to the status. */
function envelopeSchema(codes: readonly ErrorCode[]): Record<string, unknown> {
  return {
    type: "object",
    required: ["error"],
    additionalProperties: false,
    properties: {
      error: {
        type: "object",
        required: ["code", "message", "requestId"],
        additionalProperties: false,
        properties: {
          code: { type: "string", enum: [...codes], description: "Stable error code (never renamed)." },
          message: { type: "string", description: "Human-readable; may change, do not parse." },
          requestId: { type: "string", description: "Also in the `x-request-id` header; quote it to support." },
          details: {
            type: "object",
            additionalProperties: {},
            description: "Structured context for 4xx answers (e.g. validation issues); never on 5xx.",
          },
        },
      },
    },
  };
}

/** One shared error response per status, with the codes it carries, a schema and an example. */
export function errorResponseComponent(status: number): Record<string, unknown> {
  const codes = codesForStatus(status);
  const first = codes[0] ?? "INTERNAL";
  const headers =
    status === 429 || status === 503
      ? {
          "retry-after": {
            description: "Seconds to wait before retrying, when known.",
            schema: { type: "integer", minimum: 0 },
          },
        }
      : undefined;
  return {
    description: `Error envelope. Codes: ${codes.map((code) => `\`${code}\``).join(", ")}.`,
    ...(headers ? { headers } : {}),
    content: {
      "application/json": {
        schema: envelopeSchema(codes),
        example: {
          error: { code: first, message: ERROR_CODES[first].message, requestId: "req_01J9Z8Q4T6X2C3V5B7N9M1K0" },
        },
      },
    },
  };
}
