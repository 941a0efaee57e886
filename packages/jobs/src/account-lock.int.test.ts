import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createAccountLocks } from "./account-lock";

const redis = new Redis(testServices().redis.url, { maxRetriesPerRequest: null });
const other = new Redis(testServices().redis.url, { maxRetriesPerRequest: null });
afterAll(() => {
  redis.disconnect();
  other.disconnect();
});

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("account locks", () => {
  it("lets one holder run per account across connections, and frees the lock when the work ends or throws", async () => {
    const prefix = uniqueName("locks");
    const first = createAccountLocks(redis, { prefix });
    const second = createAccountLocks(other, { prefix });
    const gate = deferred();
    const running = first.run("acc_1", () => gate.promise.then(() => "first"));
    await expect.poll(() => redis.exists(first.keyOf("acc_1"))).toBe(1);
    expect(await second.run("acc_1", async () => "second")).toEqual({ acquired: false });
    expect(await second.run("acc_2", async () => "other account")).toEqual({ acquired: true, value: "other account" });
    gate.resolve();
    expect(await running).toEqual({ acquired: true, value: "first" });
    await expect(second.run("acc_1", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await first.run("acc_1", async () => "again")).toEqual({ acquired: true, value: "again" });
  });

  it("renews the lock while the work runs, and a crashed holder's lock expires", async () => {
    const prefix = uniqueName("locks");
    const locks = createAccountLocks(redis, { prefix, ttlMs: 1_000 });
    const gate = deferred();
    const running = locks.run("acc_slow", () => gate.promise);
    await expect.poll(() => redis.exists(locks.keyOf("acc_slow"))).toBe(1);
    // Well past the ttl: only renewals (every third of it) keep the key.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await redis.exists(locks.keyOf("acc_slow"))).toBe(1);
    gate.resolve();
    await running;
    expect(await redis.exists(locks.keyOf("acc_slow"))).toBe(0);

    // A holder that died: its key (no renewals) is gone after the ttl.
    await redis.set(locks.keyOf("acc_dead"), "crashed-owner", "PX", 200);
    expect(await locks.run("acc_dead", async () => "x")).toEqual({ acquired: false });
    await expect.poll(() => redis.exists(locks.keyOf("acc_dead")), { timeout: 2_000 }).toBe(0);
    expect(await locks.run("acc_dead", async () => "x")).toEqual({ acquired: true, value: "x" });
  });
});
