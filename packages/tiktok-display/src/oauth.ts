import { inspect } from "node:util";
import { z } from "zod";
import { joinUrl } from "./endpoints";
import { parseScopeList } from "./fields";
import { type HttpContext, sendTikTokRequest } from "./http";
import { RevokeResponseSchema, type TokenResponse, TokenResponseSchema } from "./schemas";

/**
 * A user's tokens from the token endpoint. The tokens are ordinary fields, but `JSON.stringify`, `String()` and
 * `util.inspect` of the object hide them, so logging it by mistake leaks nothing. Spreading it copies the tokens.
 */
export interface TikTokTokenSet {
  openId: string;
  /** Scopes the user actually granted; may be a subset of those requested. */
  grantedScopes: string[];
  accessToken: string;
  accessTokenExpiresAt: Date;
  /** The newest refresh token: TikTok rotates it, so always persist this one. */
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  tokenType: string;
}

/** The inputs of an authorization-code exchange. */
export interface ExchangeCodeParams {
  code: string;
  redirectUri: string;
  codeVerifier: string;
}

/** Client settings the OAuth calls need. */
export interface OAuthSettings {
  apiBaseUrl: string;
  clientKey: string;
  clientSecret: string;
}

// Some older TikTok examples wrap the token answer in `data`; unwrap it so both shapes parse.
const TokenBodySchema = z.preprocess((body) => {
  if (isRecord(body) && !("access_token" in body) && isRecord(body.data) && "access_token" in body.data) {
    return body.data;
  }
  return body;
}, TokenResponseSchema);

/** Exchanges an authorization code (URL-decoded) and its PKCE verifier for tokens. */
export async function exchangeCode(
  ctx: HttpContext,
  settings: OAuthSettings,
  params: ExchangeCodeParams,
): Promise<TikTokTokenSet> {
  const form = {
    client_key: settings.clientKey,
    client_secret: settings.clientSecret,
    code: params.code,
    grant_type: "authorization_code",
    redirect_uri: params.redirectUri,
    code_verifier: params.codeVerifier,
  };
  return requestTokens(ctx, settings, form, [params.code, params.codeVerifier]);
}

/** Trades a refresh token for a new access token and (possibly rotated) refresh token. */
export async function refreshAccessToken(
  ctx: HttpContext,
  settings: OAuthSettings,
  refreshToken: string,
): Promise<TikTokTokenSet> {
  const form = {
    client_key: settings.clientKey,
    client_secret: settings.clientSecret,
    grant_type: "refresh_token",
    refresh_token: refreshToken,
  };
  return requestTokens(ctx, settings, form, [refreshToken]);
}

/** Revokes a user's access token, disconnecting the app from the account. Resolves on TikTok's empty success. */
export async function revokeToken(ctx: HttpContext, settings: OAuthSettings, accessToken: string): Promise<void> {
  const form = { client_key: settings.clientKey, client_secret: settings.clientSecret, token: accessToken };
  await sendTikTokRequest(ctx, {
    endpoint: "oauth.revoke",
    method: "POST",
    url: joinUrl(settings.apiBaseUrl, "/v2/oauth/revoke/"),
    headers: formHeaders(),
    body: new URLSearchParams(form).toString(),
    secrets: [accessToken],
    schema: RevokeResponseSchema,
  });
}

async function requestTokens(
  ctx: HttpContext,
  settings: OAuthSettings,
  form: Record<string, string>,
  secrets: string[],
): Promise<TikTokTokenSet> {
  const issuedAt = ctx.now();
  const body = await sendTikTokRequest(ctx, {
    endpoint: "oauth.token",
    method: "POST",
    url: joinUrl(settings.apiBaseUrl, "/v2/oauth/token/"),
    headers: formHeaders(),
    body: new URLSearchParams(form).toString(),
    secrets,
    schema: TokenBodySchema,
  });
  return toTokenSet(body, issuedAt);
}

function toTokenSet(body: TokenResponse, issuedAt: Date): TikTokTokenSet {
  const tokens: TikTokTokenSet = {
    openId: body.open_id,
    grantedScopes: parseScopeList(body.scope),
    accessToken: body.access_token,
    accessTokenExpiresAt: new Date(issuedAt.getTime() + body.expires_in * 1000),
    refreshToken: body.refresh_token,
    refreshTokenExpiresAt: new Date(issuedAt.getTime() + body.refresh_expires_in * 1000),
    tokenType: body.token_type ?? "Bearer",
  };
  return hideTokensFromSerialization(tokens);
}

function hideTokensFromSerialization(tokens: TikTokTokenSet): TikTokTokenSet {
  const safeView = () => ({ ...tokens, accessToken: "[redacted]", refreshToken: "[redacted]" });
  Object.defineProperties(tokens, {
    toJSON: { value: safeView, enumerable: false },
    toString: { value: () => `TikTokTokenSet(${tokens.openId})`, enumerable: false },
    [inspect.custom]: { value: () => `TikTokTokenSet ${inspect(safeView())}`, enumerable: false },
  });
  return tokens;
}

function formHeaders(): Record<string, string> {
  return {
    "content-type": "application/x-www-form-urlencoded",
    "cache-control": "no-cache",
    accept: "application/json",
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
