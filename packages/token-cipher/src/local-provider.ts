import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "@trendpot/errors";
import type { DataKey, DataKeyProvider } from "./data-key-provider";

/**
 * A KMS-free provider for unit tests: each key id maps to a 32-byte master key held in memory,
 * and data keys are wrapped with AES-256-GCM under it (the context is authenticated, as KMS does).
 * Not for production: the master keys live in process memory.
 */
export function createLocalDataKeyProvider(masterKeys: Record<string, Buffer>): DataKeyProvider {
  const masterFor = (keyId: string): Buffer => {
    const key = masterKeys[keyId];
    if (!key) throw new AppError("KMS_UNAVAILABLE", { retryable: false, details: { kmsError: "NotFoundException" } });
    return key;
  };
  return {
    async generateDataKey(keyId, context): Promise<DataKey> {
      const master = masterFor(keyId);
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", master, iv);
      cipher.setAAD(contextBytes(keyId, context));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { plaintext, encrypted: Buffer.concat([iv, cipher.getAuthTag(), body]) };
    },
    async decryptDataKey(keyId, encrypted, context): Promise<Buffer> {
      const master = masterFor(keyId);
      try {
        const decipher = createDecipheriv("aes-256-gcm", master, encrypted.subarray(0, 12));
        decipher.setAAD(contextBytes(keyId, context));
        decipher.setAuthTag(encrypted.subarray(12, 28));
        return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]);
      } catch (error) {
        throw new AppError("TOKEN_DECRYPT_FAILED", { details: { reason: "kms_rejected" }, cause: error });
      }
    },
  };
}

function contextBytes(keyId: string, context: Record<string, string>): Buffer {
  const sorted = Object.keys(context)
    .sort()
    .map((name) => [name, context[name]]);
  return Buffer.from(JSON.stringify([keyId, sorted]), "utf8");
}
