import type { FastifyInstance } from "fastify";
import helmet from "helmet";

/** helmet's options: our CSP (the consent pages load nothing from elsewhere and are never framed). */
const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], frameAncestors: ["'none'"] },
  },
} as const;

/**
 * helmet's security headers on every response. The middleware is built once: the Fastify plugin rebuilt it (and
 * re-parsed the CSP) on every request, which cost as much as a bare route's request. No route sets its own helmet
 * options or CSP nonces, so one middleware serves them all.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const middleware = helmet(HELMET_OPTIONS);
  app.addHook("onRequest", (request, reply, done) => {
    middleware(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
}
