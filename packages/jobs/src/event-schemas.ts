import { z } from "zod";
import { VIDEOS_UPDATE_EVENT, VideosUpdateEventSchema } from "./events";

/**
 * The major version of the published `tiktok.videos.update` message schema (`schemas/events.v<N>.json`). Raise it
 * only for a breaking change (see the README's versioning rule); the old file stays published.
 */
export const EVENTS_SCHEMA_VERSION = 1;

const VARIANTS: Record<string, { title: string; description: string }> = {
  upsert: { title: "upsert", description: "Videos were added or changed; read them with GET /v1/videos/{videoId}." },
  metrics: { title: "metrics", description: "New counts were stored for these videos." },
  prune: {
    title: "prune",
    description:
      'Videos are gone. scope "videos": the listed ones; scope "account": every video of the account (e.g. after revocation), with videoIds empty.',
  },
  account_status: {
    title: "account_status",
    description:
      "The account's status changed (needs re-authorization, revoked, error, active again); reason is a stable code, never a token or TikTok's text.",
  },
  account_claimed: {
    title: "account_claimed",
    description:
      'Another platform user (claimedByUserId) connected this TikTok account; userId is the user it was linked to. outcome "refused": the account was still linked to userId and stays so; "moved": that link had been revoked, so the account and its history now belong to claimedByUserId.',
  },
};

type Json = Record<string, unknown>;

/**
 * The JSON Schema (2020-12) of one `tiktok.videos.update` message (the `payload` field of a stream entry),
 * generated from {@link VideosUpdateEventSchema}, the schema the publisher validates with. Two edits to the
 * generated form, both for consumers: `additionalProperties: false` is dropped (producers never add unknown
 * fields, and consumers must ignore fields added later in the same version), and prune's rule (no ids with scope
 * "account", at least one otherwise), a refinement zod cannot express in JSON Schema, is written as if/then/else.
 */
export function videosUpdateEventsJsonSchema(): Json {
  const generated = z.toJSONSchema(VideosUpdateEventSchema, { io: "output", target: "draft-2020-12" }) as Json;
  const variants = (generated.oneOf as Json[]).map((variant) => {
    const type = String(((variant.properties as Record<string, Json>).type as Json).const);
    const described = { ...VARIANTS[type], ...withoutClosedObjects(variant) };
    return type === "prune" ? { ...described, ...PRUNE_RULE } : described;
  });
  return {
    $schema: generated.$schema,
    $id: `urn:trendpot:event:${VIDEOS_UPDATE_EVENT}:v${EVENTS_SCHEMA_VERSION}`,
    title: `${VIDEOS_UPDATE_EVENT} message, version ${EVENTS_SCHEMA_VERSION}`,
    description:
      "The JSON in the `payload` field of each entry of the Redis stream `<REDIS_PREFIX>:tiktok.videos.update`; the entry's `type` field repeats the message's type. Consumers must ignore unknown fields and unknown message types.",
    oneOf: variants,
  };
}

const PRUNE_RULE = {
  if: { properties: { scope: { const: "account" } } },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keyword; this object is never awaited.
  then: { properties: { videoIds: { type: "array", maxItems: 0 } } },
  else: { properties: { videoIds: { type: "array", minItems: 1 } } },
};

function withoutClosedObjects(schema: unknown): Json {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return schema as Json;
  const result: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "additionalProperties" && value === false) continue;
    result[key] =
      typeof value === "object" && value !== null && !Array.isArray(value) ? withoutClosedObjects(value) : value;
  }
  return result;
}
