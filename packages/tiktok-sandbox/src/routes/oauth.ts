import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SandboxContext } from "../context";
import { hexPkceChallenge } from "../crypto";
import { oauthError } from "../responses";
import type { TokenRecord } from "../state/tokens";

type Form = Record<string, unknown>;

function field(form: Form, name: string): string | undefined {
  const value = form[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The form body, or undefined when the request was not application/x-www-form-urlencoded. */
function formOf(request: FastifyRequest): Form | undefined {
  const type = request.headers["content-type"] ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return undefined;
  return (request.body ?? {}) as Form;
}

/**
 * Checks content type and client credentials shared by token and revoke; sends the error and returns undefined
 * when they fail.
 */
function clientForm(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply): Form | undefined {
  const form = formOf(request);
  if (!form) {
    oauthError(ctx, request, reply, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.");
    return undefined;
  }
  const clientKey = field(form, "client_key");
  const clientSecret = field(form, "client_secret");
  if (!clientKey || !clientSecret) {
    oauthError(ctx, request, reply, 400, "invalid_request", "client_key and client_secret are required.");
    return undefined;
  }
  if (clientKey !== ctx.options.clientKey || clientSecret !== ctx.options.clientSecret) {
    oauthError(ctx, request, reply, 401, "invalid_client", "Client key or secret is incorrect.");
    return undefined;
  }
  return form;
}

function tokenResponse(ctx: SandboxContext, pair: { access: TokenRecord; refresh: TokenRecord }) {
  return {
    access_token: pair.access.token,
    expires_in: ctx.options.accessTokenTtlSec,
    open_id: pair.access.openId,
    refresh_expires_in: ctx.options.refreshTokenTtlSec,
    refresh_token: pair.refresh.token,
    scope: pair.access.scopes.join(","),
    token_type: "Bearer",
  };
}

function issuePair(ctx: SandboxContext, openId: string, scopes: string[]) {
  const ttl = { accessSec: ctx.options.accessTokenTtlSec, refreshSec: ctx.options.refreshTokenTtlSec };
  return ctx.tokens.issuePair(openId, scopes, ctx.now(), ttl);
}

function exchangeCode(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply, form: Form) {
  const code = field(form, "code");
  const redirectUri = field(form, "redirect_uri");
  if (!code || !redirectUri) {
    return oauthError(ctx, request, reply, 400, "invalid_request", "code and redirect_uri are required.");
  }
  const record = ctx.tokens.code(code);
  if (!record || record.used || record.expiresAt <= ctx.now()) {
    return oauthError(ctx, request, reply, 400, "invalid_grant", "Authorization code is expired.");
  }
  request.sbx.openId = record.openId;
  if (redirectUri !== record.redirectUri) {
    return oauthError(
      ctx,
      request,
      reply,
      400,
      "invalid_grant",
      "Redirect URI does not match the authorization request.",
    );
  }
  const verifier = field(form, "code_verifier");
  if (!verifier || hexPkceChallenge(verifier) !== record.codeChallenge) {
    return oauthError(ctx, request, reply, 400, "invalid_request", "Code verifier or code challenge is invalid.");
  }
  record.used = true;
  return reply.send(tokenResponse(ctx, issuePair(ctx, record.openId, record.scopes)));
}

/** Refresh with rotation: the presented refresh token dies, a new pair is issued for the same grant. */
function refresh(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply, form: Form) {
  const token = field(form, "refresh_token");
  if (!token) return oauthError(ctx, request, reply, 400, "invalid_request", "refresh_token is required.");
  const record = ctx.tokens.live(token, "refresh", ctx.now());
  if (!record) {
    const known = ctx.tokens.token(token);
    if (known) request.sbx.openId = known.openId;
    return oauthError(ctx, request, reply, 400, "invalid_grant", "Refresh token is invalid or expired.");
  }
  request.sbx.openId = record.openId;
  record.revoked = true;
  return reply.send(tokenResponse(ctx, issuePair(ctx, record.openId, record.scopes)));
}

export function registerOauthRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post("/v2/oauth/token/", { config: { endpoint: "token" } }, async (request, reply) => {
    const form = clientForm(ctx, request, reply);
    if (!form) return reply;
    const grantType = field(form, "grant_type");
    if (grantType) request.sbx.grantType = grantType;
    reply.header("cache-control", "no-store");
    if (grantType === "authorization_code") return exchangeCode(ctx, request, reply, form);
    if (grantType === "refresh_token") return refresh(ctx, request, reply, form);
    return oauthError(ctx, request, reply, 400, "unsupported_grant_type", "The grant type is not supported.");
  });

  app.post("/v2/oauth/revoke/", { config: { endpoint: "revoke" } }, async (request, reply) => {
    const form = clientForm(ctx, request, reply);
    if (!form) return reply;
    const token = field(form, "token");
    if (!token) return oauthError(ctx, request, reply, 400, "invalid_request", "token is required.");
    const record = ctx.tokens.token(token);
    // Like RFC 7009, an unknown or already revoked token is not an error; only a live grant triggers the webhook.
    if (record) {
      request.sbx.openId = record.openId;
      const wasLive = ctx.tokens.hasUnrevoked(record.openId);
      ctx.tokens.revokeCreator(record.openId);
      if (wasLive) {
        const input = { event: "authorization.removed", openId: record.openId, content: { reason: 5 } };
        void reply.then(
          () => ctx.webhooks.notify(input),
          () => ctx.webhooks.notify(input),
        );
      }
    }
    return reply.send({});
  });
}
