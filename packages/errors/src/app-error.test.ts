import { describe, expect, it } from "vitest";
import { AppError, ERROR_CODES, type ErrorCode, isAppError } from "./index";

describe("AppError", () => {
  it.each(Object.entries(ERROR_CODES))("%s carries its registry status and retryable flag", (code, entry) => {
    const error = new AppError(code as ErrorCode);
    expect(error.status).toBe(entry.status);
    expect(error.retryable).toBe(entry.retryable);
    expect(error.message).toBe(entry.message);
    expect(error.status).toBeGreaterThanOrEqual(400);
  });

  it("keeps the cause and lets the caller override retryable", () => {
    const cause = new Error("socket hang up");
    const error = new AppError("TIKTOK_UNAVAILABLE", { cause, retryable: false, details: { endpoint: "video.list" } });
    expect(error.cause).toBe(cause);
    expect(error.retryable).toBe(false);
    expect(error.toJSON()).toEqual({
      code: "TIKTOK_UNAVAILABLE",
      message: ERROR_CODES.TIKTOK_UNAVAILABLE.message,
      retryable: false,
      details: { endpoint: "video.list" },
    });
  });

  it("isAppError narrows by code", () => {
    const error = new AppError("NOT_FOUND");
    expect(isAppError(error)).toBe(true);
    expect(isAppError(error, "NOT_FOUND")).toBe(true);
    expect(isAppError(error, "CONFLICT")).toBe(false);
    expect(isAppError(new Error("x"))).toBe(false);
  });
});
