import { AppError } from "@trendpot/errors";
import { z } from "zod";

/** The format version written today: AES-256-GCM, 12-byte IV, 16-byte tag, AAD layout v1 (see `aadFor`). */
export const CURRENT_FORMAT_VERSION = 1;
export const ALGORITHM = "AES-256-GCM";

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function base64Bytes(exact?: number) {
  return z
    .string()
    .min(1)
    .max(8192)
    .regex(BASE64)
    .refine((value) => {
      const length = Buffer.from(value, "base64").length;
      return exact === undefined ? length > 0 : length === exact;
    }, "unexpected byte length");
}

/**
 * A token as stored: self-describing so algorithms and keys can rotate. `kid` is the configured KMS key id (ARN or
 * alias) the data key was generated under; `edk` is the KMS-encrypted data key; `iv`, `tag` and `ct` are the
 * AES-256-GCM nonce, tag and ciphertext. All binary fields are standard base64.
 */
export const StoredTokenSchema = z
  .object({
    v: z.literal(CURRENT_FORMAT_VERSION),
    alg: z.literal(ALGORITHM),
    kid: z.string().min(1).max(2048),
    edk: base64Bytes(),
    iv: base64Bytes(12),
    tag: base64Bytes(16),
    ct: base64Bytes(),
  })
  .strict();
export type StoredToken = z.infer<typeof StoredTokenSchema>;

/** Which token a ciphertext holds; part of the authenticated data, so one cannot be read as the other. */
export type TokenKind = "access" | "refresh";

/** Validates a stored value; anything malformed is a typed `TOKEN_DECRYPT_FAILED` (never echoes the value). */
export function parseStoredToken(value: unknown): StoredToken {
  const parsed = StoredTokenSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError("TOKEN_DECRYPT_FAILED", {
      details: { reason: "malformed", fields: parsed.error.issues.map((issue) => issue.path.join(".")) },
    });
  }
  return parsed.data;
}

/**
 * The AES-GCM additional authenticated data. Data keys are cached and shared across accounts, so the binding of a
 * ciphertext to its account and token kind lives here rather than in the KMS encryption context.
 */
export function aadFor(input: { version: number; keyId: string; accountId: string; kind: TokenKind }): Buffer {
  return Buffer.from(
    JSON.stringify(["trendpot-token", input.version, input.keyId, input.accountId, input.kind]),
    "utf8",
  );
}
