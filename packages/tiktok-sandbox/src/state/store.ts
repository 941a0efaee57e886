import { conflict, notFound } from "../errors";
import type { CreatorInput, SandboxCreator, SandboxRequest, SandboxVideo, VideoInput, VideoStats } from "../types";
import { statsAtAge } from "./metrics";
import { createRng, stableHex, stableUuid, timeBasedId } from "./prng";

export interface CreatorRecord extends CreatorInput {
  avatarUrl100: string;
  avatarLargeUrl: string;
  profileDeepLink: string;
}

export interface VideoRecord extends Omit<VideoInput, "stats"> {
  openId: string;
  stats: VideoStats;
}

const CDN = "https://p16-sign.tiktokcdn-us.com";
/** The request log keeps the latest entries only, so a long-running local stack does not grow without bound. */
const MAX_LOGGED_REQUESTS = 10_000;

/** Creators, videos and the request log. Tokens and codes live in {@link TokenStore}. */
export class SandboxStore {
  readonly creators = new Map<string, CreatorRecord>();
  readonly videos = new Map<string, VideoRecord>();
  readonly requests: SandboxRequest[] = [];
  private readonly shortPages = new Map<string, { sizes: number[]; next: number }>();

  logRequest(entry: SandboxRequest): void {
    this.requests.push(entry);
    if (this.requests.length > MAX_LOGGED_REQUESTS) this.requests.splice(0, this.requests.length - MAX_LOGGED_REQUESTS);
  }

  addCreator(input: Partial<CreatorInput>): CreatorRecord {
    const n = this.creators.size + 1;
    const username = input.username ?? `sbx.creator${n}`;
    const openId = input.openId ?? stableUuid(`open:${username}:${n}`);
    if (this.creators.has(openId)) throw conflict(`creator ${openId} already exists`);
    const rng = createRng(`creator:${openId}`);
    const avatarHash = stableHex(`avatar:${openId}`);
    const avatar = (size: number) => `${CDN}/tos-useast5-avt-0068-tx/${avatarHash}~c5_${size}x${size}.jpeg`;
    const record: CreatorRecord = {
      openId,
      unionId: input.unionId ?? stableUuid(`union:${openId}`),
      username,
      displayName: input.displayName ?? `Sandbox Creator ${n}`,
      bioDescription: input.bioDescription ?? "",
      avatarUrl: input.avatarUrl ?? avatar(168),
      avatarUrl100: input.avatarUrl ?? avatar(100),
      avatarLargeUrl: input.avatarUrl ?? avatar(720),
      profileDeepLink: `https://vm.tiktok.com/ZM${stableHex(`deeplink:${openId}`, 7).toUpperCase()}/`,
      isVerified: input.isVerified ?? false,
      followerCount: input.followerCount ?? rng.int(100, 50_000),
      followingCount: input.followingCount ?? rng.int(10, 900),
      likesCount: input.likesCount ?? 0,
    };
    this.creators.set(openId, record);
    return record;
  }

  creator(openId: string): CreatorRecord {
    const creator = this.creators.get(openId);
    if (!creator) throw notFound(`unknown creator ${openId}`);
    return creator;
  }

  /** Adds videos; defaults start at `nowSec` and go back an hour per video. */
  addVideos(openId: string, inputs: Partial<VideoInput>[], nowSec: number): VideoRecord[] {
    const creator = this.creator(openId);
    return inputs.map((input, i) => {
      const createTime = this.freeCreateTime(openId, input.createTime ?? nowSec - i * 3600);
      const rng = createRng(`video:${openId}:${createTime}:${this.videos.size}`);
      const id = input.id ?? timeBasedId(createTime, rng.uint32());
      if (this.videos.has(id)) throw conflict(`video ${id} already exists`);
      const description = input.description ?? `Sandbox video ${this.videos.size + 1} #sandbox`;
      const views = input.stats?.views ?? rng.int(500, 200_000);
      const record: VideoRecord = {
        id,
        openId,
        createTime,
        description,
        title: input.title ?? description.slice(0, 150),
        duration: input.duration ?? rng.int(7, 90),
        width: input.width ?? 1080,
        height: input.height ?? 1920,
        soundTitle: input.soundTitle ?? `original sound - ${creator.username}`,
        soundId: input.soundId ?? timeBasedId(createTime, rng.uint32()),
        visibility: input.visibility ?? "public",
        growth: input.growth ?? true,
        stats: {
          views,
          likes: input.stats?.likes ?? Math.floor(views * (0.04 + rng.next() * 0.08)),
          comments: input.stats?.comments ?? Math.floor(views * (0.002 + rng.next() * 0.008)),
          shares: input.stats?.shares ?? Math.floor(views * (0.001 + rng.next() * 0.006)),
        },
      };
      this.videos.set(id, record);
      return record;
    });
  }

