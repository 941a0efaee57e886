import { AppError } from "@trendpot/errors";
import { describe, expect, it } from "vitest";
import { open } from "./aes-gcm";
import { type KeyMismatchEvent, TikTokTokenCipher } from "./cipher";
import { createLocalDataKeyProvider } from "./local-provider";
import { aadFor, type StoredToken } from "./stored-token";
import { captureLogger, expectAppError, spyProvider, unreachableProvider } from "./test-support";

const MASTER = { "key-golden": Buffer.alloc(32, 3), "key-a": Buffer.alloc(32, 1), "key-b": Buffer.alloc(32, 2) };
const ACCESS = { accountId: "acc_1", kind: "access" as const, requestId: "req_1", operation: "test.read" };

function cipherWith(options: Partial<ConstructorParameters<typeof TikTokTokenCipher>[0]> = {}) {
  return new TikTokTokenCipher({ provider: createLocalDataKeyProvider(MASTER), currentKeyId: "key-a", ...options });
}

describe("golden vectors", () => {
  it("opens a fixed AES-256-GCM vector with the v1 AAD layout", () => {
    const token: StoredToken = {
      v: 1,
      alg: "AES-256-GCM",
      kid: "key-golden",
      edk: "AA==",
      iv: Buffer.alloc(12, 9).toString("base64"),
      tag: "324aYCfl59ef1x3+HxgYpQ==",
      ct: "RubwutmfrQXFDOZZhYnGrKedF5xfi5k=",
    };
    const aad = aadFor({ version: 1, keyId: "key-golden", accountId: "acc_golden", kind: "access" });
    expect(aad.toString("utf8")).toBe('["trendpot-token",1,"key-golden","acc_golden","access"]');
    expect(open({ key: Buffer.alloc(32, 7), token, aad })).toBe("act.golden-access-token");
  });

  it("decrypts a stored value written by an earlier build", async () => {
    const stored = {
      v: 1,
      alg: "AES-256-GCM",
      kid: "key-golden",
      edk: "xAGXT8CJ66RSG9XxhrtmmFyd10yqHKoamldC1ZFxOZVhhaLce6K311FLoizXEt4K6cE5p+dPW08bFT54",
      iv: "pLmzwNDs8qNUTFQQ",
      tag: "RUEljNtrqs/33RaNvG5Ujg==",
      ct: "lQnksxVSQSMUZKcsexB974EtScmfsV9z",
    };
    const cipher = cipherWith({ currentKeyId: "key-golden" });
    const context = { accountId: "acc_golden", kind: "refresh" as const, requestId: "r", operation: "golden" };
    expect(await cipher.decrypt(stored, context)).toBe("rft.golden-refresh-token");
  });
});

describe("round trips", () => {
  it.each(["act.short", "t.1", "ünïcødé-токен-🔑", "a.".repeat(2048)])("round-trips %#", async (token) => {
    const cipher = cipherWith();
    const stored = await cipher.encrypt(token, ACCESS);
    expect(stored).toMatchObject({ v: 1, alg: "AES-256-GCM", kid: "key-a" });
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await cipher.decrypt(stored, ACCESS)).toBe(token);
  });

  it("uses a fresh IV for every message, even under one cached data key", async () => {
    const cipher = cipherWith();
    const stored = await Promise.all(Array.from({ length: 20 }, () => cipher.encrypt("same", ACCESS)));
    expect(new Set(stored.map((s) => s.edk)).size).toBe(1);
    expect(new Set(stored.map((s) => s.iv)).size).toBe(20);
  });

  it("refuses to encrypt an empty token", async () => {
    const error = await expectAppError(() => cipherWith().encrypt("", ACCESS));
    expect(error.code).toBe("VALIDATION_FAILED");
  });
});

describe("tampering", () => {
  const flip = (base64: string): string => {
    const bytes = Buffer.from(base64, "base64");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
    return bytes.toString("base64");
  };

  it.each(["edk", "iv", "tag", "ct"] as const)("a flipped bit in %s fails with TOKEN_DECRYPT_FAILED", async (field) => {
    const cipher = cipherWith();
    const stored = await cipher.encrypt("act.secret-value", ACCESS);
    // A fresh cipher, so a cached data key cannot mask a tampered encrypted key.
    const reader = cipherWith();
    const error = await expectAppError(() => reader.decrypt({ ...stored, [field]: flip(stored[field]) }, ACCESS));
    expect(error.code).toBe("TOKEN_DECRYPT_FAILED");
    expect(JSON.stringify(error.toJSON())).not.toContain("act.secret-value");
  });

  it("a key id swapped for another accepted key fails authentication", async () => {
    const cipher = cipherWith({ previousKeyIds: ["key-b"] });
    const stored = await cipher.encrypt("act.secret-value", ACCESS);
    const error = await expectAppError(() => cipher.decrypt({ ...stored, kid: "key-b" }, ACCESS));
    expect(error.code).toBe("TOKEN_DECRYPT_FAILED");
  });

  it.each([
    ["wrong version", { v: 2 }],
    ["wrong algorithm", { alg: "AES-128-CBC" }],
    ["short iv", { iv: Buffer.alloc(8).toString("base64") }],
    ["short tag", { tag: Buffer.alloc(8).toString("base64") }],
    ["empty ciphertext", { ct: "" }],
    ["not base64", { ct: "***" }],
    ["extra field", { plaintext: "x" }],
  ])("a malformed stored value (%s) is a typed error", async (_name, change) => {
    const cipher = cipherWith();
    const stored = await cipher.encrypt("act.secret-value", ACCESS);
    const error = await expectAppError(() => cipher.decrypt({ ...stored, ...change }, ACCESS));
    expect(error.code).toBe("TOKEN_DECRYPT_FAILED");
    expect(error.details).toMatchObject({ reason: "malformed" });
  });

  it.each([null, "a string", 42, {}])(
    "a stored value that is not an object of the format (%s) is a typed error",
    async (value) => {
      const error = await expectAppError(() => cipherWith().decrypt(value, ACCESS));
      expect(error.code).toBe("TOKEN_DECRYPT_FAILED");
    },
  );
});

