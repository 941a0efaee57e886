import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyTikTokSignature, webhookKeys } from "./webhook-signature";

// TikTok's documented scheme, checked against TikTok's documented example: secret `secret`, t 1633174587.
const BODY = Buffer.from('{"client_key":"k","event":"authorization.removed"}');
const T = 1633174587;
const GOLDEN = "5289f0585bcbf7ffeceeb1453fbd459f20024513412d011786640474f40432ad";
const sign = (secret: string, t = T, body = BODY) =>
  `t=${t},s=${createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex")}`;
const verify = (header: string | undefined, keys = webhookKeys("secret", "whsec_dedicated_0123456789"), nowSec = T) =>
  verifyTikTokSignature({ header, rawBody: BODY, keys, nowSec, toleranceSec: 300 });

describe("verifyTikTokSignature", () => {
  it("matches the documented test vector with the client secret", () => {
    expect(sign("secret")).toBe(`t=${T},s=${GOLDEN}`);
    expect(verify(`t=${T},s=${GOLDEN}`)).toEqual({ ok: true, timestamp: T, key: "client_secret" });
  });

  it("accepts TIKTOK_WEBHOOK_SECRET as a second key and says which key verified", () => {
    expect(verify(sign("whsec_dedicated_0123456789"))).toEqual({ ok: true, timestamp: T, key: "webhook_secret" });
  });

  it("refuses a signature under the webhook secret when none is configured", () => {
    expect(verify(sign("whsec_dedicated_0123456789"), webhookKeys("secret", undefined))).toEqual({
      ok: false,
      problem: "mismatch",
    });
  });

  it.each([
    ["missing", undefined],
    ["malformed", "t=1633174587"],
    ["malformed", `t=abc,s=${GOLDEN}`],
    ["mismatch", sign("another-secret")],
    ["mismatch", `t=${T + 1},s=${GOLDEN}`],
  ])("refuses as %s: %s", (problem, header) => {
    expect(verify(header)).toEqual({ ok: false, problem });
  });

  it("refuses a correctly signed but stale or future timestamp", () => {
    expect(verify(sign("secret"), undefined, T + 301)).toEqual({ ok: false, problem: "stale" });
    expect(verify(sign("secret"), undefined, T - 301)).toEqual({ ok: false, problem: "stale" });
  });

  it("lists the client secret only once when both secrets are equal", () => {
    expect(webhookKeys("same-secret", "same-secret")).toEqual([{ name: "client_secret", secret: "same-secret" }]);
  });
});
