import { AppError, ERROR_CODES, type ErrorCode } from "@trendpot/errors";
import Fastify from "fastify";
import { MongoNetworkError, MongoServerError } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleFrameworkError, registerErrorHandling } from "./error-handler";
import { generateRequestId } from "./request-id";

const app = Fastify({ logger: false, genReqId: generateRequestId, frameworkErrors: handleFrameworkError });

beforeAll(async () => {
  registerErrorHandling(app);
  app.get<{ Params: { code: string } }>("/throw/:code", async (request) => {
    throw new AppError(request.params.code as ErrorCode);
  });
  app.get("/mongo/network", async () => {
    throw new MongoNetworkError("connection 1 to 127.0.0.1:27017 closed");
  });
  app.get("/mongo/not-primary", async () => {
    throw new MongoServerError({ message: "not primary", code: 10107, codeName: "NotWritablePrimary" });
  });
  app.get("/crash", async () => {
    throw new Error("connection string mongodb://admin:hunter2@db failed at line 42");
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

const EXPECTED_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  CONNECT_SESSION_INVALID: 400,
  RETURN_URL_NOT_ALLOWED: 400,
  OAUTH_STATE_INVALID: 400,
  OAUTH_DENIED: 400,
  CSRF_INVALID: 403,
  WEBHOOK_SIGNATURE_INVALID: 401,
  ACCOUNT_NOT_ACTIVE: 409,
  ACCOUNT_NEEDS_REAUTH: 409,
  ACCOUNT_LINKED_ELSEWHERE: 409,
  TOKEN_REFRESH_BUSY: 503,
  E_TIKTOK_KEY_MISMATCH: 500,
  TOKEN_DECRYPT_FAILED: 500,
  KMS_UNAVAILABLE: 503,
  TIKTOK_RATE_LIMITED: 503,
  TIKTOK_UNAVAILABLE: 502,
  TIKTOK_REQUEST_REJECTED: 502,
  TIKTOK_BAD_RESPONSE: 502,
  TIKTOK_AUTH_FAILED: 502,
  BUDGET_EXHAUSTED: 503,
  DEPENDENCY_UNAVAILABLE: 503,
  DB_DOCUMENT_INVALID: 500,
  INTERNAL: 500,
};

describe("error envelope", () => {
  it("has an expected status for every registered code (a new code must be added here)", () => {
    expect(Object.keys(EXPECTED_STATUS).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it.each(Object.entries(EXPECTED_STATUS))("%s → HTTP %i in the one envelope", async (code, status) => {
    const response = await app.inject({
      method: "GET",
      url: `/throw/${code}`,
      headers: { "x-request-id": "req-test-12345" },
    });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({
      error: { code, message: ERROR_CODES[code as ErrorCode].message, requestId: "req-test-12345" },
    });
  });

  it("turns unknown errors into a generic 500 without internals", async () => {
    const response = await app.inject({ method: "GET", url: "/crash" });
    expect(response.statusCode).toBe(500);
    expect(response.json().error).toMatchObject({ code: "INTERNAL", message: "Internal error." });
    expect(response.body).not.toContain("hunter2");
    expect(response.body).not.toContain("stack");
  });

  it.each(["/mongo/network", "/mongo/not-primary"])(
    "answers 503 with Retry-After when MongoDB has no primary to serve %s",
    async (url) => {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode).toBe(503);
      expect(response.headers["retry-after"]).toBe("5");
      expect(response.json().error.code).toBe("DEPENDENCY_UNAVAILABLE");
    },
  );

  it("answers unknown routes with ROUTE_NOT_FOUND", async () => {
    const response = await app.inject({ method: "GET", url: "/nope" });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe("ROUTE_NOT_FOUND");
  });

  // Regression: an over-long path segment got Fastify's own 414 body, not our envelope.
  it("gives errors raised before routing the same envelope", async () => {
    const long = await app.inject({ method: "GET", url: `/throw/${"x".repeat(300)}` });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toEqual({
      error: { code: "URI_TOO_LONG", message: ERROR_CODES.URI_TOO_LONG.message, requestId: expect.any(String) },
    });
    const malformed = await app.inject({ method: "GET", url: "/throw/%E0%A4%A" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe("VALIDATION_FAILED");
  });
});
