import { describe, expect, it } from "vitest";
import { hexPkceChallenge, signWebhook, verifyWebhookSignature } from "./crypto";

describe("golden vectors", () => {
  it("the PKCE challenge is lowercase hex SHA-256 (TikTok's, not RFC 7636's base64url)", () => {
    const challenge = hexPkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    expect(challenge).toBe("13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3");
    expect(challenge).not.toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("the webhook signature is TikTok's: HMAC-SHA256 of `<t>.<body>` with the client secret", () => {
    const body = '{"client_key":"k","event":"authorization.removed"}';
    expect(signWebhook("secret", 1633174587, body)).toBe(
      "t=1633174587,s=5289f0585bcbf7ffeceeb1453fbd459f20024513412d011786640474f40432ad",
    );
  });
});

describe("verifyWebhookSignature", () => {
  const body = '{"client_key":"k","event":"authorization.removed"}';
  const header = signWebhook("secret", 1633174587, body);

  it("accepts the genuine header, also with TikTok's spacing-free format parsed leniently", () => {
    expect(verifyWebhookSignature("secret", header, body)).toBe(true);
    expect(verifyWebhookSignature("secret", header.replace(",", ", "), body)).toBe(true);
  });

  it("rejects another secret, a changed body, a malformed header and a stale timestamp", () => {
    expect(verifyWebhookSignature("other", header, body)).toBe(false);
    expect(verifyWebhookSignature("secret", header, `${body} `)).toBe(false);
    expect(verifyWebhookSignature("secret", "t=1633174587", body)).toBe(false);
    expect(verifyWebhookSignature("secret", header, body, { nowSec: 1633174587 + 301, toleranceSec: 300 })).toBe(false);
    expect(verifyWebhookSignature("secret", header, body, { nowSec: 1633174587 + 299, toleranceSec: 300 })).toBe(true);
  });
});
