import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "@trendpot/errors";
import { ALGORITHM, CURRENT_FORMAT_VERSION, type StoredToken } from "./stored-token";

/** Encrypts `data` under a plaintext data key; a fresh random 12-byte IV per message. */
export function seal(input: {
  key: Buffer;
  encryptedKey: Buffer;
  keyId: string;
  aad: Buffer;
  data: Buffer;
}): StoredToken {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", input.key, iv);
  cipher.setAAD(input.aad);
  const ct = Buffer.concat([cipher.update(input.data), cipher.final()]);
  return {
    v: CURRENT_FORMAT_VERSION,
    alg: ALGORITHM,
    kid: input.keyId,
    edk: input.encryptedKey.toString("base64"),
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    ct: ct.toString("base64"),
  };
}

/** Decrypts and authenticates; any tampering is `TOKEN_DECRYPT_FAILED` and no partial plaintext escapes. */
export function open(input: { key: Buffer; token: StoredToken; aad: Buffer }): string {
  let plaintext: Buffer | undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", input.key, Buffer.from(input.token.iv, "base64"), {
      authTagLength: 16,
    });
    decipher.setAAD(input.aad);
    decipher.setAuthTag(Buffer.from(input.token.tag, "base64"));
    // final() authenticates; until it returns, nothing decrypted is handed out.
    plaintext = Buffer.concat([decipher.update(Buffer.from(input.token.ct, "base64")), decipher.final()]);
    return plaintext.toString("utf8");
  } catch (error) {
    throw new AppError("TOKEN_DECRYPT_FAILED", { details: { reason: "authentication_failed" }, cause: error });
  } finally {
    plaintext?.fill(0);
  }
}
