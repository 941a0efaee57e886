/** Every HTTP call the client makes, named for the budget and telemetry hooks. */
export type TikTokEndpoint = "oauth.token" | "oauth.revoke" | "user.info" | "video.list" | "video.query" | "oembed";

/** Default hosts: the v2 API host and TikTok's web host for the authorize page and oEmbed. */
export const DEFAULT_API_BASE_URL = "https://open.tiktokapis.com";
export const DEFAULT_AUTH_BASE_URL = "https://www.tiktok.com";
export const DEFAULT_OEMBED_BASE_URL = "https://www.tiktok.com";

/** Joins a base URL (which may carry a path prefix) and an absolute path without doubling slashes. */
export function joinUrl(baseUrl: string, path: string): URL {
  const base = baseUrl.endsWith("/") ? baseUrl.slice(0, -1) : baseUrl;
  return new URL(`${base}${path}`);
}
