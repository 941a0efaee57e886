import { nameActiveSpanByRoute } from "@trendpot/telemetry";
import type { FastifyInstance } from "fastify";

/** Every request's server span carries the route it matched (see `nameActiveSpanByRoute`). */
export function registerRouteSpans(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    const route = request.routeOptions.url;
    if (route) nameActiveSpanByRoute(request.method, route);
  });
}
