import { AppError } from "@trendpot/errors";
import { joinUrl } from "./endpoints";
import { fieldsParam, REQUIRED_USER_FIELDS, REQUIRED_VIDEO_FIELDS, type UserField, type VideoField } from "./fields";
import { type HttpContext, sendTikTokRequest } from "./http";
import {
  UserInfoResponseSchema,
  type UserPayload,
  VideoListResponseSchema,
  type VideoPayload,
  VideoQueryResponseSchema,
} from "./schemas";

/** The most videos TikTok returns per list page and accepts per query. */
export const MAX_VIDEOS_PER_REQUEST = 20;

/** A TikTok user; fields not requested (or not covered by granted scopes) are absent. */
export interface TikTokUser {
  openId: string;
  unionId?: string;
  avatarUrl?: string;
  avatarUrl100?: string;
  avatarLargeUrl?: string;
  displayName?: string;
  bioDescription?: string;
  profileDeepLink?: string;
  isVerified?: boolean;
  username?: string;
  followerCount?: number;
  followingCount?: number;
  likesCount?: number;
  videoCount?: number;
}

/** A TikTok video; fields not requested are absent. `coverImageUrl` expires about 6 hours after it is served. */
export interface TikTokVideo {
  id: string;
  createTime: Date;
  coverImageUrl?: string;
  shareUrl?: string;
  videoDescription?: string;
  /** Seconds. */
  duration?: number;
  height?: number;
  width?: number;
  title?: string;
  embedHtml?: string;
  embedLink?: string;
  likeCount?: number;
  commentCount?: number;
  shareCount?: number;
  viewCount?: number;
}

/** Options of one `/v2/video/list/` page. */
export interface ListVideosParams {
  /** Epoch milliseconds: the previous page's `cursor`, or a time to list videos posted before it. */
  cursor?: number;
  /** 1–20; TikTok's default is 10. */
  maxCount?: number;
  fields: readonly VideoField[];
}

/** One page of videos. Keep paging while `hasMore`: pages may be shorter than asked even when more exist. */
export interface VideoPage {
  videos: TikTokVideo[];
  cursor: number | undefined;
  hasMore: boolean;
}

/** `GET /v2/user/info/` for the given fields (`open_id` is always added). */
export async function getUserInfo(
  ctx: HttpContext,
  apiBaseUrl: string,
  accessToken: string,
  fields: readonly UserField[],
): Promise<TikTokUser> {
  const url = joinUrl(apiBaseUrl, "/v2/user/info/");
  url.searchParams.set("fields", fieldsParam(REQUIRED_USER_FIELDS, fields));
  const body = await sendTikTokRequest(ctx, {
    endpoint: "user.info",
    method: "GET",
    url,
    headers: bearerHeaders(accessToken),
    secrets: [accessToken],
    schema: UserInfoResponseSchema,
  });
  return toUser(body.data.user);
}

/** `POST /v2/video/list/`: one page of the user's public videos, newest first. */
export async function listVideos(
  ctx: HttpContext,
  apiBaseUrl: string,
  accessToken: string,
  params: ListVideosParams,
): Promise<VideoPage> {
  const { cursor, maxCount } = params;
  if (maxCount !== undefined && (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > MAX_VIDEOS_PER_REQUEST)) {
    throw invalid(`maxCount must be an integer from 1 to ${MAX_VIDEOS_PER_REQUEST}.`);
  }
  if (cursor !== undefined && (!Number.isInteger(cursor) || cursor < 0)) {
    throw invalid("cursor must be a non-negative integer of epoch milliseconds.");
  }
  const body = await sendTikTokRequest(ctx, {
    endpoint: "video.list",
    method: "POST",
    url: videoUrl(apiBaseUrl, "/v2/video/list/", params.fields),
    headers: { ...bearerHeaders(accessToken), "content-type": "application/json" },
    body: JSON.stringify({
      ...(maxCount === undefined ? {} : { max_count: maxCount }),
      ...(cursor === undefined ? {} : { cursor }),
    }),
    secrets: [accessToken],
    schema: VideoListResponseSchema,
  });
  const { data } = body;
  return { videos: (data.videos ?? []).map(toVideo), cursor: data.cursor ?? undefined, hasMore: data.has_more };
}

