import { isAppError } from "@trendpot/errors";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AUTHORIZE_PARAMS, type AuthorizeRequest, decide, defaultOpenId, validateAuthorize } from "../authorize-flow";
import type { SandboxContext } from "../context";

import { authorizeErrorPage, consentPage } from "../html";

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
    .send(html);
}

function renderConsent(
  ctx: SandboxContext,
  reply: FastifyReply,
  params: Record<string, unknown>,
  request: AuthorizeRequest,
  state: { status: number; openId: string; checked: string[]; error?: string },
): FastifyReply {
  const hidden = Object.fromEntries(
    AUTHORIZE_PARAMS.flatMap((name) => (typeof params[name] === "string" ? [[name, params[name] as string]] : [])),
  );
  const creators = [...ctx.store.creators.values()];
  return sendPage(
    reply,
    state.status,
    consentPage({
      clientKey: request.clientKey,
      hidden,
      requestedScopes: request.scopes,
      checkedScopes: state.checked,
      creators,
      selectedOpenId: state.openId,
      ...(state.error ? { error: state.error } : {}),
    }),
  );
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return typeof value === "string" ? [value] : [];
}

/** The TikTok authorize page (GET) and what its buttons post (POST, then 302 to the redirect URI). */
export function registerAuthorizeRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get("/v2/auth/authorize/", { config: { endpoint: "authorize" } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const validation = validateAuthorize(ctx, query);
    if (!validation.ok) return sendPage(reply, 400, authorizeErrorPage(validation.problems));
    const openId = defaultOpenId(ctx, validation.request);
    return renderConsent(ctx, reply, query, validation.request, {
      status: 200,
      openId,
      checked: validation.request.scopes,
    });
  });

  app.post("/v2/auth/authorize/", { config: { endpoint: "authorize" } }, async (request: FastifyRequest, reply) => {
    const form = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<
      string,
      unknown
    >;
    const validation = validateAuthorize(ctx, form);
    if (!validation.ok) return sendPage(reply, 400, authorizeErrorPage(validation.problems));
    if (form.decision !== "approve") {
      return reply.redirect(decide(ctx, validation.request, { approve: false }), 302);
    }
    const openId = typeof form.open_id === "string" ? form.open_id : defaultOpenId(ctx, validation.request);
    const grantedScopes = list(form.granted_scope);
    request.sbx.openId = openId;
    try {
      return reply.redirect(decide(ctx, validation.request, { approve: true, openId, grantedScopes }), 302);
    } catch (error) {
      if (!isAppError(error, "VALIDATION_FAILED")) throw error;
      const fallback = ctx.store.creators.has(openId) ? openId : defaultOpenId(ctx, validation.request);
      return renderConsent(ctx, reply, form, validation.request, {
        status: 400,
        openId: fallback,
        checked: grantedScopes,
        error: error.message.charAt(0).toUpperCase() + error.message.slice(1),
      });
    }
  });
}
