import { createHash, randomBytes } from "node:crypto";
import { AppError } from "@trendpot/errors";

/** A PKCE verifier and TikTok's hex-encoded S256 challenge for it. */
export interface PkcePair {
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: "S256";
}

// RFC 7636 unreserved characters: the only ones allowed in a code verifier.
const VERIFIER_CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;
const DEFAULT_VERIFIER_LENGTH = 64;

/** A fresh code verifier of `length` (43–128) characters drawn uniformly from the RFC 7636 charset. */
export function createCodeVerifier(length = DEFAULT_VERIFIER_LENGTH): string {
  if (!Number.isInteger(length) || length < 43 || length > 128) {
    throw new AppError("VALIDATION_FAILED", { message: "A PKCE code verifier must be 43 to 128 characters long." });
  }
  // Rejection sampling keeps the distribution uniform: 66 symbols do not divide 256.
  const limit = 256 - (256 % VERIFIER_CHARSET.length);
  let verifier = "";
  while (verifier.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && verifier.length < length) verifier += VERIFIER_CHARSET[byte % VERIFIER_CHARSET.length];
    }
  }
  return verifier;
}

/**
 * TikTok's S256 challenge: the lowercase **hex** SHA-256 of the verifier (not RFC 7636's base64url, which TikTok's
 * token endpoint rejects as "Code verifier or code challenge is invalid").
 */
export function computeCodeChallenge(codeVerifier: string): string {
  if (!VERIFIER_PATTERN.test(codeVerifier)) {
    throw new AppError("VALIDATION_FAILED", {
      message: "A PKCE code verifier must be 43 to 128 characters of [A-Za-z0-9-._~].",
    });
  }
  return createHash("sha256").update(codeVerifier, "ascii").digest("hex");
}

/** A new verifier (64 random characters) with its hex S256 challenge. */
export function createPkcePair(): PkcePair {
  const codeVerifier = createCodeVerifier();
  return { codeVerifier, codeChallenge: computeCodeChallenge(codeVerifier), codeChallengeMethod: "S256" };
}
