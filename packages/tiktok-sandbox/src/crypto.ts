import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** TikTok's PKCE challenge: lowercase hex SHA-256 of the verifier (not RFC 7636's base64url), as TikTok's authorize endpoint checks it. */
export function hexPkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("hex");
}

/** The `TikTok-Signature` header value: `t=<unix>,s=<hex HMAC-SHA256(secret, t + "." + rawBody)>`. */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
  return `t=${timestamp},s=${signature}`;
}

/**
 * Checks a `TikTok-Signature` header against the raw body (constant-time), and that `t` is within
 * `toleranceSec` of `nowSec` when both are given. For test receivers.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  rawBody: string,
  options: { nowSec?: number; toleranceSec?: number } = {},
): boolean {
  const parts = new Map(header.split(",").map((part) => part.split("=", 2).map((s) => s.trim()) as [string, string]));
  const t = Number(parts.get("t"));
  const s = parts.get("s") ?? "";
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(s)) return false;
  const expected = Buffer.from(signWebhook(secret, t, rawBody).slice(`t=${t},s=`.length), "hex");
  if (!timingSafeEqual(expected, Buffer.from(s, "hex"))) return false;
  if (options.nowSec !== undefined && options.toleranceSec !== undefined) {
    return Math.abs(options.nowSec - t) <= options.toleranceSec;
  }
  return true;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Random alphanumeric string (rejection sampling, no modulo bias). */
export function randomAlnum(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < 248 && out.length < length) out += ALNUM[byte % 62];
    }
  }
  return out;
}

/** A TikTok-looking `log_id`: UTC yyyyMMddHHmmss then 20 uppercase hex digits. */
export function newLogId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return stamp + randomBytes(10).toString("hex").toUpperCase();
}
