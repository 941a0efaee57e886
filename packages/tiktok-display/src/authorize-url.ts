import { AppError } from "@trendpot/errors";
import { joinUrl } from "./endpoints";

/** What goes into TikTok's v2 authorize URL besides the client key. */
export interface AuthorizeUrlParams {
  scopes: readonly string[];
  redirectUri: string;
  state: string;
  /** The hex S256 challenge from {@link createPkcePair}; TikTok's page may refuse logins without one. */
  codeChallenge: string;
}

const HEX_CHALLENGE = /^[0-9a-f]{64}$/;

/** Builds `${authBaseUrl}/v2/auth/authorize/` with `client_key`, comma-joined scopes and an S256 PKCE challenge. */
export function buildAuthorizeUrl(authBaseUrl: string, clientKey: string, params: AuthorizeUrlParams): string {
  const scopes = params.scopes.map((scope) => scope.trim()).filter((scope) => scope.length > 0);
  if (scopes.length === 0) throw invalid("At least one scope is required.");
  if (params.state.length === 0) throw invalid("A state value is required.");
  if (!HEX_CHALLENGE.test(params.codeChallenge)) {
    throw invalid("The code challenge must be the 64-character hex SHA-256 of the verifier.");
  }
  assertRedirectUri(params.redirectUri);
  const url = joinUrl(authBaseUrl, "/v2/auth/authorize/");
  url.searchParams.set("client_key", clientKey);
  url.searchParams.set("scope", [...new Set(scopes)].join(","));
  url.searchParams.set("response_type", "code");
  url.searchParams.set("redirect_uri", params.redirectUri);
  url.searchParams.set("state", params.state);
  url.searchParams.set("code_challenge", params.codeChallenge);
  url.searchParams.set("code_challenge_method", "S256");
  return url.toString();
}

function assertRedirectUri(redirectUri: string): void {
  let parsed: URL;
  try {
    parsed = new URL(redirectUri);
  } catch {
    throw invalid("The redirect URI must be an absolute URL.");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw invalid("The redirect URI must use http or https.");
  }
}

function invalid(message: string): AppError {
  return new AppError("VALIDATION_FAILED", { message });
}
