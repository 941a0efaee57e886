/** Options of {@link createTikTokSandbox}. Every field is optional; defaults are in brackets. */
export interface SandboxOptions {
  /** Interface to listen on [127.0.0.1]. */
  host?: string;
  /** Port to listen on [0: a free port]. */
  port?: number;
  /** The app's client key [sbx_client_key]. */
  clientKey?: string;
  /** The app's client secret [sbx_client_secret]. */
  clientSecret?: string;
  /** HMAC key of `TikTok-Signature` [clientSecret, as TikTok does]. */
  webhookSecret?: string;
  /** Registered redirect URIs (exact match). Undefined: any http(s) URL on 127.0.0.1/localhost is accepted. */
  redirectUris?: string[];
  /** Access-token lifetime in seconds [86400, the older docs; the newer docs say 7200]. */
  accessTokenTtlSec?: number;
  /** Refresh-token lifetime in seconds [31536000, the older docs; the newer docs say 15552000]. */
  refreshTokenTtlSec?: number;
  rateLimit?: {
    /** Calls in any 60-second window [100]. */
    perMinute?: number;
    /** Calls per UTC calendar day [5000]. */
    perDay?: number;
    /** Send `Retry-After` and `x-ratelimit-reset` on 429 [false: TikTok documents neither]. */
    resetHeaders?: boolean;
    /** Count each endpoint separately, as TikTok's public docs describe [false: one budget per app, the contract]. */
    perEndpoint?: boolean;
  };
  /** Where `authorization.removed` is delivered when the app revokes a token. Unset: no webhook. */
  webhookUrl?: string;
  /** The sandbox clock in ms [Date.now]. Every expiry, window, metric and create time reads it. */
  now?: () => number;
  /** Seed the deterministic creators and videos [true]. */
  seed?: boolean;
  /** Fastify logger [false]. */
  logger?: boolean;
}

/** A running sandbox. */
export interface TikTokSandbox {
  /** `http://127.0.0.1:PORT`: serves the authorize page, the API paths, `/oembed` and `/__sandbox/…`. */
  url: string;
  clientKey: string;
  clientSecret: string;
  webhookSecret: string;
  scenario: SandboxScenario;
  /** Stops listening and waits for webhook deliveries in flight. */
  close(): Promise<void>;
}

/** The endpoints the sandbox tells apart in its request log, faults and rate limits. */
export type SandboxEndpoint =
  | "authorize"
  | "token"
  | "revoke"
  | "user.info"
  | "video.list"
  | "video.query"
  | "oembed"
  | "unknown";

/** The API-host endpoints (open.tiktokapis.com): the ones counted by the rate limiter. */
export type ApiEndpoint = "token" | "revoke" | "user.info" | "video.list" | "video.query";

/** A fault that hits the next `count` matching calls. `endpoints` unset: every API-host endpoint. */
export interface CountedFault {
  count: number;
  endpoints?: (ApiEndpoint | "oembed")[];
}

/** Ready-made hostile oEmbed payloads, or explicit overrides of the response's fields. */
export type HostileOembed =
  | "script"
  | "event-handler"
  | "javascript-url"
  | "foreign-iframe"
  | "all"
  | { html?: string; title?: string; author_name?: string; author_url?: string; thumbnail_url?: string };

/**
 * Faults on demand. {@link SandboxScenario.setFaults} replaces the keys it is given; `null` (or `{}` for the
 * records) switches one off; {@link SandboxScenario.clearFaults} switches all off.
 */
export interface SandboxFaults {
  /** The next N calls answer 500 (or 503) with `internal_error` in the endpoint's error shape. */
  serverErrors: (CountedFault & { status?: 500 | 503 }) | null;
  /** The next N calls answer 429 `rate_limit_exceeded`, whatever the limiter says. */
  rateLimitStorm: CountedFault | null;
  /**
   * The next N calls run normally (side effects included) but their body is replaced: `non-json` an HTML gateway
   * page, `truncated` half of the JSON, `missing-fields` the JSON without its payload (token: no access_token /
   * expires_in; Display: no `data`), `empty` nothing. [non-json]
   */
  malformed: (CountedFault & { kind?: "non-json" | "truncated" | "missing-fields" | "empty" }) | null;
  /** Calls wait this long (real time) before being answered. `count` unset: until cleared. */
  slow: { ms: number; count?: number; endpoints?: (ApiEndpoint | "oembed")[] } | null;
  /** oEmbed answers with hostile markup/fields for these video ids. */
  hostileOembed: Record<string, HostileOembed>;
  /** oEmbed fails with `status` [500] for the next `count` calls (unset: until cleared), or only for `videoIds`. */
  oembedFailures: { status?: number; count?: number; videoIds?: string[] } | null;
  /** Send OAuth (token/revoke) errors with HTTP 200, since TikTok's statuses are UNVERIFIED [false]. */
  oauthErrorsWithStatus200: boolean;
}

/** Input of {@link SandboxScenario.addCreator}. Everything is generated deterministically when left out. */
export interface CreatorInput {
  openId: string;
  unionId: string;
  username: string;
  displayName: string;
  bioDescription: string;
  avatarUrl: string;
  isVerified: boolean;
  followerCount: number;
  followingCount: number;
  /** Likes received outside the sandbox's videos; the reported `likes_count` adds the videos' current likes. */
  likesCount: number;
}