  updateVideo(videoId: string, patch: Partial<Omit<VideoInput, "id">>): VideoRecord {
    const video = this.videos.get(videoId);
    if (!video) throw notFound(`unknown video ${videoId}`);
    const { stats, createTime, ...rest } = patch;
    Object.assign(video, rest, stats ? { stats: { ...video.stats, ...stats } } : {});
    if (createTime !== undefined && createTime !== video.createTime) {
      video.createTime = this.freeCreateTime(video.openId, createTime);
    }
    return video;
  }

  /** A creator's videos, newest first. */
  videosOf(openId: string): VideoRecord[] {
    return [...this.videos.values()]
      .filter((video) => video.openId === openId)
      .sort((a, b) => b.createTime - a.createTime);
  }

  /** Public videos already published at `nowSec`, newest first: what the Display API and oEmbed see. */
  publicVideosOf(openId: string, nowSec: number): VideoRecord[] {
    return this.videosOf(openId).filter((video) => isVisible(video, nowSec));
  }

  creatorView(creator: CreatorRecord, nowSec: number): SandboxCreator {
    const videos = this.publicVideosOf(creator.openId, nowSec);
    const videoLikes = videos.reduce((sum, video) => sum + statsAtAge(video.stats, nowSec - video.createTime).likes, 0);
    const { avatarUrl, avatarUrl100, avatarLargeUrl, profileDeepLink } = creator;
    return {
      openId: creator.openId,
      unionId: creator.unionId,
      username: creator.username,
      displayName: creator.displayName,
      bioDescription: creator.bioDescription,
      avatarUrl,
      avatarUrl100,
      avatarLargeUrl,
      profileDeepLink,
      isVerified: creator.isVerified,
      followerCount: creator.followerCount,
      followingCount: creator.followingCount,
      likesCount: creator.likesCount + videoLikes,
      videoCount: videos.length,
    };
  }

  videoView(video: VideoRecord, nowSec: number): SandboxVideo {
    const stats = this.currentStats(video, nowSec);
    const { stats: _settled, growth: _growth, ...rest } = video;
    return {
      ...rest,
      url: `https://www.tiktok.com/@${this.creator(video.openId).username}/video/${video.id}`,
      viewCount: stats.views,
      likeCount: stats.likes,
      commentCount: stats.comments,
      shareCount: stats.shares,
    };
  }

  currentStats(video: VideoRecord, nowSec: number): VideoStats {
    return video.growth ? statsAtAge(video.stats, nowSec - video.createTime) : { ...video.stats };
  }

  setShortPages(openId: string, sizes: number[] | null): void {
    this.creator(openId);
    if (sizes === null) this.shortPages.delete(openId);
    else this.shortPages.set(openId, { sizes: [...sizes], next: 0 });
  }

  /** The forced size of this `video.list` call, if any; a call without cursor starts the sequence over. */
  nextShortPage(openId: string, firstPage: boolean): number | undefined {
    const plan = this.shortPages.get(openId);
    if (!plan) return undefined;
    if (firstPage) plan.next = 0;
    const size = plan.sizes[plan.next];
    plan.next += 1;
    return size;
  }

  /** Create times are unique per creator so the ms cursor never skips a video: a clash moves 1 s earlier. */
  private freeCreateTime(openId: string, wanted: number): number {
    const taken = new Set(this.videosOf(openId).map((video) => video.createTime));
    let time = Math.floor(wanted);
    while (taken.has(time)) time -= 1;
    return time;
  }
}

export function isVisible(video: VideoRecord, nowSec: number): boolean {
  return video.visibility === "public" && video.createTime <= nowSec;
}
