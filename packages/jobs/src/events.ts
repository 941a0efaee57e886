import { AppError } from "@trendpot/errors";
import type { Cluster, Redis } from "ioredis";
import { z } from "zod";
import { chunked } from "./chunked";
import { AccountIdSchema, VideoIdSchema } from "./payloads";

/** The event's name, and the default name of its stream under the Redis prefix. */
export const VIDEOS_UPDATE_EVENT = "tiktok.videos.update";

/** The Redis stream a deployment publishes `tiktok.videos.update` to: `<REDIS_PREFIX>:tiktok.videos.update`. */
export function videosUpdateStream(redisPrefix: string): string {
  return `${redisPrefix}:${VIDEOS_UPDATE_EVENT}`;
}

/** Most video ids in one stream entry; longer lists are split into several entries published together. */
export const MAX_VIDEO_IDS_PER_EVENT = 500;

const base = {
  accountId: AccountIdSchema,
  userId: z.string().min(1).max(200),
  at: z.iso.datetime({ offset: true }),
};
const videoIds = z.array(VideoIdSchema).max(MAX_VIDEO_IDS_PER_EVENT);

/**
 * `tiktok.videos.update`: upsert (videos added or changed), metrics (new counts), prune (videos gone; with
 * `scope: "account"` every video of the account, e.g. after revocation, and `videoIds` empty), account_status
 * (the account needs re-authorization, was revoked or is active again), and account_claimed (another platform user
 * connected the account; sent to the user it was linked to).
 */
export const VideosUpdateEventSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("upsert"), ...base, videoIds: videoIds.min(1) }),
  z.strictObject({ type: z.literal("metrics"), ...base, videoIds: videoIds.min(1) }),
  z
    .strictObject({
      type: z.literal("prune"),
      ...base,
      videoIds,
      scope: z.enum(["videos", "account"]).default("videos"),
    })
    .refine((event) => (event.scope === "account" ? event.videoIds.length === 0 : event.videoIds.length > 0), {
      message: "prune lists video ids, or none with scope 'account'",
      path: ["videoIds"],
    }),
  z.strictObject({
    type: z.literal("account_status"),
    ...base,
    status: z.enum(["active", "needs_reauth", "revoked", "error"]),
    /** A stable code (e.g. `invalid_grant`, `authorization.removed`), never a token or a raw TikTok message. */
    reason: z.string().min(1).max(100).optional(),
  }),
  z.strictObject({
    type: z.literal("account_claimed"),
    /** `userId` is the user the account was linked to, whom this event tells. */
    ...base,
    /** `moved`: their link had been revoked, so the account (and its history) now belongs to `claimedByUserId`;
     * `refused`: it is still linked to them and nothing changed. */
    outcome: z.enum(["moved", "refused"]),
    claimedByUserId: z.string().min(1).max(200),
  }),
]);
export type VideosUpdateEvent = z.infer<typeof VideosUpdateEventSchema>;
/** What a producer passes: any number of video ids (chunked on publish). */
export type VideosUpdateEventInput = z.input<typeof VideosUpdateEventSchema>;

/** One stream entry read back. */
export interface StreamEvent {
  id: string;
  event: VideosUpdateEvent;
}

/** Publishes `tiktok.videos.update` events to a capped Redis stream. */
export interface EventPublisher {
  /** Validates and appends the event (several entries, atomically, when it lists many ids); returns their ids. */
  publish(event: VideosUpdateEventInput): Promise<string[]>;
}

/**
 * A publisher on `stream` (e.g. `${REDIS_PREFIX}:tiktok.videos.update`). The stream is trimmed to about `maxLen`
 * entries (approximate trimming keeps XADD O(1)); consumers that fall further behind than that lose events, so size
 * it for the slowest consumer's worst outage.
 */
export function createEventPublisher(
  redis: Redis | Cluster,
  options: { stream: string; maxLen?: number },
): EventPublisher {
  const maxLen = options.maxLen ?? 100_000;
  return {
    async publish(input) {
      const events = chunkEvent(input).map((chunk) => parseEvent(chunk, "publish"));
      const multi = redis.multi();
      for (const event of events) {
        multi.xadd(options.stream, "MAXLEN", "~", maxLen, "*", "type", event.type, "payload", JSON.stringify(event));
      }
      const results = (await multi.exec()) ?? [];
      return results.map(([error, id]) => {
        if (error) throw error;
        return String(id);
      });
    },
  };
}

function chunkEvent(input: VideosUpdateEventInput): VideosUpdateEventInput[] {
  if (!("videoIds" in input) || !Array.isArray(input.videoIds) || input.videoIds.length <= MAX_VIDEO_IDS_PER_EVENT) {
    return [input];
  }
  return chunked(input.videoIds, MAX_VIDEO_IDS_PER_EVENT).map((videoIds) => ({ ...input, videoIds }));
}

function parseEvent(value: unknown, side: "publish" | "read", entryId?: string): VideosUpdateEvent {
  const result = VideosUpdateEventSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.join(".") || "(root)",
    message: issue.message,
  }));
  throw new AppError("VALIDATION_FAILED", {
    message: `Invalid ${VIDEOS_UPDATE_EVENT} event (${side}): ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
    details: { event: VIDEOS_UPDATE_EVENT, side, issues, ...(entryId ? { entryId } : {}) },
  });
}

/** Entries read from the stream; malformed ones are reported, not thrown, so one bad entry cannot stall a reader. */
export interface ReadEventsResult {
  events: StreamEvent[];
  invalid: { id: string; message: string }[];
  /** The id to pass as `from` next time (the last entry read, valid or not). */
  lastId: string | undefined;
}

/** Reads up to `count` entries after `from` (exclusive; default: from the start of the stream). */
export async function readEvents(
  redis: Redis | Cluster,
  stream: string,
  options: { from?: string; count?: number } = {},
): Promise<ReadEventsResult> {
  const start = options.from && options.from !== "0" && options.from !== "-" ? `(${options.from}` : "-";
  const entries = await redis.xrange(stream, start, "+", "COUNT", options.count ?? 100);
  const result: ReadEventsResult = { events: [], invalid: [], lastId: undefined };
  for (const [id, fields] of entries) {
    result.lastId = id;
    try {
      result.events.push({ id, event: parseEvent(decodePayload(fields), "read", id) });
    } catch (error) {
      result.invalid.push({ id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

function decodePayload(fields: string[]): unknown {
  const index = fields.indexOf("payload");
  const raw = index >= 0 && index % 2 === 0 ? fields[index + 1] : undefined;
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