/** A creator as the sandbox holds it, with stats as of the sandbox clock. */
export interface SandboxCreator extends CreatorInput {
  avatarUrl100: string;
  avatarLargeUrl: string;
  profileDeepLink: string;
  /** The base plus the current likes of the creator's public videos (what `likes_count` reports). */
  likesCount: number;
  /** Public videos. */
  videoCount: number;
}

/** Counts a video settles towards (or keeps, with `growth: false`). */
export interface VideoStats {
  views: number;
  likes: number;
  comments: number;
  shares: number;
}

/** Input of {@link SandboxScenario.addVideos}. Everything is generated deterministically when left out. */
export interface VideoInput {
  /** 19-digit id [derived from createTime, like TikTok's]. */
  id: string;
  /** Unix seconds [now for the first, one hour apart going back]. Unique per creator: a clash moves 1 s earlier. */
  createTime: number;
  /** Caption with #hashtags (`video_description`, the oEmbed `title`). */
  description: string;
  /** `title` [the description, cut to 150]. */
  title: string;
  /** Seconds. */
  duration: number;
  width: number;
  height: number;
  soundTitle: string;
  soundId: string;
  /** Only public videos are listed, queried and embeddable. [public] */
  visibility: "public" | "private" | "deleted";
  stats: Partial<VideoStats>;
  /** Counts grow from 0 towards `stats` with age (and keep creeping up); false: constant `stats`. [true] */
  growth: boolean;
}

/** A video with its metrics as of the sandbox clock. */
export interface SandboxVideo extends Omit<VideoInput, "stats" | "growth"> {
  openId: string;
  /** `https://www.tiktok.com/@user/video/id` (what oEmbed takes). */
  url: string;
  viewCount: number;
  likeCount: number;
  commentCount: number;
  shareCount: number;
}

/** One request the sandbox answered (the control API is not logged). No tokens, codes or secrets in it. */
export interface SandboxRequest {
  /** Sandbox clock, ms, when the request arrived. */
  at: number;
  method: string;
  /** Path without the query string. */
  path: string;
  endpoint: SandboxEndpoint;
  status: number;
  /** The creator the call acted for, when known (token owner, code owner, chosen on the authorize page). */
  openId?: string;
  /** `grant_type` of token calls. */
  grantType?: string;
  /** Display `error.code` or OAuth `error` of a failed call. */
  errorCode?: string;
  /** The fault that produced the answer, if any. */
  fault?: "server_error" | "rate_limit_storm" | "malformed" | "slow" | "hostile_oembed" | "oembed_failure";
  logId?: string;
}

/** One webhook the sandbox sent. */
export interface SandboxWebhookDelivery {
  at: number;
  url: string;
  event: string;
  openId: string;
  /** HTTP status of the receiver, 0 when it could not be reached. */
  status: number;
  error?: string;
}

export interface SendWebhookInput {
  event: string;
  openId: string;
  content: Record<string, unknown>;
  /** [options.webhookUrl] */
  url?: string;
  /** [options.webhookSecret] */
  secret?: string;
  /** Unix seconds for `t=` and `create_time` [sandbox clock]. */
  timestamp?: number;
}

export interface AuthorizeInput {
  /** The full authorize URL the app built (any host; only path and query matter). */
  authorizeUrl: string;
  /** The creator who logs in [`sandbox_open_id` from the URL, else the first creator]. */
  openId?: string;
  /** Scopes left checked [all requested]. Must be a non-empty subset of the requested ones. */
  grantedScopes?: string[];
  /** Press Cancel instead of Authorize. */
  deny?: boolean;
}

/** Drives the sandbox from tests. The same operations are served as JSON under `/__sandbox/…`. */
export interface SandboxScenario {
  addCreator(input?: Partial<CreatorInput>): SandboxCreator;
  addVideos(openId: string, videos: number | Partial<VideoInput>[]): SandboxVideo[];
  /** Changes a video (e.g. `visibility: "deleted"` to make it vanish). */
  updateVideo(videoId: string, patch: Partial<Omit<VideoInput, "id">>): SandboxVideo;
  creators(): SandboxCreator[];
  /** A creator's videos, newest first, with current metrics (every visibility). */
  videos(openId: string): SandboxVideo[];
  /** Page sizes for consecutive `video.list` calls of this creator (a call without cursor restarts). null: off. */
  setShortPages(openId: string, pageSizes: number[] | null): void;
  /** Does what the authorize page does and returns the redirect Location. Throws on what the page rejects. */
  authorize(input: AuthorizeInput): Promise<string>;
  setFaults(faults: Partial<SandboxFaults>): void;
  clearFaults(): void;
  faults(): SandboxFaults;
  expireAccessTokens(openId: string): void;
  expireRefreshTokens(openId: string): void;
  /** What a user disconnecting the app does: every token of the creator stops working. No webhook is sent. */
  revokeAuthorization(openId: string): void;
  /** Every access token, refresh token and code ever issued (for "never in logs/DB" scans). */
  issuedTokens(): string[];
  requests(): SandboxRequest[];
  clearRequests(): void;
  sendWebhook(input: SendWebhookInput): Promise<{ status: number; body: string }>;
  webhookDeliveries(): SandboxWebhookDelivery[];
  /** Moves the sandbox clock forward (adds to `options.now`). For tests in other processes. */
  advanceClock(ms: number): void;
  /** The sandbox clock, ms. */
  now(): number;
}
