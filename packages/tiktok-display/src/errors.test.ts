import { AppError } from "@trendpot/errors";
import { describe, expect, it } from "vitest";
import { appCodeFor, isTikTokApiError, normalizeTikTokCode, TikTokApiError } from "./errors";

describe("appCodeFor", () => {
  it.each([
    ["rate_limit_exceeded", 429, "TIKTOK_RATE_LIMITED", true],
    ["rate_limit_exceeded", 200, "TIKTOK_RATE_LIMITED", true],
    ["internal_error", 500, "TIKTOK_UNAVAILABLE", true],
    ["network_error", undefined, "TIKTOK_UNAVAILABLE", true],
    ["timeout", undefined, "TIKTOK_UNAVAILABLE", true],
    ["http_error", 503, "TIKTOK_UNAVAILABLE", true],
    ["malformed_response", 200, "TIKTOK_BAD_RESPONSE", true],
    ["access_token_invalid", 401, "TIKTOK_AUTH_FAILED", false],
    ["invalid_grant", 400, "TIKTOK_AUTH_FAILED", false],
    ["invalid_client", 401, "TIKTOK_AUTH_FAILED", false],
    ["scope_not_authorized", 401, "TIKTOK_AUTH_FAILED", false],
    ["scope_permission_missed", 400, "TIKTOK_REQUEST_REJECTED", false],
    ["invalid_params", 400, "TIKTOK_REQUEST_REJECTED", false],
    ["invalid_request", 400, "TIKTOK_REQUEST_REJECTED", false],
    ["http_error", 404, "TIKTOK_REQUEST_REJECTED", false],
    ["something_new", 502, "TIKTOK_UNAVAILABLE", true],
    ["something_new", 400, "TIKTOK_REQUEST_REJECTED", false],
  ] as const)("maps %s (HTTP %s) to %s", (tiktokCode, httpStatus, appCode, retryable) => {
    expect(appCodeFor(tiktokCode, httpStatus)).toBe(appCode);
    const error = new TikTokApiError({ endpoint: "video.list", tiktokCode, httpStatus });
    expect(error.code).toBe(appCode);
    expect(error.retryable).toBe(retryable);
  });

  it("normalizes both spellings of invalid params", () => {
    expect(normalizeTikTokCode("invalid_param")).toBe("invalid_params");
    expect(normalizeTikTokCode("invalid_params")).toBe("invalid_params");
  });
});

describe("TikTokApiError", () => {
  it("is an AppError carrying TikTok's facts in fields and details", () => {
    const error = new TikTokApiError({
      endpoint: "user.info",
      tiktokCode: "rate_limit_exceeded",
      httpStatus: 429,
      logId: "log_1",
      retryAfterMs: 5000,
    });
    expect(error).toBeInstanceOf(AppError);
    expect(error.name).toBe("TikTokApiError");
    expect(error.message).toBe("TikTok user.info failed: rate_limit_exceeded, HTTP 429.");
    expect(error.toJSON().details).toEqual({
      endpoint: "user.info",
      tiktokCode: "rate_limit_exceeded",
      httpStatus: 429,
      logId: "log_1",
      retryAfterMs: 5000,
    });
  });

  it("isTikTokApiError narrows by TikTok code", () => {
    const error = new TikTokApiError({ endpoint: "oauth.token", tiktokCode: "invalid_grant", httpStatus: 400 });
    expect(isTikTokApiError(error)).toBe(true);
    expect(isTikTokApiError(error, "invalid_grant")).toBe(true);
    expect(isTikTokApiError(error, "timeout")).toBe(false);
    expect(isTikTokApiError(new AppError("TIKTOK_UNAVAILABLE"))).toBe(false);
  });
});