describe("context binding", () => {
  it("an access token of one account cannot be read as another account's", async () => {
    const cipher = cipherWith();
    const stored = await cipher.encrypt("act.secret-value", ACCESS);
    const error = await expectAppError(() => cipher.decrypt(stored, { ...ACCESS, accountId: "acc_2" }));
    expect(error.code).toBe("TOKEN_DECRYPT_FAILED");
  });

  it("an access token cannot be read as a refresh token", async () => {
    const cipher = cipherWith();
    const stored = await cipher.encrypt("act.secret-value", ACCESS);
    const error = await expectAppError(() => cipher.decrypt(stored, { ...ACCESS, kind: "refresh" }));
    expect(error.code).toBe("TOKEN_DECRYPT_FAILED");
  });
});

describe("key ids", () => {
  it("a ciphertext under a key that is not accepted fails with E_TIKTOK_KEY_MISMATCH and calls the hook", async () => {
    const stored = await cipherWith({ currentKeyId: "key-b" }).encrypt("act.secret-value", ACCESS);
    const mismatches: KeyMismatchEvent[] = [];
    const logger = captureLogger();
    const provider = spyProvider(createLocalDataKeyProvider(MASTER));
    const cipher = cipherWith({ provider, logger, onKeyMismatch: (event) => mismatches.push(event) });
    const error = await expectAppError(() => cipher.decrypt(stored, ACCESS));
    expect(error.code).toBe("E_TIKTOK_KEY_MISMATCH");
    expect(mismatches).toEqual([{ ...ACCESS, keyId: "key-b" }]);
    expect(provider.calls).toEqual([]);
    expect(logger.lines.map((line) => line.fields.event)).toEqual(["token.key_mismatch"]);
  });

  it("reads previous keys, writes the current one, and re-encrypts on request", async () => {
    const old = await cipherWith().encrypt("rft.rotating", { accountId: "acc_1", kind: "refresh" });
    const rotated = cipherWith({ currentKeyId: "key-b", previousKeyIds: ["key-a"] });
    const context = { ...ACCESS, kind: "refresh" as const };
    expect(rotated.needsReEncryption(old)).toBe(true);
    expect(await rotated.decrypt(old, context)).toBe("rft.rotating");
    const moved = await rotated.reEncrypt(old, context);
    expect(moved.kid).toBe("key-b");
    expect(rotated.needsReEncryption(moved)).toBe(false);
    expect(await rotated.reEncrypt(moved, context)).toEqual(moved);
    const retired = cipherWith({ currentKeyId: "key-b" });
    expect((await expectAppError(() => retired.decrypt(old, context))).code).toBe("E_TIKTOK_KEY_MISMATCH");
    expect(await retired.decrypt(moved, context)).toBe("rft.rotating");
  });
});

describe("access logging", () => {
  it("logs and reports every decryption with requestId, accountId and operation, never the token", async () => {
    const logger = captureLogger();
    const events: unknown[] = [];
    const cipher = cipherWith({ logger, onDecrypt: (event) => events.push(event) });
    const stored = await cipher.encrypt("act.never-logged", ACCESS);
    await cipher.decrypt(stored, ACCESS);
    const line = logger.lines.find((entry) => entry.fields.event === "token.decrypt");
    expect(line?.fields).toMatchObject({
      requestId: "req_1",
      accountId: "acc_1",
      operation: "test.read",
      kind: "access",
    });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(logger.lines)).not.toContain("act.never-logged");
  });

  it("a throwing telemetry hook does not fail the decryption", async () => {
    const cipher = cipherWith({
      onDecrypt: () => {
        throw new Error("hook down");
      },
    });
    const stored = await cipher.encrypt("act.x", ACCESS);
    expect(await cipher.decrypt(stored, ACCESS)).toBe("act.x");
  });

  it("logs a failed decryption with its code and labels", async () => {
    const logger = captureLogger();
    const cipher = cipherWith({ logger });
    const stored = await cipher.encrypt("act.x", ACCESS);
    await expectAppError(() => cipher.decrypt(stored, { ...ACCESS, accountId: "acc_other" }));
    expect(logger.lines.at(-1)?.fields).toMatchObject({
      event: "token.decrypt_failed",
      code: "TOKEN_DECRYPT_FAILED",
      accountId: "acc_other",
    });
  });
});

describe("KMS failures", () => {
  it("surfaces KMS_UNAVAILABLE (retryable) when the provider is down", async () => {
    const error = await expectAppError(() => cipherWith({ provider: unreachableProvider }).encrypt("act.x", ACCESS));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("KMS_UNAVAILABLE");
    expect(error.retryable).toBe(true);
  });

  it("rejects a missing current key id and zero cache bounds", () => {
    expect(() => cipherWith({ currentKeyId: "" })).toThrow(AppError);
    expect(() => cipherWith({ cache: { ttlMs: 0 } })).toThrow(AppError);
  });
});
