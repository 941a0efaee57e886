import { AppError } from "@trendpot/errors";
import type { CipherLogger } from "./cipher";
import type { DataKey, DataKeyProvider } from "./data-key-provider";

/** Wraps a provider, counting calls and keeping every plaintext key it handed out (to check zeroing). */
export function spyProvider(inner: DataKeyProvider): DataKeyProvider & { handedOut: Buffer[]; calls: string[] } {
  const handedOut: Buffer[] = [];
  const calls: string[] = [];
  return {
    handedOut,
    calls,
    async generateDataKey(keyId, context): Promise<DataKey> {
      calls.push(`generate:${keyId}`);
      const key = await inner.generateDataKey(keyId, context);
      handedOut.push(key.plaintext);
      return key;
    },
    async decryptDataKey(keyId, encrypted, context): Promise<Buffer> {
      calls.push(`decrypt:${keyId}`);
      const key = await inner.decryptDataKey(keyId, encrypted, context);
      handedOut.push(key);
      return key;
    },
  };
}

/** A provider that is down, as KMS is when unreachable. */
export const unreachableProvider: DataKeyProvider = {
  generateDataKey: async () => {
    throw new AppError("KMS_UNAVAILABLE", { details: { kmsError: "ECONNREFUSED" } });
  },
  decryptDataKey: async () => {
    throw new AppError("KMS_UNAVAILABLE", { details: { kmsError: "ECONNREFUSED" } });
  },
};

export interface CapturedLog {
  level: "info" | "warn";
  fields: Record<string, unknown>;
  message: string;
}

export function captureLogger(): CipherLogger & { lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  return {
    lines,
    info: (fields, message) => lines.push({ level: "info", fields, message }),
    warn: (fields, message) => lines.push({ level: "warn", fields, message }),
  };
}

/** Runs `run`, expecting an AppError; returns it for further assertions. */
export async function expectAppError(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError, but the call succeeded");
}
