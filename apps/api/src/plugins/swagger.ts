import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { completeOpenApi } from "../contract/complete-spec";

/**
 * The OpenAPI document, generated from the routes' zod schemas, at `/openapi.json`, and Swagger UI at `/docs`.
 * Swagger UI serves its own strict CSP for its static files (no inline script), so the page works under helmet.
 */
export async function registerSwagger(
  app: FastifyInstance,
  publicBaseUrl: string,
  callbackPath: string,
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "TrendPot TikTok ingestion API",
        version: "1.0.0",
        description: "Consent flow, TikTok accounts, videos (submissions) and metrics, audit logs and operations.",
      },
      servers: [{ url: publicBaseUrl }],
      tags: [
        { name: "connect", description: "Connect sessions and the creator's consent flow" },
        { name: "accounts", description: "Connected TikTok accounts" },
        { name: "videos", description: "Ingested videos (submissions) and metrics" },
        { name: "sync", description: "Ingestion and refresh triggers, sync history" },
        { name: "audit", description: "Audit log review, export and verification" },
        { name: "ops", description: "Queues, budget and failed jobs" },
        { name: "webhooks", description: "TikTok webhooks" },
        { name: "health", description: "Liveness and readiness" },
        { name: "pages", description: "Server-rendered pages" },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", description: "API key as a bearer token" },
          apiKeyHeader: { type: "apiKey", in: "header", name: "x-api-key" },
        },
      },
    },
    transform: jsonSchemaTransform,
    // Runs when the document is first asked for, after every route (and its roles) is registered.
    transformObject: (document) =>
      "openapiObject" in document
        ? completeOpenApi(document.openapiObject, { routes: app.routeRoles, callbackPath })
        : document.swaggerObject,
  });
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    // Scripts stay 'self' only; Swagger UI sets inline style attributes at run time, which need 'unsafe-inline'
    // for styles (and only styles) on the docs pages.
    staticCSP: {
      "default-src": ["'self'"],
      "base-uri": ["'self'"],
      "connect-src": ["'self'"],
      "font-src": ["'self'", "data:"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
      "img-src": ["'self'", "data:"],
      "object-src": ["'none'"],
      "script-src": ["'self'"],
      "script-src-attr": ["'none'"],
      "style-src": ["'self'", "'unsafe-inline'"],
    },
    uiConfig: { deepLinking: false },
  });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}
