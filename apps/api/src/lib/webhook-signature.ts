import { createHmac, timingSafeEqual } from "node:crypto";

/** Why a `TikTok-Signature` was refused (for logs and tests; the client only sees one generic 401). */
export type SignatureProblem = "missing" | "malformed" | "mismatch" | "stale";

/**
 * Verifies `TikTok-Signature: t=<unix>,s=<hex>`: HMAC-SHA256 over `${t}.${rawBody}` (the raw bytes, never a
 * re-serialization), compared in constant time, then `t` within `toleranceSec` of now in either direction.
 */
export function verifyTikTokSignature(input: {
  header: string | undefined;
  rawBody: Buffer;
  secret: string;
  nowSec: number;
  toleranceSec: number;
}): { ok: true; timestamp: number } | { ok: false; problem: SignatureProblem } {
  if (!input.header) return { ok: false, problem: "missing" };
  const parts = new Map<string, string>();
  for (const part of input.header.split(",")) {
    const index = part.indexOf("=");
    if (index > 0) parts.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  const t = parts.get("t") ?? "";
  const s = parts.get("s") ?? "";
  if (!/^\d{1,12}$/.test(t) || !/^[0-9a-f]{64}$/i.test(s)) return { ok: false, problem: "malformed" };
  const expected = createHmac("sha256", input.secret).update(`${t}.`).update(input.rawBody).digest();
  if (!timingSafeEqual(expected, Buffer.from(s, "hex"))) return { ok: false, problem: "mismatch" };
  const timestamp = Number(t);
  if (Math.abs(input.nowSec - timestamp) > input.toleranceSec) return { ok: false, problem: "stale" };
  return { ok: true, timestamp };
}
