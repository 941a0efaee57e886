export { type AuthorizeUrlParams, buildAuthorizeUrl } from "./authorize-url";
export { createTikTokClient, type TikTokClient, type TikTokClientOptions } from "./client";
export {
  chunk,
  type ListVideosParams,
  MAX_VIDEOS_PER_REQUEST,
  type TikTokUser,
  type TikTokVideo,
  type VideoPage,
} from "./display";
export {
  DEFAULT_API_BASE_URL,
  DEFAULT_AUTH_BASE_URL,
  DEFAULT_OEMBED_BASE_URL,
  type TikTokEndpoint,
} from "./endpoints";
export { isTikTokApiError, TikTokApiError, type TikTokErrorCode } from "./errors";
export {
  parseScopeList,
  USER_FIELDS_BY_SCOPE,
  type UserField,
  type UserScope,
  userFieldsForScopes,
  VIDEO_FIELDS,
  type VideoField,
} from "./fields";
export type { OnResponse, TikTokResponseInfo, WrapRequest } from "./http";
export type { ExchangeCodeParams, TikTokTokenSet } from "./oauth";
export type { RawOEmbed } from "./oembed";
export { computeCodeChallenge, createCodeVerifier, createPkcePair, type PkcePair } from "./pkce";
export { type FetchLike, type HttpAnswer, type HttpRequestInit, undiciTransport } from "./transport";
