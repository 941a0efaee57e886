import type { TikTokSandbox } from "./types";

/**
 * The environment that points the api or the worker at this sandbox: its app credentials, its webhook key, and
 * every TikTok host (Display API, OAuth, oEmbed) at its one URL. One definition, so every harness, end-to-end stack
 * and local run talks to the sandbox the same way.
 */
export function sandboxServiceEnv(
  sandbox: Pick<TikTokSandbox, "url" | "clientKey" | "clientSecret" | "webhookSecret">,
): Record<string, string> {
  return {
    TIKTOK_CLIENT_KEY: sandbox.clientKey,
    TIKTOK_CLIENT_SECRET: sandbox.clientSecret,
    TIKTOK_WEBHOOK_SECRET: sandbox.webhookSecret,
    TIKTOK_DISPLAY_API_BASE_URL: sandbox.url,
    TIKTOK_AUTH_BASE_URL: sandbox.url,
    TIKTOK_OEMBED_BASE_URL: sandbox.url,
  };
}

/** The same for an in-process TikTok client (`createTikTokClient`'s options): credentials and every host. */
export function sandboxClientOptions(sandbox: Pick<TikTokSandbox, "url" | "clientKey" | "clientSecret">) {
  return {
    clientKey: sandbox.clientKey,
    clientSecret: sandbox.clientSecret,
    apiBaseUrl: sandbox.url,
    authBaseUrl: sandbox.url,
    oembedBaseUrl: sandbox.url,
  };
}