/** `POST /v2/video/query/` for at most 20 ids; larger inputs are rejected (see {@link queryVideosBatched}). */
export async function queryVideos(
  ctx: HttpContext,
  apiBaseUrl: string,
  accessToken: string,
  videoIds: readonly string[],
  fields: readonly VideoField[],
): Promise<TikTokVideo[]> {
  if (videoIds.length > MAX_VIDEOS_PER_REQUEST) {
    throw invalid(
      `queryVideos accepts at most ${MAX_VIDEOS_PER_REQUEST} ids (got ${videoIds.length}); use queryVideosBatched.`,
    );
  }
  if (videoIds.some((id) => typeof id !== "string" || id.length === 0)) throw invalid("Video ids must be non-empty.");
  if (videoIds.length === 0) return [];
  const body = await sendTikTokRequest(ctx, {
    endpoint: "video.query",
    method: "POST",
    url: videoUrl(apiBaseUrl, "/v2/video/query/", fields),
    headers: { ...bearerHeaders(accessToken), "content-type": "application/json" },
    body: JSON.stringify({ filters: { video_ids: videoIds } }),
    secrets: [accessToken],
    schema: VideoQueryResponseSchema,
  });
  return (body.data.videos ?? []).map(toVideo);
}

/** Queries any number of ids in sequential calls of at most 20, one budgeted HTTP call per chunk. */
export async function queryVideosBatched(
  ctx: HttpContext,
  apiBaseUrl: string,
  accessToken: string,
  videoIds: readonly string[],
  fields: readonly VideoField[],
): Promise<TikTokVideo[]> {
  const videos: TikTokVideo[] = [];
  for (const ids of chunk([...new Set(videoIds)], MAX_VIDEOS_PER_REQUEST)) {
    videos.push(...(await queryVideos(ctx, apiBaseUrl, accessToken, ids, fields)));
  }
  return videos;
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw invalid("Chunk size must be a positive integer.");
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function videoUrl(apiBaseUrl: string, path: string, fields: readonly VideoField[]): URL {
  const url = joinUrl(apiBaseUrl, path);
  url.searchParams.set("fields", fieldsParam(REQUIRED_VIDEO_FIELDS, fields));
  return url;
}

function bearerHeaders(accessToken: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}`, accept: "application/json" };
}

function toUser(user: UserPayload): TikTokUser {
  return withoutUndefined({
    openId: user.open_id,
    unionId: user.union_id,
    avatarUrl: user.avatar_url,
    avatarUrl100: user.avatar_url_100,
    avatarLargeUrl: user.avatar_large_url,
    displayName: user.display_name,
    bioDescription: user.bio_description,
    profileDeepLink: user.profile_deep_link,
    isVerified: user.is_verified,
    username: user.username,
    followerCount: user.follower_count,
    followingCount: user.following_count,
    likesCount: user.likes_count,
    videoCount: user.video_count,
  });
}

function toVideo(video: VideoPayload): TikTokVideo {
  return withoutUndefined({
    id: video.id,
    // TikTok sends seconds here, while list cursors are milliseconds.
    createTime: new Date(video.create_time * 1000),
    coverImageUrl: video.cover_image_url,
    shareUrl: video.share_url,
    videoDescription: video.video_description,
    duration: video.duration,
    height: video.height,
    width: video.width,
    title: video.title,
    embedHtml: video.embed_html,
    embedLink: video.embed_link,
    likeCount: video.like_count,
    commentCount: video.comment_count,
    shareCount: video.share_count,
    viewCount: video.view_count,
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function invalid(message: string): AppError {
  return new AppError("VALIDATION_FAILED", { message });
}
