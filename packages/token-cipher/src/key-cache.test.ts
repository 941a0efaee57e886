import { describe, expect, it } from "vitest";
import { TikTokTokenCipher } from "./cipher";
import { createLocalDataKeyProvider } from "./local-provider";
import { spyProvider } from "./test-support";

const MASTER = { "key-a": Buffer.alloc(32, 1) };
const CONTEXT = { accountId: "acc_1", kind: "access" as const, requestId: "req", operation: "cache.test" };
const isZero = (buffer: Buffer) => buffer.every((byte) => byte === 0);

function setup(cache: ConstructorParameters<typeof TikTokTokenCipher>[0]["cache"]) {
  const clock = { now: 1_000_000 };
  const provider = spyProvider(createLocalDataKeyProvider(MASTER));
  const cipher = new TikTokTokenCipher({ provider, currentKeyId: "key-a", cache, now: () => clock.now });
  return { clock, provider, cipher };
}

describe("data key cache", () => {
  it("reuses one data key for encryption up to maxUsesPerKey messages, then zeroes it and takes a new one", async () => {
    const { provider, cipher } = setup({ maxUsesPerKey: 3 });
    const stored = [];
    for (let i = 0; i < 7; i += 1) stored.push(await cipher.encrypt(`act.${i}`, CONTEXT));
    expect(new Set(stored.map((s) => s.edk)).size).toBe(3);
    expect(provider.calls.filter((call) => call.startsWith("generate"))).toHaveLength(3);
    // The first two encryption keys used up their messages: both were zeroed on eviction.
    expect(isZero(provider.handedOut[0] as Buffer)).toBe(true);
    expect(isZero(provider.handedOut[1] as Buffer)).toBe(true);
    expect(isZero(provider.handedOut[2] as Buffer)).toBe(false);
  });

  it("expires encryption and decryption keys after ttlMs and zeroes them", async () => {
    const { clock, provider, cipher } = setup({ ttlMs: 60_000 });
    const first = await cipher.encrypt("act.1", CONTEXT);
    clock.now += 60_000;
    const second = await cipher.encrypt("act.2", CONTEXT);
    expect(second.edk).not.toBe(first.edk);
    expect(isZero(provider.handedOut[0] as Buffer)).toBe(true);
    // Decrypting the first message needs KMS again: its cached decryption copy expired too.
    await cipher.decrypt(first, CONTEXT);
    expect(provider.calls).toEqual(["generate:key-a", "generate:key-a", "decrypt:key-a"]);
  });

  it("serves steady-state decryption from the cache: one KMS call per data key", async () => {
    const writer = new TikTokTokenCipher({
      provider: createLocalDataKeyProvider(MASTER),
      currentKeyId: "key-a",
      cache: { maxUsesPerKey: 10 },
    });
    const stored = await Promise.all(Array.from({ length: 50 }, (_, i) => writer.encrypt(`act.${i}`, CONTEXT)));
    const { provider, cipher } = setup({});
    for (let round = 0; round < 4; round += 1) {
      const values = await Promise.all(stored.map((s) => cipher.decrypt(s, CONTEXT)));
      expect(values[7]).toBe("act.7");
    }
    expect(provider.calls).toHaveLength(5);
    expect(cipher.stats()).toMatchObject({ kmsCalls: 5, decryptHits: 150, decryptMisses: 50 });
  });

  it("bounds the number of decrypted keys, evicting the least recently used and zeroing it", async () => {
    const writer = new TikTokTokenCipher({
      provider: createLocalDataKeyProvider(MASTER),
      currentKeyId: "key-a",
      cache: { maxUsesPerKey: 1 },
    });
    const [a, b, c] = [
      await writer.encrypt("act.a", CONTEXT),
      await writer.encrypt("act.b", CONTEXT),
      await writer.encrypt("act.c", CONTEXT),
    ];
    const { provider, cipher } = setup({ maxEntries: 2 });
    await cipher.decrypt(a, CONTEXT);
    await cipher.decrypt(b, CONTEXT);
    await cipher.decrypt(a, CONTEXT);
    await cipher.decrypt(c, CONTEXT);
    // b was least recently used: evicted and zeroed; a and c stay.
    expect(isZero(provider.handedOut[1] as Buffer)).toBe(true);
    expect(isZero(provider.handedOut[0] as Buffer)).toBe(false);
    await cipher.decrypt(a, CONTEXT);
    await cipher.decrypt(b, CONTEXT);
    expect(provider.calls).toHaveLength(4);
    expect(cipher.stats().evictions).toBe(2);
  });

  it("coalesces concurrent misses into one KMS call", async () => {
    const { provider, cipher } = setup({});
    const stored = await Promise.all(Array.from({ length: 25 }, (_, i) => cipher.encrypt(`act.${i}`, CONTEXT)));
    expect(provider.calls).toEqual(["generate:key-a"]);
    cipher.clearCache();
    await Promise.all(stored.map((s) => cipher.decrypt(s, CONTEXT)));
    expect(provider.calls).toEqual(["generate:key-a", "decrypt:key-a"]);
  });

  it("clearCache zeroes every key it holds", async () => {
    const { provider, cipher } = setup({});
    await cipher.encrypt("act.1", CONTEXT);
    cipher.clearCache();
    expect(provider.handedOut.every(isZero)).toBe(true);
    expect(cipher.stats().entries).toBe(0);
  });

  it("without a cache, every message costs a KMS call and each key is zeroed right after use", async () => {
    const { provider, cipher } = setup(false);
    const stored = await cipher.encrypt("act.1", CONTEXT);
    await cipher.decrypt(stored, CONTEXT);
    await cipher.decrypt(stored, CONTEXT);
    expect(provider.calls).toEqual(["generate:key-a", "decrypt:key-a", "decrypt:key-a"]);
    expect(provider.handedOut.every(isZero)).toBe(true);
    expect(cipher.stats().kmsCalls).toBe(3);
  });
});
