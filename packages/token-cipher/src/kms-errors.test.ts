import { describe, expect, it } from "vitest";
import { toKmsAppError } from "./kms-errors";

describe("toKmsAppError", () => {
  it.each([
    ["InvalidCiphertextException", "TOKEN_DECRYPT_FAILED", false],
    ["IncorrectKeyException", "TOKEN_DECRYPT_FAILED", false],
    ["ThrottlingException", "KMS_UNAVAILABLE", true],
    ["KMSInternalException", "KMS_UNAVAILABLE", true],
    ["NotFoundException", "KMS_UNAVAILABLE", false],
    ["DisabledException", "KMS_UNAVAILABLE", false],
  ] as const)("maps %s to %s (retryable %s)", (name, code, retryable) => {
    const error = toKmsAppError(Object.assign(new Error("sdk says things"), { name }), "Decrypt");
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.message).not.toContain("sdk says things");
  });

  it("maps a network error to a retryable KMS_UNAVAILABLE", () => {
    const error = toKmsAppError(
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      "GenerateDataKey",
    );
    expect(error).toMatchObject({ code: "KMS_UNAVAILABLE", retryable: true, details: { kmsError: "ECONNREFUSED" } });
  });
});
