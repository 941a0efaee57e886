import type { SandboxContext } from "./context";
import { coverImageUrl, embedHtml, videoUrl } from "./embed";
import type { CreatorRecord, VideoRecord } from "./state/store";

/** `data.user` with exactly the requested fields, in the requested order. */
export function userFields(ctx: SandboxContext, creator: CreatorRecord, fields: string[]): Record<string, unknown> {
  const view = ctx.store.creatorView(creator, Math.floor(ctx.now() / 1000));
  const all: Record<string, unknown> = {
    open_id: view.openId,
    union_id: view.unionId,
    avatar_url: view.avatarUrl,
    avatar_url_100: view.avatarUrl100,
    avatar_large_url: view.avatarLargeUrl,
    display_name: view.displayName,
    bio_description: view.bioDescription,
    profile_deep_link: view.profileDeepLink,
    is_verified: view.isVerified,
    username: view.username,
    follower_count: view.followerCount,
    following_count: view.followingCount,
    likes_count: view.likesCount,
    video_count: view.videoCount,
  };
  return Object.fromEntries(fields.map((name) => [name, all[name]]));
}

/** A Display API Video object with exactly the requested fields and metrics as of the sandbox clock. */
export function videoFields(ctx: SandboxContext, video: VideoRecord, fields: string[]): Record<string, unknown> {
  const nowSec = Math.floor(ctx.now() / 1000);
  const creator = ctx.store.creator(video.openId);
  const stats = ctx.store.currentStats(video, nowSec);
  const values: Record<string, () => unknown> = {
    id: () => video.id,
    create_time: () => video.createTime,
    cover_image_url: () => coverImageUrl(video, nowSec),
    share_url: () =>
      `${videoUrl(creator.username, video.id)}?utm_campaign=tt4d_open_api&utm_source=${ctx.options.clientKey}`,
    video_description: () => video.description,
    duration: () => video.duration,
    height: () => video.height,
    width: () => video.width,
    title: () => video.title,
    embed_html: () => embedHtml(video, creator),
    embed_link: () =>
      `https://www.tiktok.com/player/v1/${video.id}?utm_campaign=tt4d_open_api&utm_source=${ctx.options.clientKey}`,
    like_count: () => stats.likes,
    comment_count: () => stats.comments,
    share_count: () => stats.shares,
    view_count: () => stats.views,
  };
  return Object.fromEntries(fields.map((name) => [name, values[name]?.()]));
}
