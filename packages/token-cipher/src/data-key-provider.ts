/** A fresh data key: the plaintext for local AES, the encrypted copy to store beside the ciphertext. */
export interface DataKey {
  plaintext: Buffer;
  encrypted: Buffer;
}

/**
 * What the cipher needs from a key management service: a new 256-bit data key under a master key, and the
 * plaintext of an encrypted data key. KMS in production and integration tests; a local provider in unit tests.
 * Implementations throw `AppError` (`KMS_UNAVAILABLE`, `TOKEN_DECRYPT_FAILED`).
 */
export interface DataKeyProvider {
  generateDataKey(keyId: string, context: Record<string, string>): Promise<DataKey>;
  decryptDataKey(keyId: string, encrypted: Buffer, context: Record<string, string>): Promise<Buffer>;
}

/** The fixed KMS encryption context of every token data key (account binding lives in the AES-GCM AAD). */
export const DATA_KEY_CONTEXT: Readonly<Record<string, string>> = Object.freeze({
  purpose: "tiktok-token",
  app: "trendpot",
});
