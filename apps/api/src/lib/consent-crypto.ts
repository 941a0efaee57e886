import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** SHA-256 hex: how states and CSRF nonces are stored, so a database reader cannot replay them. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** A random URL-safe token of `bytes` bytes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * Seals a PKCE verifier with AES-256-GCM under a key derived from the consent key, bound (AAD) to the state's
 * hash: a sealed verifier copied onto another state does not open. Format: base64url(iv|tag|ciphertext).
 */
export function sealVerifier(key: Buffer, stateHash: string, verifier: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", subKey(key, "verifier"), iv);
  cipher.setAAD(Buffer.from(stateHash, "utf8"));
  const ct = Buffer.concat([cipher.update(verifier, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64url");
}

/** Opens {@link sealVerifier}'s output; throws when it was altered or belongs to another state. */
export function openVerifier(key: Buffer, stateHash: string, sealed: string): string {
  const raw = Buffer.from(sealed, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", subKey(key, "verifier"), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(stateHash, "utf8"));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

/**
 * The hand-off form's CSRF token: an HMAC over the connect session id, a per-browser nonce (also set as an
 * HttpOnly cookie: double submit) and an expiry. A token only works for its session, in the browser that loaded
 * the page, until it expires.
 */
export function signCsrf(key: Buffer, sessionId: string, nonce: string, expiresAtMs: number): string {
  return `${expiresAtMs}.${mac(key, `${sessionId}|${nonce}|${expiresAtMs}`)}`;
}

/** Checks a CSRF token against the session, the cookie's nonce and the clock, in constant time. */
export function verifyCsrf(key: Buffer, token: string, sessionId: string, nonce: string, nowMs: number): boolean {
  const [expires, signature] = token.split(".", 2);
  const expiresAtMs = Number(expires);
  if (!signature || !Number.isInteger(expiresAtMs) || expiresAtMs < nowMs) return false;
  const expected = Buffer.from(mac(key, `${sessionId}|${nonce}|${expiresAtMs}`));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function mac(key: Buffer, message: string): string {
  return createHmac("sha256", subKey(key, "csrf")).update(message, "utf8").digest("base64url");
}

function subKey(key: Buffer, label: string): Buffer {
  return createHmac("sha256", key).update(label, "utf8").digest();
}
