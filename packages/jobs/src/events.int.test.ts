import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { isAppError } from "@trendpot/errors";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventPublisher, MAX_VIDEO_IDS_PER_EVENT, readEvents } from "./events";

const services = testServices();
let redis: Redis;
const at = "2026-03-10T12:00:00.000Z";

beforeAll(() => {
  redis = new Redis(services.redis.url);
});
afterAll(async () => {
  await redis.quit();
});

describe("tiktok.videos.update stream", () => {
  it("round-trips every event type in order", async () => {
    const stream = uniqueName("events");
    const publisher = createEventPublisher(redis, { stream });
    const base = { accountId: "acc_1", userId: "user-1", at };
    await publisher.publish({ type: "upsert", ...base, videoIds: ["1", "2"] });
    await publisher.publish({ type: "metrics", ...base, videoIds: ["1"] });
    await publisher.publish({ type: "prune", ...base, videoIds: [], scope: "account" });
    await publisher.publish({ type: "account_status", ...base, status: "needs_reauth", reason: "invalid_grant" });
    const read = await readEvents(redis, stream);
    expect(read.invalid).toEqual([]);
    expect(read.events.map((entry) => entry.event)).toEqual([
      { type: "upsert", ...base, videoIds: ["1", "2"] },
      { type: "metrics", ...base, videoIds: ["1"] },
      { type: "prune", ...base, videoIds: [], scope: "account" },
      { type: "account_status", ...base, status: "needs_reauth", reason: "invalid_grant" },
    ]);
  });

  it("splits a long id list into several entries and pages through them with from/count", async () => {
    const stream = uniqueName("events");
    const publisher = createEventPublisher(redis, { stream });
    const ids = Array.from({ length: MAX_VIDEO_IDS_PER_EVENT * 2 + 7 }, (_, i) => String(i));
    const entryIds = await publisher.publish({ type: "metrics", accountId: "acc_1", userId: "u", at, videoIds: ids });
    expect(entryIds).toHaveLength(3);
    const first = await readEvents(redis, stream, { count: 2 });
    expect(first.events.map((entry) => entry.id)).toEqual(entryIds.slice(0, 2));
    const rest = await readEvents(redis, stream, { from: first.lastId, count: 10 });
    expect(rest.events.map((entry) => entry.id)).toEqual(entryIds.slice(2));
    const all = [...first.events, ...rest.events].flatMap((entry) =>
      "videoIds" in entry.event ? entry.event.videoIds : [],
    );
    expect(all).toEqual(ids);
  });

  it("rejects an invalid event before writing anything", async () => {
    const stream = uniqueName("events");
    const publisher = createEventPublisher(redis, { stream });
    const bad = { type: "upsert" as const, accountId: "acc_1", userId: "u", at: "now", videoIds: ["1"] };
    const error = await publisher.publish(bad).catch((caught: unknown) => caught);
    expect(isAppError(error, "VALIDATION_FAILED")).toBe(true);
    expect((error as Error).message).toContain("at");
    await expect(
      publisher.publish({ type: "prune", accountId: "acc_1", userId: "u", at, videoIds: [] }),
    ).rejects.toThrow(/videoIds/);
    expect(await redis.xlen(stream)).toBe(0);
  });

  it("reports a malformed entry without throwing, and keeps reading past it", async () => {
    const stream = uniqueName("events");
    await redis.xadd(stream, "*", "type", "upsert", "payload", "{not json");
    await redis.xadd(stream, "*", "type", "upsert", "payload", JSON.stringify({ type: "upsert", accountId: "a" }));
    await createEventPublisher(redis, { stream }).publish({
      type: "metrics",
      accountId: "a",
      userId: "u",
      at,
      videoIds: ["9"],
    });
    const read = await readEvents(redis, stream);
    expect(read.invalid).toHaveLength(2);
    expect(read.events).toHaveLength(1);
    expect(read.lastId).toBe(read.events[0]?.id);
  });

  it("trims the stream to about maxLen entries", async () => {
    const stream = uniqueName("events");
    const publisher = createEventPublisher(redis, { stream, maxLen: 10 });
    for (let i = 0; i < 300; i += 1) {
      await publisher.publish({ type: "metrics", accountId: "a", userId: "u", at, videoIds: [String(i)] });
    }
    expect(await redis.xlen(stream)).toBeLessThan(150);
  });
});
