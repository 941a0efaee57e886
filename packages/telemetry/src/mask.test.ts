import { describe, expect, it } from "vitest";
import { isSensitiveKey, maskSecrets, REDACTED, redactDeep } from "./mask";

const ACCESS = "act.1a2b3c4d5e6f7g8h9i0jKLMNOPQRSTuvwxyz!1234.va";
const REFRESH = "rft.ZYXWVUTSRQ9876543210abcdefghij!5678.va";

describe("maskSecrets", () => {
  it.each([
    [`refreshing with ${ACCESS} now`, ACCESS],
    [`token=${REFRESH}`, REFRESH],
    ["Authorization: Bearer abcdefghijklmnop1234567890", "abcdefghijklmnop1234567890"],
    ['{"client_secret":"s3cr3tS3CR3Ts3cr3tS3CR3T"}', "s3cr3tS3CR3Ts3cr3tS3CR3T"],
    [
      "code_verifier=0123456789abcdef0123456789abcdef0123456789abcdef",
      "0123456789abcdef0123456789abcdef0123456789abcdef",
    ],
    ["jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk", "eyJzdWIiOiIxMjM0NTY3ODkwIn0"],
  ])("masks %s", (text, secret) => {
    const masked = maskSecrets(text);
    expect(masked).not.toContain(secret);
    expect(masked).toContain(REDACTED);
  });

  it("leaves ordinary text and error codes alone", () => {
    const text = "video.list failed: code: E_TIKTOK_KEY_MISMATCH for acc_123 (status 429)";
    expect(maskSecrets(text)).toBe(text);
  });
});

describe("redactDeep", () => {
  it("censors sensitive keys at any depth without touching the input", () => {
    const input = { a: { b: { c: { refresh_token: "short", x_api_key: 1 } } }, list: [{ accessToken: "x" }] };
    const output = redactDeep(input) as typeof input;
    expect(output.a.b.c.refresh_token).toBe(REDACTED);
    expect(output.list[0]?.accessToken).toBe(REDACTED);
    expect(input.a.b.c.refresh_token).toBe("short");
  });

  it("keeps error codes under `code` but censors an OAuth code", () => {
    expect(redactDeep({ code: "TIKTOK_RATE_LIMITED" })).toEqual({ code: "TIKTOK_RATE_LIMITED" });
    expect(redactDeep({ code: 429 })).toEqual({ code: 429 });
    expect(redactDeep({ query: { code: "abc123-oauth-code" } })).toEqual({ query: { code: REDACTED } });
  });

  it("turns errors into plain objects with masked message, stack and properties", () => {
    const error = Object.assign(new Error(`refresh failed for ${REFRESH}`), { refreshToken: REFRESH, code: "X_Y" });
    const output = redactDeep({ err: error }) as { err: Record<string, unknown> };
    expect(JSON.stringify(output)).not.toContain(REFRESH);
    expect(output.err).toMatchObject({ type: "Error", code: "X_Y", refreshToken: REDACTED });
  });

  it("survives cycles", () => {
    const loop: Record<string, unknown> = { name: "loop" };
    loop.self = loop;
    expect(redactDeep(loop)).toEqual({ name: "loop", self: "[Circular]" });
  });

  it("recognizes secret key spellings", () => {
    for (const key of ["access_token", "accessToken", "x-api-key", "client_secret", "codeVerifier", "Authorization"]) {
      expect(isSensitiveKey(key)).toBe(true);
    }
    expect(isSensitiveKey("accountId")).toBe(false);
  });
});
