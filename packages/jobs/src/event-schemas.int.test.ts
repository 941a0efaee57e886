import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkSnapshot, diffSchemas } from "@trendpot/contracts";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTS_SCHEMA_VERSION, videosUpdateEventsJsonSchema } from "./event-schemas";
import { createEventPublisher, MAX_VIDEO_IDS_PER_EVENT, type VideosUpdateEventInput } from "./events";

const PUBLISHED = fileURLToPath(new URL(`../schemas/events.v${EVENTS_SCHEMA_VERSION}.json`, import.meta.url));
const services = testServices();
let redis: Redis;
const at = "2026-03-10T12:00:00.000Z";
const base = { accountId: "acc_k3v9x2m7q1", userId: "user_42", at };

beforeAll(() => {
  redis = new Redis(services.redis.url);
});
afterAll(async () => {
  await redis.quit();
});

/** A validator for the committed schema file: what a consumer in any language would load. */
function publishedValidator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(PUBLISHED, "utf8")));
}

const majorOf = (schema: unknown) => Number(/:v(\d+)$/.exec(String((schema as { $id?: string }).$id))?.[1] ?? 0);

describe(`schemas/events.v${EVENTS_SCHEMA_VERSION}.json`, () => {
  it("is generated from the publisher's zod schema and changes only compatibly within its version", () => {
    const result = checkSnapshot({
      path: PUBLISHED,
      current: videosUpdateEventsJsonSchema(),
      diff: (before, after) => diffSchemas(before, after, "output"),
      bumped: (before, after) => majorOf(after) > majorOf(before),
      update: process.env.UPDATE_CONTRACTS === "1",
      updateCommand:
        "UPDATE_CONTRACTS=1 bash scripts/tp.sh exec sh -c 'cd packages/jobs && vitest run src/event-schemas'",
    });
    expect(result.ok, result.message).toBe(true);
  });

  it("would refuse a breaking change to the messages: a field removed, a type widened", () => {
    const published = JSON.parse(readFileSync(PUBLISHED, "utf8"));
    const broken = structuredClone(published);
    delete broken.oneOf[0].properties.userId;
    broken.oneOf[3].properties.status = { type: ["string", "null"] };
    expect(diffSchemas(published, broken, "output").map((change) => `${change.at}: ${change.message}`)).toEqual([
      "<upsert>.userId: field removed",
      "<account_status>.status: type changed: may now be null",
    ]);
  });

  it("validates every message the publisher writes to the stream, of every type", async () => {
    const stream = uniqueName("events-contract");
    const publisher = createEventPublisher(redis, { stream });
    const inputs: VideosUpdateEventInput[] = [
      { type: "upsert", ...base, videoIds: ["7345678901234567890", "7345678901234567891"] },
      { type: "metrics", ...base, videoIds: Array.from({ length: MAX_VIDEO_IDS_PER_EVENT + 3 }, (_, i) => `${i}`) },
      { type: "prune", ...base, videoIds: ["7345678901234567890"] },
      { type: "prune", ...base, videoIds: [], scope: "account" },
      { type: "account_status", ...base, status: "needs_reauth", reason: "invalid_grant" },
      { type: "account_status", ...base, status: "active" },
      { type: "account_claimed", ...base, outcome: "refused", claimedByUserId: "user_43" },
      { type: "account_claimed", ...base, outcome: "moved", claimedByUserId: "user_43" },
    ];
    for (const input of inputs) await publisher.publish(input);
    const entries = await redis.xrange(stream, "-", "+");
    // The long metrics list is split in two entries.
    expect(entries).toHaveLength(inputs.length + 1);
    const validate = publishedValidator();
    for (const [id, fields] of entries) {
      const entry = Object.fromEntries([0, 2].map((i) => [fields[i], fields[i + 1]]));
      const payload = JSON.parse(String(entry.payload));
      expect(validate(payload), `${id}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(entry.type).toBe(payload.type);
    }
  });

  it("refuses what the contract forbids, so the check above can fail", () => {
    const validate = publishedValidator();
    expect(validate({ type: "prune", ...base, videoIds: ["1"], scope: "account" })).toBe(false);
    expect(validate({ type: "prune", ...base, videoIds: [], scope: "videos" })).toBe(false);
    expect(validate({ type: "upsert", accountId: base.accountId, at, videoIds: ["1"] })).toBe(false);
    expect(validate({ type: "upsert", ...base, at: "yesterday", videoIds: ["1"] })).toBe(false);
    expect(validate({ type: "account_status", ...base, status: "paused" })).toBe(false);
    // Fields added later in the same version must not break consumers that validate.
    expect(validate({ type: "metrics", ...base, videoIds: ["1"], addedLater: true })).toBe(true);
  });
});

describe("the README's consumer: a consumer group that acknowledges and can replay from an id", () => {
  it("reads new entries once per group, leaves unacknowledged ones pending, and replays from a given id", async () => {
    const stream = uniqueName("events-consumer");
    const publisher = createEventPublisher(redis, { stream });
    const [first] = await publisher.publish({ type: "upsert", ...base, videoIds: ["1"] });
    await redis.xgroup("CREATE", stream, "platform", "0", "MKSTREAM");
    await publisher.publish({ type: "metrics", ...base, videoIds: ["1"] });

    const read = async () =>
      (await redis.xreadgroup("GROUP", "platform", "worker-1", "COUNT", 10, "STREAMS", stream, ">")) as
        | [string, [string, string[]][]][]
        | null;
    const batch = (await read())?.[0]?.[1] ?? [];
    expect(batch).toHaveLength(2);
    // Acknowledge only the first: the second stays pending (a crash before XACK means redelivery, not loss).
    await redis.xack(stream, "platform", batch[0]?.[0] ?? "");
    const pending = (await redis.xpending(stream, "platform")) as [number, ...unknown[]];
    expect(pending[0]).toBe(1);
    expect(await read()).toBeNull();

    // Replay: move the group back to just before `first`, and everything from it is delivered again.
    await redis.xgroup("SETID", stream, "platform", "0");
    const replayed = (await read())?.[0]?.[1] ?? [];
    expect(replayed.map(([id]) => id)).toEqual([first, batch[1]?.[0]]);
  });
});
