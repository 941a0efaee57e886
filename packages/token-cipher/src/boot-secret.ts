import { DecryptCommand, type KMSClient } from "@aws-sdk/client-kms";
import { AppError } from "@trendpot/errors";
import { toKmsAppError } from "./kms-errors";

/**
 * Decrypts a KMS-encrypted boot secret (config `TIKTOK_CLIENT_SECRET_ENCRYPTED`: base64 of a KMS ciphertext blob,
 * no encryption context). Called once at boot; the result must only be passed to the TikTok client.
 */
export async function decryptBootSecret(kms: KMSClient, base64Ciphertext: string): Promise<string> {
  const blob = Buffer.from(base64Ciphertext.trim(), "base64");
  if (blob.length === 0) {
    throw new AppError("TOKEN_DECRYPT_FAILED", { details: { reason: "malformed", what: "boot_secret" } });
  }
  let plaintext: Uint8Array | undefined;
  try {
    plaintext = (await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext;
  } catch (error) {
    throw toKmsAppError(error, "Decrypt");
  }
  if (!plaintext || plaintext.length === 0) {
    throw new AppError("TOKEN_DECRYPT_FAILED", { details: { reason: "empty", what: "boot_secret" } });
  }
  const secret = Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).toString("utf8");
  plaintext.fill(0);
  return secret;
}
