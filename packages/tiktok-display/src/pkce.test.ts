import { createHash } from "node:crypto";
import { isAppError } from "@trendpot/errors";
import { describe, expect, it } from "vitest";
import { computeCodeChallenge, createCodeVerifier, createPkcePair } from "./pkce";

describe("PKCE", () => {
  it("derives TikTok's hex challenge for the golden vector", () => {
    expect(computeCodeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3",
    );
  });

  it("does not produce RFC 7636's base64url challenge, which TikTok rejects", () => {
    expect(computeCodeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).not.toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("creates a 64-character verifier from the unreserved charset with a matching S256 challenge", () => {
    const pair = createPkcePair();
    expect(pair.codeVerifier).toMatch(/^[A-Za-z0-9\-._~]{64}$/);
    expect(pair.codeChallenge).toBe(createHash("sha256").update(pair.codeVerifier).digest("hex"));
    expect(pair.codeChallenge).toMatch(/^[0-9a-f]{64}$/);
    expect(pair.codeChallengeMethod).toBe("S256");
  });

  it("never repeats a verifier", () => {
    const verifiers = new Set(Array.from({ length: 200 }, () => createPkcePair().codeVerifier));
    expect(verifiers.size).toBe(200);
  });

  it("uses the whole charset", () => {
    const seen = new Set(Array.from({ length: 100 }, () => createCodeVerifier(128)).join(""));
    expect(seen.size).toBe(66);
  });

  it.each([43, 128])("accepts a verifier length of %i", (length) => {
    expect(createCodeVerifier(length)).toHaveLength(length);
  });

  it.each([42, 129, 50.5])("rejects a verifier length of %s", (length) => {
    expect(() => createCodeVerifier(length)).toThrow(/43 to 128/);
  });

  it.each([
    ["too short", "a".repeat(42)],
    ["too long", "a".repeat(129)],
    ["outside the charset", `${"a".repeat(43)}+`],
  ])("refuses a challenge for a verifier %s", (_label, verifier) => {
    let thrown: unknown;
    try {
      computeCodeChallenge(verifier);
    } catch (error) {
      thrown = error;
    }
    expect(isAppError(thrown, "VALIDATION_FAILED")).toBe(true);
  });
});
