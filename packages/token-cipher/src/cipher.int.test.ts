import { CreateAliasCommand, CreateKeyCommand, EncryptCommand, type KMSClient } from "@aws-sdk/client-kms";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { afterAll, describe, expect, it } from "vitest";
import { decryptBootSecret } from "./boot-secret";
import { type KeyMismatchEvent, TikTokTokenCipher, type TokenCipherOptions } from "./cipher";
import { createKmsClient, createKmsDataKeyProvider } from "./kms-provider";
import { expectAppError } from "./test-support";

const services = testServices();
const kms = createKmsClient({
  region: services.kms.region,
  endpoint: services.kms.endpoint,
  credentials: services.kms.credentials,
});
const CONTEXT = { accountId: "acc_int", kind: "refresh" as const, requestId: "req_int", operation: "int.test" };

afterAll(() => kms.destroy());

function kmsCipher(options: Omit<TokenCipherOptions, "provider">, client: KMSClient = kms) {
  return new TikTokTokenCipher({ provider: createKmsDataKeyProvider(client), ...options });
}

async function createKeyWithAlias(): Promise<{ arn: string; alias: string }> {
  const key = await kms.send(new CreateKeyCommand({ Description: "rotation test key", KeyUsage: "ENCRYPT_DECRYPT" }));
  const alias = `alias/${uniqueName("tp-rotation")}`;
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.KeyMetadata?.KeyId }));
  return { arn: key.KeyMetadata?.Arn ?? "", alias };
}

describe("TikTokTokenCipher on the KMS emulator", () => {
  it("round-trips under the configured alias and under a key ARN", async () => {
    const byAlias = kmsCipher({ currentKeyId: services.kms.keyAlias });
    const stored = await byAlias.encrypt("rft.kms-round-trip", CONTEXT);
    expect(stored.kid).toBe(services.kms.keyAlias);
    expect(await kmsCipher({ currentKeyId: services.kms.keyAlias }).decrypt(stored, CONTEXT)).toBe(
      "rft.kms-round-trip",
    );
    const { arn } = await createKeyWithAlias();
    const byArn = kmsCipher({ currentKeyId: arn });
    const underArn = await byArn.encrypt("rft.by-arn", CONTEXT);
    expect(await kmsCipher({ currentKeyId: arn }).decrypt(underArn, CONTEXT)).toBe("rft.by-arn");
  });

  it("rotates keys without downtime: read old under A, re-encrypt to B, then retire A", async () => {
    const a = await createKeyWithAlias();
    const b = await createKeyWithAlias();
    const old = await kmsCipher({ currentKeyId: a.arn }).encrypt("rft.before-rotation", CONTEXT);
    const rotated = kmsCipher({ currentKeyId: b.arn, previousKeyIds: [a.arn] });
    expect(await rotated.decrypt(old, CONTEXT)).toBe("rft.before-rotation");
    const moved = await rotated.reEncrypt(old, CONTEXT);
    expect(moved.kid).toBe(b.arn);
    const mismatches: KeyMismatchEvent[] = [];
    const retired = kmsCipher({ currentKeyId: b.arn, onKeyMismatch: (event) => mismatches.push(event) });
    expect(await retired.decrypt(moved, CONTEXT)).toBe("rft.before-rotation");
    expect((await expectAppError(() => retired.decrypt(old, CONTEXT))).code).toBe("E_TIKTOK_KEY_MISMATCH");
    expect(mismatches.map((event) => event.keyId)).toEqual([a.arn]);
  });

  it("a data key encrypted under another accepted key is refused by KMS, not retried", async () => {
    const a = await createKeyWithAlias();
    const b = await createKeyWithAlias();
    const underA = await kmsCipher({ currentKeyId: a.arn }).encrypt("rft.x", CONTEXT);
    const reader = kmsCipher({ currentKeyId: b.arn, previousKeyIds: [a.arn] });
    const error = await expectAppError(() => reader.decrypt({ ...underA, kid: b.arn }, CONTEXT));
    // AWS answers IncorrectKeyException (TOKEN_DECRYPT_FAILED); moto answers AccessDeniedException (a key-state
    // failure). Either way the value is refused and a retry cannot help.
    expect(["TOKEN_DECRYPT_FAILED", "KMS_UNAVAILABLE"]).toContain(error.code);
    expect(error.retryable).toBe(false);
  });

  it("a tampered encrypted data key fails with TOKEN_DECRYPT_FAILED", async () => {
    const stored = await kmsCipher({ currentKeyId: services.kms.keyAlias }).encrypt("rft.x", CONTEXT);
    const edk = Buffer.from(stored.edk, "base64");
    edk[edk.length - 1] = (edk[edk.length - 1] ?? 0) ^ 0xff;
    const reader = kmsCipher({ currentKeyId: services.kms.keyAlias });
    const error = await expectAppError(() => reader.decrypt({ ...stored, edk: edk.toString("base64") }, CONTEXT));
    expect(error.code).toBe("TOKEN_DECRYPT_FAILED");
  });

  it("needs one KMS call per data key in steady state", async () => {
    const writer = kmsCipher({ currentKeyId: services.kms.keyAlias });
    const stored = await Promise.all(Array.from({ length: 40 }, (_, i) => writer.encrypt(`rft.${i}`, CONTEXT)));
    expect(writer.stats().kmsCalls).toBe(1);
    const reader = kmsCipher({ currentKeyId: services.kms.keyAlias });
    for (const value of stored) await reader.decrypt(value, CONTEXT);
    expect(reader.stats()).toMatchObject({ kmsCalls: 1, decryptHits: 39, decryptMisses: 1 });
  });

  it("reports KMS_UNAVAILABLE (retryable) when KMS cannot be reached", async () => {
    const down = createKmsClient({
      region: "us-east-1",
      endpoint: "http://127.0.0.1:9",
      credentials: { accessKeyId: "x", secretAccessKey: "y" },
      maxAttempts: 1,
    });
    try {
      const error = await expectAppError(() =>
        kmsCipher({ currentKeyId: services.kms.keyAlias }, down).encrypt("rft.x", CONTEXT),
      );
      expect(error).toMatchObject({ code: "KMS_UNAVAILABLE", retryable: true });
    } finally {
      down.destroy();
    }
  });
});

describe("decryptBootSecret", () => {
  it("decrypts a KMS-encrypted client secret", async () => {
    const out = await kms.send(
      new EncryptCommand({ KeyId: services.kms.keyAlias, Plaintext: Buffer.from("client-secret-value") }),
    );
    const base64 = Buffer.from(out.CiphertextBlob ?? new Uint8Array()).toString("base64");
    expect(await decryptBootSecret(kms, base64)).toBe("client-secret-value");
  });

  it("fails with a typed error on an empty or corrupted value, without echoing it", async () => {
    expect((await expectAppError(() => decryptBootSecret(kms, ""))).code).toBe("TOKEN_DECRYPT_FAILED");
    const error = await expectAppError(() =>
      decryptBootSecret(kms, Buffer.from("not a kms blob at all").toString("base64")),
    );
    expect(["TOKEN_DECRYPT_FAILED", "KMS_UNAVAILABLE"]).toContain(error.code);
    expect(JSON.stringify(error.toJSON())).not.toContain("not a kms blob");
  });
});
