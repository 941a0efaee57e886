import type { ConnectSession, OAuthState } from "@trendpot/db";
import { isAppError } from "@trendpot/errors";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { completeConsent } from "../../features/complete-consent";
import { openVerifier, sha256Hex } from "../../lib/consent-crypto";
import { readCookie } from "../../lib/cookies";
import { returnUrlWithOutcome } from "../../lib/return-url";
import { rateLimitFor } from "../../plugins/rate-limit";
import { resultPage } from "../../views/consent-pages";
import { sendPage } from "../../views/html";
import { sendConsentError } from "./consent-errors";
import { CONNECT_COOKIE } from "./handoff";

const CallbackQuerySchema = z.object({
  code: z.string().max(2048).optional(),
  state: z.string().max(200).optional(),
  scopes: z.string().max(1000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});
type CallbackQuery = z.infer<typeof CallbackQuerySchema>;
type ConnectOutcome = "connected" | "denied" | "error";

/** `GET /auth/tiktok/callback`: TikTok sends the creator back here with a code (or an error) and our state. */
export function callbackRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      new URL(deps.config.redirectUri).pathname,
      {
        config: { rateLimit: rateLimitFor(deps.config, "consent") },
        schema: {
          tags: ["pages"],
          summary: "TikTok OAuth callback (HTML or redirect)",
          querystring: CallbackQuerySchema,
        },
      },
      async (request, reply) => handleCallback(deps, request, reply, request.query),
    );
  };
}

async function handleCallback(deps: ApiDeps, request: FastifyRequest, reply: FastifyReply, query: CallbackQuery) {
  const now = deps.now();
  if (!query.state) return sendConsentError(reply, "state");
  const stateHash = sha256Hex(query.state);
  const consumed = await deps.oauthStates.consume(stateHash, now);
  if (!consumed.ok) return sendConsentError(reply, "state");
  const stateDoc = consumed.state;
  if (readCookie(request.headers.cookie, CONNECT_COOKIE) !== stateDoc.sessionId)
    return sendConsentError(reply, "mismatch");
  const session = await deps.connectSessions.get(stateDoc.sessionId);
  if (session?.status !== "started") return sendConsentError(reply, "state");
  if (query.error || !query.code) {
    const denied = query.error === "access_denied";
    await finishWithoutAccount(deps, request, session, denied ? "denied" : "error", query.error ?? "missing_code");
    return sendOutcome(reply, session, denied ? "denied" : "error", {
      message: denied
        ? "You chose not to connect TikTok. Nothing was shared with TrendPot."
        : "TikTok could not complete the connection. Please try again.",
    });
  }
  return exchangeAndStore(deps, request, reply, { session, stateDoc, stateHash, code: query.code });
}

async function exchangeAndStore(
  deps: ApiDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  input: { session: ConnectSession; stateDoc: OAuthState; stateHash: string; code: string },
) {
  const { session, stateDoc } = input;
  try {
    const result = await completeConsent(deps, {
      session,
      code: input.code,
      codeVerifier: openVerifier(deps.config.consentKey, input.stateHash, stateDoc.verifierCiphertext),
      requestedScopes: stateDoc.requestedScopes,
      redirectUri: stateDoc.redirectUri,
      requestId: request.id,
    });
    const partial = result.missingScopes.length > 0;
    await deps.connectSessions.complete(
      session._id,
      { result: partial ? "partial" : "connected", accountId: result.account._id },
      deps.now(),
    );
    // A partial grant is always shown to the creator (with a way back); a full grant may go straight back.
    if (session.returnUrl && !partial) {
      return reply.redirect(returnUrlWithOutcome(session.returnUrl, "connected", session._id), 302);
    }
    return sendOutcome(reply, session, "connected", {
      grantedScopes: result.grantedScopes,
      missingScopes: result.missingScopes,
      message: result.ingestionQueued
        ? "TrendPot will now import your approved videos and refresh their metrics periodically."
        : "Your account is linked. Video import needs the video list permission, which was not granted.",
    });
  } catch (error) {
    const code = isAppError(error) ? error.code : "INTERNAL";
    // The creator sees a generic page and the session records the code; an unexpected error's own name and
    // message (never a token: our clients keep those out of messages) are the only trace of what went wrong.
    const cause = isAppError(error) ? undefined : describeError(error);
    request.log.warn({ code, sessionId: session._id, ...(cause ? { cause } : {}) }, "consent callback failed");
    await finishWithoutAccount(deps, request, session, "error", code);
    return sendOutcome(reply, session, "error", {
      message:
        code === "ACCOUNT_LINKED_ELSEWHERE"
          ? "This TikTok account is already connected to another TrendPot user. It can be connected here once it is disconnected there."
          : "We could not finish connecting your TikTok account. Please try again from TrendPot.",
    });
  }
}

async function finishWithoutAccount(
  deps: ApiDeps,
  request: FastifyRequest,
  session: ConnectSession,
  outcome: ConnectOutcome,
  reason: string,
): Promise<void> {
  await deps.connectSessions.complete(session._id, { result: outcome, code: reason.slice(0, 100) }, deps.now());
  await deps.auditWriter({
    actor: { type: "creator", id: session.userId },
    action: outcome === "denied" ? "consent.denied" : "consent.failed",
    target: { userId: session.userId },
    reason: reason.slice(0, 200),
    requestId: request.id,
    details: { sessionId: session._id },
  });
}

function sendOutcome(
  reply: FastifyReply,
  session: ConnectSession,
  outcome: ConnectOutcome,
  view: { message: string; grantedScopes?: string[]; missingScopes?: string[] },
): FastifyReply {
  const back = session.returnUrl ? returnUrlWithOutcome(session.returnUrl, outcome, session._id) : undefined;
  if (back && outcome !== "connected") return reply.redirect(back, 302);
  return sendPage(reply, {
    title: "TikTok connection – TrendPot",
    body: resultPage({ outcome, ...view, ...(back ? { returnUrl: back } : {}) }),
  });
}

function describeError(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message.slice(0, 300) }
    : { name: typeof error, message: "" };
}
