import { AppError } from "@trendpot/errors";
import { type AuthorizeUrlParams, buildAuthorizeUrl } from "./authorize-url";
import {
  getUserInfo,
  type ListVideosParams,
  listVideos,
  queryVideos,
  queryVideosBatched,
  type TikTokUser,
  type TikTokVideo,
  type VideoPage,
} from "./display";
import { DEFAULT_API_BASE_URL, DEFAULT_AUTH_BASE_URL, DEFAULT_OEMBED_BASE_URL } from "./endpoints";
import type { UserField, VideoField } from "./fields";
import type { HttpContext, OnResponse, WrapRequest } from "./http";
import { type ExchangeCodeParams, exchangeCode, refreshAccessToken, revokeToken, type TikTokTokenSet } from "./oauth";
import { fetchOEmbed, type RawOEmbed } from "./oembed";
import { createPkcePair, type PkcePair } from "./pkce";
import { type FetchLike, undiciTransport } from "./transport";

/** How to reach TikTok. Nothing is read from the environment; the composition root passes everything in. */
export interface TikTokClientOptions {
  clientKey: string;
  clientSecret: string;
  /** Default `https://open.tiktokapis.com` (v2 host). */
  apiBaseUrl?: string;
  /** Default `https://www.tiktok.com` (authorize page). */
  authBaseUrl?: string;
  /** Default `https://www.tiktok.com`. */
  oembedBaseUrl?: string;
  /** Default: undici's `request` (see `undiciTransport`); tests hand in a `fetch`-shaped fake. */
  fetch?: FetchLike;
  /** Per-call deadline covering connect, headers and body. Default 10 000 ms. */
  timeoutMs?: number;
  /** Clock for token expiry instants and `Retry-After` dates. Default `() => new Date()`. */
  now?: () => Date;
  wrapRequest?: WrapRequest;
  onResponse?: OnResponse;
}

/** TikTok OAuth v2, Display API and oEmbed. Every failure of a call is a `TikTokApiError`. */
export interface TikTokClient {
  createPkcePair(): PkcePair;
  buildAuthorizeUrl(params: AuthorizeUrlParams): string;
  exchangeCode(params: ExchangeCodeParams): Promise<TikTokTokenSet>;
  refreshAccessToken(refreshToken: string): Promise<TikTokTokenSet>;
  revokeToken(accessToken: string): Promise<void>;
  getUserInfo(accessToken: string, fields: readonly UserField[]): Promise<TikTokUser>;
  listVideos(accessToken: string, params: ListVideosParams): Promise<VideoPage>;
  queryVideos(accessToken: string, videoIds: readonly string[], fields: readonly VideoField[]): Promise<TikTokVideo[]>;
  queryVideosBatched(
    accessToken: string,
    videoIds: readonly string[],
    fields: readonly VideoField[],
  ): Promise<TikTokVideo[]>;
  fetchOEmbed(videoUrl: string): Promise<RawOEmbed>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Builds a client. Connects to nothing until a method is called. */
export function createTikTokClient(options: TikTokClientOptions): TikTokClient {
  const settings = validateOptions(options);
  const ctx: HttpContext = {
    fetch: options.fetch ?? undiciTransport,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    now: options.now ?? (() => new Date()),
    wrapRequest: options.wrapRequest,
    onResponse: options.onResponse,
    secrets: [options.clientSecret],
  };
  const { apiBaseUrl } = settings;
  return {
    createPkcePair,
    buildAuthorizeUrl: (params) => buildAuthorizeUrl(settings.authBaseUrl, settings.clientKey, params),
    exchangeCode: (params) => exchangeCode(ctx, settings, params),
    refreshAccessToken: (refreshToken) => refreshAccessToken(ctx, settings, refreshToken),
    revokeToken: (accessToken) => revokeToken(ctx, settings, accessToken),
    getUserInfo: (accessToken, fields) => getUserInfo(ctx, apiBaseUrl, accessToken, fields),
    listVideos: (accessToken, params) => listVideos(ctx, apiBaseUrl, accessToken, params),
    queryVideos: (accessToken, ids, fields) => queryVideos(ctx, apiBaseUrl, accessToken, ids, fields),
    queryVideosBatched: (accessToken, ids, fields) => queryVideosBatched(ctx, apiBaseUrl, accessToken, ids, fields),
    fetchOEmbed: (videoUrl) => fetchOEmbed(ctx, settings.oembedBaseUrl, videoUrl),
  };
}

function validateOptions(options: TikTokClientOptions) {
  if (options.clientKey.trim() === "") throw invalid("clientKey is required.");
  if (options.clientSecret.trim() === "") throw invalid("clientSecret is required.");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw invalid("timeoutMs must be a positive number.");
  return {
    clientKey: options.clientKey,
    clientSecret: options.clientSecret,
    apiBaseUrl: baseUrl("apiBaseUrl", options.apiBaseUrl ?? DEFAULT_API_BASE_URL),
    authBaseUrl: baseUrl("authBaseUrl", options.authBaseUrl ?? DEFAULT_AUTH_BASE_URL),
    oembedBaseUrl: baseUrl("oembedBaseUrl", options.oembedBaseUrl ?? DEFAULT_OEMBED_BASE_URL),
  };
}

function baseUrl(name: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === "https:" || url.protocol === "http:") return value;
  } catch {
    // Reported below with the option's name.
  }
  throw invalid(`${name} must be an absolute http(s) URL.`);
}

function invalid(message: string): AppError {
  return new AppError("VALIDATION_FAILED", { message });
}
