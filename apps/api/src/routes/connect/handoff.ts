import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { randomToken, sealVerifier, sha256Hex, signCsrf, verifyCsrf } from "../../lib/consent-crypto";
import { cookie, readCookie } from "../../lib/cookies";
import { returnUrlWithOutcome } from "../../lib/return-url";
import { findPendingSession } from "../../lib/sessions";
import { rateLimitFor } from "../../plugins/rate-limit";
import { handoffPage, resultPage } from "../../views/consent-pages";
import { sendPage } from "../../views/html";
import { sendConsentError } from "./consent-errors";

/** The CSRF nonce cookie (double submit) and the cookie binding the browser to its consent session. */
export const CSRF_COOKIE = "tp_csrf";
export const CONNECT_COOKIE = "tp_connect";

const SessionQuerySchema = z.object({ session: z.string().max(100).optional() });
const ContinueBodySchema = z.object({ session: z.string().max(100).optional(), csrf: z.string().max(200).optional() });

/** The hand-off page, Continue (PKCE + state → TikTok) and Cancel. Public: the session id is the capability. */
export function handoffRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const { config } = deps;
  const secure = config.PUBLIC_BASE_URL.startsWith("https:");
  const pageOptions = { config: { rateLimit: rateLimitFor(config, "consent") } };
  return async (app) => {
    app.get(
      "/connect/tiktok",
      {
        ...pageOptions,
        schema: { tags: ["pages"], summary: "Consent hand-off page (HTML)", querystring: SessionQuerySchema },
      },
      async (request, reply) => {
        const now = deps.now();
        const session = await findPendingSession(deps, request.query.session, now);
        if (!session) return sendConsentError(reply, "session");
        const nonce = randomToken(18);
        const csrf = signCsrf(config.consentKey, session._id, nonce, session.expiresAt.getTime());
        const maxAgeSec = Math.max(1, Math.ceil((session.expiresAt.getTime() - now.getTime()) / 1000));
        reply.header("set-cookie", cookie(CSRF_COOKIE, nonce, { path: "/connect/tiktok", maxAgeSec, secure }));
        return sendPage(reply, {
          title: "Connect TikTok – TrendPot",
          body: handoffPage({
            consentCopy: config.CONSENT_COPY,
            scopes: config.TIKTOK_DISPLAY_SCOPES,
            sessionId: session._id,
            csrfToken: csrf,
            cancelUrl: `/connect/tiktok/cancel?session=${encodeURIComponent(session._id)}`,
          }),
          formActionOrigins: [new URL(config.TIKTOK_AUTH_BASE_URL).origin],
        });
      },
    );

    app.post(
      "/connect/tiktok/continue",
      {
        ...pageOptions,
        schema: { tags: ["pages"], summary: "Continue to TikTok (form post)", body: ContinueBodySchema },
      },
      async (request, reply) => {
        const { session: sessionId, csrf } = request.body;
        const nonce = readCookie(request.headers.cookie, CSRF_COOKIE);
        const now = deps.now();
        if (!sessionId || !csrf || !nonce || !verifyCsrf(config.consentKey, csrf, sessionId, nonce, now.getTime())) {
          return sendConsentError(reply, "csrf");
        }
        const started = await deps.connectSessions.markStarted(sessionId, now);
        if (!started.ok) return sendConsentError(reply, "session");
        const { session } = started;
        const { codeVerifier, codeChallenge } = deps.tiktok.createPkcePair();
        const state = randomToken(32);
        const stateHash = sha256Hex(state);
        await deps.oauthStates.create({
          stateHash,
          sessionId: session._id,
          userId: session.userId,
          verifierCiphertext: sealVerifier(config.consentKey, stateHash, codeVerifier),
          requestedScopes: [...config.TIKTOK_DISPLAY_SCOPES],
          redirectUri: config.redirectUri,
          createdAt: now,
          expiresAt: new Date(now.getTime() + config.OAUTH_STATE_TTL_SEC * 1000),
        });
        const callbackPath = new URL(config.redirectUri).pathname;
        reply.header(
          "set-cookie",
          cookie(CONNECT_COOKIE, session._id, { path: callbackPath, maxAgeSec: config.OAUTH_STATE_TTL_SEC, secure }),
        );
        const url = deps.tiktok.buildAuthorizeUrl({
          scopes: config.TIKTOK_DISPLAY_SCOPES,
          redirectUri: config.redirectUri,
          state,
          codeChallenge,
        });
        return reply.header("cache-control", "no-store").redirect(url, 302);
      },
    );

    app.get(
      "/connect/tiktok/cancel",
      {
        ...pageOptions,
        schema: { tags: ["pages"], summary: "Cancel the hand-off (HTML)", querystring: SessionQuerySchema },
      },
      async (request, reply) => {
        const now = deps.now();
        const pending = await findPendingSession(deps, request.query.session, now);
        const started = pending ? await deps.connectSessions.markStarted(pending._id, now) : undefined;
        if (!pending || !started?.ok) return sendConsentError(reply, "session");
        await deps.connectSessions.complete(pending._id, { result: "denied", code: "cancelled" }, now);
        await deps.auditWriter({
          actor: { type: "creator", id: pending.userId },
          action: "consent.cancelled",
          target: { userId: pending.userId },
          requestId: request.id,
          details: { sessionId: pending._id },
        });
        if (pending.returnUrl)
          return reply.redirect(returnUrlWithOutcome(pending.returnUrl, "denied", pending._id), 302);
        return sendPage(reply, {
          title: "TikTok not connected – TrendPot",
          body: resultPage({ outcome: "denied", message: "You cancelled. Nothing was shared with TrendPot." }),
        });
      },
    );
  };
}
