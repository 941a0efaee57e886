import type { SandboxContext } from "./context";
import { invalidInput } from "./errors";
import { SANDBOX_SCOPES, splitList } from "./fields";

/** The validated query of `GET /v2/auth/authorize/`. */
export interface AuthorizeRequest {
  clientKey: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge: string;
  /** `sandbox_open_id`: the creator preselected on the page. */
  sandboxOpenId: string | undefined;
}

export type AuthorizeValidation = { ok: true; request: AuthorizeRequest } | { ok: false; problems: string[] };

/** The authorize parameters, carried as hidden form fields from the page to its POST. */
export const AUTHORIZE_PARAMS = [
  "client_key",
  "redirect_uri",
  "response_type",
  "scope",
  "state",
  "code_challenge",
  "code_challenge_method",
  "sandbox_open_id",
] as const;

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function single(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function redirectAllowed(ctx: SandboxContext, uri: string): boolean {
  if (ctx.options.redirectUris) return ctx.options.redirectUris.includes(uri);
  try {
    const url = new URL(uri);
    return (url.protocol === "http:" || url.protocol === "https:") && LOCAL_HOSTS.has(url.hostname) && url.hash === "";
  } catch {
    return false;
  }
}

/**
 * Validates like TikTok's page: every wrong parameter is named on the error page (never redirected to, since the
 * redirect URI itself may be the wrong one). PKCE presence is enforced; its encoding is only checked at the token
 * exchange, as on TikTok.
 */
export function validateAuthorize(ctx: SandboxContext, query: Record<string, unknown>): AuthorizeValidation {
  const problems: string[] = [];
  const clientKey = single(query.client_key);
  if (clientKey !== ctx.options.clientKey) problems.push("client_key");
  const redirectUri = single(query.redirect_uri);
  if (!redirectUri || !redirectAllowed(ctx, redirectUri)) problems.push("redirect_uri");
  if (single(query.response_type) !== "code") problems.push("response_type");
  const scopes = splitList(single(query.scope) ?? "");
  if (scopes.length === 0 || scopes.some((scope) => !(scope in SANDBOX_SCOPES))) problems.push("scope");
  const codeChallenge = single(query.code_challenge);
  if (!codeChallenge) problems.push("code_challenge");
  if (single(query.code_challenge_method) !== "S256") problems.push("code_challenge_method");
  const sandboxOpenId = single(query.sandbox_open_id) || undefined;
  if (sandboxOpenId !== undefined && !ctx.store.creators.has(sandboxOpenId)) problems.push("sandbox_open_id");
  if (ctx.store.creators.size === 0) problems.push("sandbox has no creators (scenario.addCreator)");
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      clientKey: clientKey as string,
      redirectUri: redirectUri as string,
      scopes,
      state: single(query.state) ?? "",
      codeChallenge: codeChallenge as string,
      sandboxOpenId,
    },
  };
}

/** The creator preselected on the page: `sandbox_open_id`, else the first one. */
export function defaultOpenId(ctx: SandboxContext, request: AuthorizeRequest): string {
  return request.sandboxOpenId ?? (ctx.store.creators.keys().next().value as string);
}

export type Decision = { approve: false } | { approve: true; openId: string; grantedScopes: string[] };

/**
 * What pressing a button does: returns the Location to redirect to. Approve mints a code (10 min, single use)
 * bound to the creator, the granted scopes, the redirect URI and the challenge.
 */
export function decide(ctx: SandboxContext, request: AuthorizeRequest, decision: Decision): string {
  const location = new URL(request.redirectUri);
  if (!decision.approve) {
    location.searchParams.set("error", "access_denied");
    location.searchParams.set("error_description", "The user denied the authorization request.");
    location.searchParams.set("state", request.state);
    return location.toString();
  }
  if (!ctx.store.creators.has(decision.openId)) throw invalidInput(`unknown creator ${decision.openId}`);
  const extra = decision.grantedScopes.filter((scope) => !request.scopes.includes(scope));
  if (extra.length > 0) throw invalidInput(`scopes not requested: ${extra.join(",")}`);
  const granted = request.scopes.filter((scope) => decision.grantedScopes.includes(scope));
  if (granted.length === 0) throw invalidInput("choose at least one permission to grant");
  const code = ctx.tokens.issueCode(
    {
      openId: decision.openId,
      scopes: granted,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
    },
    ctx.now(),
  );
  location.searchParams.set("code", code);
  location.searchParams.set("state", request.state);
  return location.toString();
}
