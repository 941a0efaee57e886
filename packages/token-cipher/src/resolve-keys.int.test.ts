import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  type KMSClient,
  UpdateAliasCommand,
} from "@aws-sdk/client-kms";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { afterAll, describe, expect, it } from "vitest";
import { TikTokTokenCipher } from "./cipher";
import { createKmsClient, createKmsDataKeyProvider } from "./kms-provider";
import { resolveKeys } from "./resolve-keys";
import { expectAppError } from "./test-support";

const services = testServices();
const kms = createKmsClient({
  region: services.kms.region,
  endpoint: services.kms.endpoint,
  credentials: services.kms.credentials,
});
const CONTEXT = { accountId: "acc_keys", kind: "access" as const, requestId: "req_keys", operation: "keys.test" };
afterAll(() => kms.destroy());

async function createKey(): Promise<{ arn: string; id: string }> {
  const key = await kms.send(new CreateKeyCommand({ Description: "key resolution test", KeyUsage: "ENCRYPT_DECRYPT" }));
  return { arn: key.KeyMetadata?.Arn ?? "", id: key.KeyMetadata?.KeyId ?? "" };
}

/** The cipher a process builds at boot from the configured ids. */
async function bootCipher(client: KMSClient, currentKeyId: string, previousKeyIds: string[] = []) {
  const keys = await resolveKeys(client, { currentKeyId, previousKeyIds });
  const cipher = new TikTokTokenCipher({
    provider: createKmsDataKeyProvider(client),
    currentKeyId: keys.currentKeyArn,
    previousKeyIds: keys.readableKeyIds,
  });
  return { keys, cipher };
}

describe("resolveKeys on the KMS emulator", () => {
  it("stamps ciphertexts with the ARN the alias points to, and notices when the alias is re-pointed", async () => {
    const first = await createKey();
    const alias = `alias/${uniqueName("tp-keys")}`;
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: first.id }));

    const before = await bootCipher(kms, alias);
    expect(before.keys.currentKeyArn).toBe(first.arn);
    const stored = await before.cipher.encrypt("act.under-first", CONTEXT);
    expect(stored.kid).toBe(first.arn);
    expect(before.cipher.needsReEncryption(stored)).toBe(false);

    const second = await createKey();
    await kms.send(new UpdateAliasCommand({ AliasName: alias, TargetKeyId: second.id }));
    // The next boot, with the same configuration, sees the new key and the old ciphertext as left behind.
    const after = await bootCipher(kms, alias, [first.id]);
    expect(after.keys.currentKeyArn).toBe(second.arn);
    expect(after.cipher.needsReEncryption(stored)).toBe(true);
    const moved = await after.cipher.reEncrypt(stored, CONTEXT);
    expect(moved.kid).toBe(second.arn);
    expect(await after.cipher.decrypt(moved, CONTEXT)).toBe("act.under-first");
  });

  it("refuses a ciphertext of the previous key once that key is no longer listed", async () => {
    const first = await createKey();
    const alias = `alias/${uniqueName("tp-keys")}`;
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: first.id }));
    const stored = await (await bootCipher(kms, alias)).cipher.encrypt("act.retired", CONTEXT);
    const second = await createKey();
    await kms.send(new UpdateAliasCommand({ AliasName: alias, TargetKeyId: second.id }));
    const { cipher } = await bootCipher(kms, alias);
    expect((await expectAppError(() => cipher.decrypt(stored, CONTEXT))).code).toBe("E_TIKTOK_KEY_MISMATCH");
  });

  it("keeps ciphertexts stamped with the configured alias readable, and due for re-encryption", async () => {
    const legacy = new TikTokTokenCipher({
      provider: createKmsDataKeyProvider(kms),
      currentKeyId: services.kms.keyAlias,
    });
    const stored = await legacy.encrypt("act.alias-stamped", CONTEXT);
    const { cipher, keys } = await bootCipher(kms, services.kms.keyAlias);
    expect(keys.currentKeyArn).toMatch(/^arn:aws:kms:/);
    expect(keys.readableKeyIds).toEqual([services.kms.keyAlias]);
    expect(cipher.needsReEncryption(stored)).toBe(true);
    expect(await cipher.decrypt(stored, CONTEXT)).toBe("act.alias-stamped");
  });

  it("fails boot clearly for an unknown or disabled key, and tolerates an unknown previous key", async () => {
    const unknown = await expectAppError(() => resolveKeys(kms, { currentKeyId: `alias/${uniqueName("missing")}` }));
    expect(unknown.code).toBe("KMS_UNAVAILABLE");
    expect(unknown.retryable).toBe(false);
    const disabled = await createKey();
    await kms.send(new DisableKeyCommand({ KeyId: disabled.id }));
    const refused = await expectAppError(() => resolveKeys(kms, { currentKeyId: disabled.id }));
    expect(refused.message).toContain("disabled");
    const unresolved: string[] = [];
    const keys = await resolveKeys(
      kms,
      { currentKeyId: services.kms.keyAlias, previousKeyIds: ["alias/retired-long-ago"] },
      { onUnresolvedPrevious: (keyId) => unresolved.push(keyId) },
    );
    expect(unresolved).toEqual(["alias/retired-long-ago"]);
    expect(keys.readableKeyIds).toContain("alias/retired-long-ago");
  });

  it("gives up within its deadline on a KMS that accepts the connection and never answers", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const dead = createKmsClient({
      region: services.kms.region,
      endpoint: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      credentials: services.kms.credentials,
    });
    try {
      const started = Date.now();
      const error = await expectAppError(() => resolveKeys(dead, { currentKeyId: "alias/x" }, { timeoutMs: 300 }));
      expect(error.code).toBe("KMS_UNAVAILABLE");
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      dead.destroy();
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
