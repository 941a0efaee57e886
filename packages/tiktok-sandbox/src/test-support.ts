import { hexPkceChallenge } from "./crypto";
import { createTikTokSandbox } from "./server";
import type { SandboxOptions, TikTokSandbox } from "./types";

/** A controllable clock: 2026-01-15T12:00:00Z unless told otherwise. */
export function testClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    set: (ms: number) => {
      t = ms;
    },
  };
}

export const REDIRECT_URI = "http://127.0.0.1:5173/callback";
export const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

/** Starts a sandbox for one test file; remember to close it. */
export function startSandbox(options: SandboxOptions = {}): Promise<TikTokSandbox> {
  return createTikTokSandbox(options);
}

export function authorizeUrl(sbx: TikTokSandbox, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    client_key: sbx.clientKey,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "user.info.basic,user.info.profile,user.info.stats,video.list",
    state: "state-123",
    code_challenge: hexPkceChallenge(VERIFIER),
    code_challenge_method: "S256",
    ...params,
  };
  for (const [key, value] of Object.entries(all)) if (value !== undefined) query.set(key, value);
  return `${sbx.url}/v2/auth/authorize/?${query}`;
}

export function postForm(url: string, form: Record<string, string | string[]>): Promise<Response> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
  return fetch(url, { method: "POST", body, redirect: "manual" });
}

export interface TokenResponse {
  open_id: string;
  scope: string;
  access_token: string;
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
  token_type: string;
}

export async function exchangeCode(sbx: TikTokSandbox, code: string, overrides: Record<string, string> = {}) {
  return postForm(`${sbx.url}/v2/oauth/token/`, {
    client_key: sbx.clientKey,
    client_secret: sbx.clientSecret,
    code,
    grant_type: "authorization_code",
    redirect_uri: REDIRECT_URI,
    code_verifier: VERIFIER,
    ...overrides,
  });
}

export async function refreshToken(sbx: TikTokSandbox, refresh: string) {
  return postForm(`${sbx.url}/v2/oauth/token/`, {
    client_key: sbx.clientKey,
    client_secret: sbx.clientSecret,
    grant_type: "refresh_token",
    refresh_token: refresh,
  });
}

/** Authorizes (as the page would) and exchanges the code: the tokens a connected creator has. */
export async function connect(
  sbx: TikTokSandbox,
  input: { openId?: string; scope?: string; grantedScopes?: string[] } = {},
): Promise<TokenResponse> {
  const location = await sbx.scenario.authorize({
    authorizeUrl: authorizeUrl(sbx, input.scope ? { scope: input.scope } : {}),
    ...(input.openId ? { openId: input.openId } : {}),
    ...(input.grantedScopes ? { grantedScopes: input.grantedScopes } : {}),
  });
  const code = new URL(location).searchParams.get("code") ?? "";
  const response = await exchangeCode(sbx, code);
  if (response.status !== 200) throw new Error(`token exchange failed: ${await response.text()}`);
  return (await response.json()) as TokenResponse;
}

/** Calls a Display API endpoint with a bearer token; GET when there is no body. */
export function display(sbx: TikTokSandbox, token: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sbx.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
}
