import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SandboxContext } from "../context";
import { splitList, USER_FIELD_SCOPES, VIDEO_FIELD_SCOPES } from "../fields";
import { displayError, displayOk } from "../responses";
import type { TokenRecord } from "../state/tokens";
import { userFields, videoFields } from "../views";

const MAX_IDS = 20;
const MAX_COUNT = 20;
const DEFAULT_COUNT = 10;

interface Authorized {
  token: TokenRecord;
  fields: string[];
}

/**
 * Bearer token, the endpoint's scope, then `fields`: unknown → invalid_params; needing a scope the token lacks →
 * scope_permission_missed. Sends the error and returns undefined on failure.
 */
function authorize(
  ctx: SandboxContext,
  request: FastifyRequest,
  reply: FastifyReply,
  endpointScope: string,
  fieldScopes: Readonly<Record<string, string>>,
): Authorized | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  const token = match ? ctx.tokens.live(match[1] as string, "access", ctx.now()) : undefined;
  if (!token) {
    displayError(
      request,
      reply,
      401,
      "access_token_invalid",
      "The access token is invalid or not found in the request.",
    );
    return undefined;
  }
  request.sbx.openId = token.openId;
  if (!token.scopes.includes(endpointScope)) {
    displayError(
      request,
      reply,
      401,
      "scope_not_authorized",
      "The user did not authorize the scope required for completing this request.",
    );
    return undefined;
  }
  const raw = (request.query as Record<string, unknown>).fields;
  const fields = typeof raw === "string" ? splitList(raw) : [];
  if (fields.length === 0) {
    displayError(request, reply, 400, "invalid_params", "fields is required.");
    return undefined;
  }
  const unknown = fields.filter((name) => !(name in fieldScopes));
  if (unknown.length > 0) {
    displayError(request, reply, 400, "invalid_params", `Invalid fields: ${unknown.join(",")}.`);
    return undefined;
  }
  const missing = fields.filter((name) => !token.scopes.includes(fieldScopes[name] as string));
  if (missing.length > 0) {
    const detail = missing.map((name) => `${name} (${fieldScopes[name]})`).join(", ");
    displayError(
      request,
      reply,
      400,
      "scope_permission_missed",
      `Fields need scopes the user did not grant: ${detail}.`,
    );
    return undefined;
  }
  return { token, fields };
}

type JsonBody = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** The JSON object body; an empty body counts as `{}`. */
function jsonBody(request: FastifyRequest): JsonBody {
  const body = request.body;
  if (body === undefined || body === null || body === "") return { ok: true, value: {} };
  const type = request.headers["content-type"] ?? "";
  if (typeof body !== "string" || !type.startsWith("application/json")) {
    return { ok: false, message: "The request body must be JSON (Content-Type: application/json)." };
  }
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return { ok: true, value: value as Record<string, unknown> };
    }
  } catch {
    // fall through
  }
  return { ok: false, message: "The request body must be a JSON object." };
}

function isInt(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** One page of the owner's public videos, newest first, before `cursor` (ms); short pages when planned. */
function listVideos(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply, auth: Authorized) {
  const body = jsonBody(request);
  if (!body.ok) return displayError(request, reply, 400, "invalid_params", body.message);
  const { max_count: maxCount = DEFAULT_COUNT, cursor } = body.value;
  if (!isInt(maxCount, 1, MAX_COUNT)) {
    return displayError(request, reply, 400, "invalid_params", `max_count must be an integer from 1 to ${MAX_COUNT}.`);
  }
  if (cursor !== undefined && !isInt(cursor, 0, Number.MAX_SAFE_INTEGER)) {
    return displayError(request, reply, 400, "invalid_params", "cursor must be a UTC Unix timestamp in milliseconds.");
  }
  const openId = auth.token.openId;
  const nowSec = Math.floor(ctx.now() / 1000);
  const eligible = ctx.store
    .publicVideosOf(openId, nowSec)
    .filter((video) => cursor === undefined || video.createTime * 1000 < cursor);
  const forced = ctx.store.nextShortPage(openId, cursor === undefined);
  const page = eligible.slice(0, forced === undefined ? maxCount : Math.min(forced, maxCount));
  const last = page.at(-1);
  return displayOk(request, reply, {
    videos: page.map((video) => videoFields(ctx, video, auth.fields)),
    cursor: last ? last.createTime * 1000 : (cursor ?? (nowSec + 1) * 1000),
    has_more: eligible.length > page.length,
  });
}

export function registerDisplayRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get("/v2/user/info/", { config: { endpoint: "user.info" } }, async (request, reply) => {
    const auth = authorize(ctx, request, reply, "user.info.basic", USER_FIELD_SCOPES);
    if (!auth) return reply;
    const creator = ctx.store.creator(auth.token.openId);
    return displayOk(request, reply, { user: userFields(ctx, creator, auth.fields) });
  });

  app.post("/v2/video/list/", { config: { endpoint: "video.list" } }, async (request, reply) => {
    const auth = authorize(ctx, request, reply, "video.list", VIDEO_FIELD_SCOPES);
    return auth ? listVideos(ctx, request, reply, auth) : reply;
  });

  app.post("/v2/video/query/", { config: { endpoint: "video.query" } }, async (request, reply) => {
    const auth = authorize(ctx, request, reply, "video.list", VIDEO_FIELD_SCOPES);
    if (!auth) return reply;
    const body = jsonBody(request);
    if (!body.ok) return displayError(request, reply, 400, "invalid_params", body.message);
    const filters = body.value.filters as { video_ids?: unknown } | undefined;
    const ids = filters?.video_ids;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_IDS || !ids.every((id) => typeof id === "string")) {
      return displayError(
        request,
        reply,
        400,
        "invalid_params",
        `filters.video_ids must list 1 to ${MAX_IDS} video ids.`,
      );
    }
    const nowSec = Math.floor(ctx.now() / 1000);
    const owned = new Map(ctx.store.publicVideosOf(auth.token.openId, nowSec).map((video) => [video.id, video]));
    const videos = [...new Set(ids as string[])].flatMap((id) => {
      const video = owned.get(id);
      return video ? [videoFields(ctx, video, auth.fields)] : [];
    });
    return displayOk(request, reply, { videos });
  });
}
