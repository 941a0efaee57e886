import { AppError } from "@trendpot/errors";

// The ciphertext blob or the key it names is wrong: retrying cannot help, the stored value is bad.
const DECRYPT_FAILURES = new Set(["InvalidCiphertextException", "IncorrectKeyException"]);
// The key exists but cannot be used right now, or does not exist: an operator must act, so no retry.
const KEY_STATE_FAILURES = new Set([
  "NotFoundException",
  "DisabledException",
  "KMSInvalidStateException",
  "AccessDeniedException",
  "InvalidKeyUsageException",
]);

/** Maps an AWS SDK / network error to the registry; never copies the SDK message (it can echo request data). */
export function toKmsAppError(error: unknown, operation: string): AppError {
  if (error instanceof AppError) return error;
  const name = errorName(error);
  if (DECRYPT_FAILURES.has(name)) {
    return new AppError("TOKEN_DECRYPT_FAILED", { details: { reason: "kms_rejected", kmsError: name }, cause: error });
  }
  const retryable = !KEY_STATE_FAILURES.has(name);
  return new AppError("KMS_UNAVAILABLE", { retryable, details: { operation, kmsError: name }, cause: error });
}

function errorName(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const record = error as { name?: unknown; code?: unknown };
    if (typeof record.name === "string" && record.name !== "Error") return record.name;
    if (typeof record.code === "string") return record.code;
  }
  return "UnknownError";
}
