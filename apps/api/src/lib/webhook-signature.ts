import { createHmac, timingSafeEqual } from "node:crypto";
import type { WebhookRefusal } from "@trendpot/telemetry";

/** Why a `TikTok-Signature` was refused (for logs, the metric and tests; the client only sees one generic 401). */
export type SignatureProblem = WebhookRefusal;

/** Which configured secret verified a delivery: TikTok signs with the app's client secret. */
export type WebhookKeyName = "client_secret" | "webhook_secret";

/** One HMAC key a delivery may be signed with. The secret is never logged; only `name` is. */
export interface WebhookKey {
  name: WebhookKeyName;
  secret: string;
}

/**
 * The keys `POST /webhooks/tiktok` accepts, in order: the app's client secret (TikTok documents `TikTok-Signature`
 * as an HMAC keyed with it) and, when it is set, `TIKTOK_WEBHOOK_SECRET` (provisioned separately, used by senders
 * that sign with a dedicated secret).
 */
export function webhookKeys(clientSecret: string, webhookSecret: string | undefined): WebhookKey[] {
  const keys: WebhookKey[] = [{ name: "client_secret", secret: clientSecret }];
  if (webhookSecret && webhookSecret !== clientSecret) keys.push({ name: "webhook_secret", secret: webhookSecret });
  return keys;
}

/**
 * Verifies `TikTok-Signature: t=<unix>,s=<hex>`: HMAC-SHA256 over `${t}.${rawBody}` (the raw bytes, never a
 * re-serialization) under each key, compared in constant time, then `t` within `toleranceSec` of now in either
 * direction. Every key is tried, so the time taken does not reveal which one matched.
 */
export function verifyTikTokSignature(input: {
  header: string | undefined;
  rawBody: Buffer;
  keys: readonly WebhookKey[];
  nowSec: number;
  toleranceSec: number;
}): { ok: true; timestamp: number; key: WebhookKeyName } | { ok: false; problem: SignatureProblem } {
  if (!input.header) return { ok: false, problem: "missing" };
  const parts = new Map<string, string>();
  for (const part of input.header.split(",")) {
    const index = part.indexOf("=");
    if (index > 0) parts.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  const t = parts.get("t") ?? "";
  const s = parts.get("s") ?? "";
  if (!/^\d{1,12}$/.test(t) || !/^[0-9a-f]{64}$/i.test(s)) return { ok: false, problem: "malformed" };
  const given = Buffer.from(s, "hex");
  let matched: WebhookKeyName | undefined;
  for (const key of input.keys) {
    const expected = createHmac("sha256", key.secret).update(`${t}.`).update(input.rawBody).digest();
    if (timingSafeEqual(expected, given) && matched === undefined) matched = key.name;
  }
  if (matched === undefined) return { ok: false, problem: "mismatch" };
  const timestamp = Number(t);
  if (Math.abs(input.nowSec - timestamp) > input.toleranceSec) return { ok: false, problem: "stale" };
  return { ok: true, timestamp, key: matched };
}
