import { randomUUID } from "node:crypto";
import { createTikTokSandbox, sandboxClientOptions } from "@trendpot/tiktok-sandbox";
import { createTikTokClient, type TikTokClient, type TikTokClientOptions } from "./client";
import type { TikTokTokenSet } from "./oauth";

/** The sandbox and this client share one fixed clock so expiry instants are exact. */
export const SANDBOX_NOW_MS = Date.parse("2026-03-01T12:00:00.000Z");
export const REDIRECT_URI = "http://127.0.0.1:9/callback";
export const ALL_SCOPES = ["user.info.basic", "user.info.profile", "user.info.stats", "video.list"];

export type Sandbox = Awaited<ReturnType<typeof createTikTokSandbox>>;
export type SandboxOptions = NonNullable<Parameters<typeof createTikTokSandbox>[0]>;

/** A sandbox on the fixed clock with a limit high enough not to interfere, unless `options` says otherwise. */
export function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return createTikTokSandbox({
    now: () => SANDBOX_NOW_MS,
    rateLimit: { perMinute: 100_000, perDay: 1_000_000 },
    ...options,
  });
}

/** A client pointed at the sandbox for every host. */
export function sandboxClient(sandbox: Sandbox, overrides: Partial<TikTokClientOptions> = {}): TikTokClient {
  return createTikTokClient({
    ...sandboxClientOptions(sandbox),
    now: () => new Date(SANDBOX_NOW_MS),
    timeoutMs: 5_000,
    ...overrides,
  });
}

/** What a creator's completed authorization left behind: the callback's code and state. */
export async function authorizeCreator(
  sandbox: Sandbox,
  client: TikTokClient,
  openId: string,
  scopes: readonly string[] = ALL_SCOPES,
  grantedScopes?: string[],
): Promise<{ code: string; codeVerifier: string; state: string; returnedState: string | null }> {
  const { codeVerifier, codeChallenge } = client.createPkcePair();
  const state = `st_${randomUUID()}`;
  const authorizeUrl = client.buildAuthorizeUrl({ scopes, redirectUri: REDIRECT_URI, state, codeChallenge });
  const location = new URL(
    await sandbox.scenario.authorize({ authorizeUrl, openId, ...(grantedScopes ? { grantedScopes } : {}) }),
  );
  const code = location.searchParams.get("code");
  if (code === null) throw new Error(`the sandbox redirected without a code: ${location.search}`);
  return { code, codeVerifier, state, returnedState: location.searchParams.get("state") };
}

/** A creator with `videos` videos, authorized for `scopes` and exchanged for tokens. */
export async function connectCreator(
  sandbox: Sandbox,
  client: TikTokClient,
  videos = 0,
  scopes: readonly string[] = ALL_SCOPES,
): Promise<{ openId: string; tokens: TikTokTokenSet }> {
  const creator = sandbox.scenario.addCreator();
  if (videos > 0) sandbox.scenario.addVideos(creator.openId, videos);
  const { code, codeVerifier } = await authorizeCreator(sandbox, client, creator.openId, scopes);
  const tokens = await client.exchangeCode({ code, redirectUri: REDIRECT_URI, codeVerifier });
  return { openId: creator.openId, tokens };
}
