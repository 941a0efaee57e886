import type { RouteRoles } from "../plugins/api-key-auth";
import { ERROR_RESPONSE_NAMES, errorResponseComponent } from "./error-responses";
import { REQUEST_EXAMPLES, RESPONSE_EXAMPLES } from "./examples";
import { OPERATIONS, type OperationContract } from "./operations";

type Json = Record<string, unknown>;
type Operation = Json & { parameters?: Json[]; requestBody?: Json; responses?: Record<string, Json> };

/** What the document cannot say itself: who may call each route, and where the OAuth callback is mounted. */
export interface CompleteOptions {
  routes: readonly RouteRoles[];
  /** The path of the configured redirect URI; the contract knows the callback by its default path. */
  callbackPath: string;
}

const DEFAULT_CALLBACK_PATH = "/auth/tiktok/callback";
// Liveness and readiness are exempt from rate limiting (see plugins/rate-limit.ts).
const NOT_RATE_LIMITED = new Set(["/health", "/ready"]);
const SUCCESS_TEXT: Record<string, string> = { 200: "OK", 201: "Created", 202: "Accepted" };

/**
 * Completes the document generated from the routes' zod schemas with what a client generator and a linter need:
 * a stable `operationId`, the route's security (or an explicit none), every error it can answer with the
 * envelope, and examples. Runs on every `/openapi.json`; leaves an operation missing from {@link OPERATIONS}
 * untouched, so the contract test (not production) is where a forgotten entry fails.
 */
export function completeOpenApi<T extends Json>(document: T, options: CompleteOptions): T {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  const usedErrors = new Set<number>();
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const key = `${method.toUpperCase()} ${path === options.callbackPath ? DEFAULT_CALLBACK_PATH : path}`;
      const contract = OPERATIONS[key];
      if (!contract) continue;
      const roles = findRoles(options.routes, method, path);
      completeOperation(operation, contract, { path, roles, usedErrors });
    }
  }
  const components = { ...((document.components ?? {}) as Json) };
  const responses = { ...((components.responses ?? {}) as Json) };
  for (const status of [...usedErrors].sort((a, b) => a - b)) {
    const name = ERROR_RESPONSE_NAMES[status];
    if (name) responses[name] = errorResponseComponent(status);
  }
  components.responses = responses;
  return { ...document, components };
}

function findRoles(routes: readonly RouteRoles[], method: string, path: string): readonly string[] | undefined {
  const route = routes.find((r) => r.method === method.toUpperCase() && toOpenApiPath(r.url) === path);
  return route?.roles;
}

/** Fastify's `/v1/accounts/:id` is OpenAPI's `/v1/accounts/{id}`. */
function toOpenApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

function completeOperation(
  operation: Operation,
  contract: OperationContract,
  context: { path: string; roles: readonly string[] | undefined; usedErrors: Set<number> },
): void {
  operation.operationId = contract.operationId;
  operation.security = context.roles ? [{ bearerAuth: [] }, { apiKeyHeader: [] }] : [];
  const who = context.roles ? `Roles: ${context.roles.join(", ")}.` : "Public: no API key.";
  operation.description = typeof operation.description === "string" ? `${operation.description}\n\n${who}` : who;
  completeRequestBody(operation, contract);
  const responses = { ...(operation.responses ?? {}) };
  if (contract.responses) {
    // The generated placeholder (a 2xx without content) is replaced by the contract's real answers.
    for (const [status, response] of Object.entries(responses)) {
      if (status.startsWith("2") && !response.content && !(status in contract.responses)) delete responses[status];
    }
  }
  for (const [status, response] of Object.entries(responses)) {
    if (status.startsWith("2") && response.description === "Default Response") {
      response.description = SUCCESS_TEXT[status] ?? "Success";
    }
  }
  addSuccessExample(responses, contract.operationId);
  for (const [status, response] of Object.entries(contract.responses ?? {})) responses[status] = response;
  for (const status of errorStatuses(operation, contract, context)) {
    const name = ERROR_RESPONSE_NAMES[status];
    if (!name) continue;
    const existing = responses[String(status)];
    if (existing && !isEnvelope(existing) && existing.content) {
      // An HTML page and the JSON envelope share the status: both content types are documented.
      const envelope = errorResponseComponent(status) as Json & { content: Json };
      responses[String(status)] = {
        ...existing,
        description: `${existing.description} Or the error envelope.`,
        content: { ...(existing.content as Json), ...envelope.content },
      };
      continue;
    }
    if (existing && !isEnvelope(existing)) continue;
    responses[String(status)] = { $ref: `#/components/responses/${name}` };
    context.usedErrors.add(status);
  }
  operation.responses = responses;
}

function completeRequestBody(operation: Operation, contract: OperationContract): void {
  const content = operation.requestBody?.content as Record<string, Json> | undefined;
  const json = content?.["application/json"];
  if (!content || !json) return;
  const example = REQUEST_EXAMPLES[contract.operationId];
  if (example !== undefined) json.example = example;
  for (const type of contract.bodyTypes ?? []) content[type] = { ...json };
}

function addSuccessExample(responses: Record<string, Json>, operationId: string): void {
  const example = RESPONSE_EXAMPLES[operationId];
  if (example === undefined) return;
  const status = Object.keys(responses).find((s) => s.startsWith("2"));
  const media = status ? (responses[status]?.content as Record<string, Json> | undefined) : undefined;
  const json = media?.["application/json"];
  if (json) json.example = example;
}

/** Every status the route can answer with the envelope, derived from what it declares and how it is mounted. */
function errorStatuses(
  operation: Operation,
  contract: OperationContract,
  context: { path: string; roles: readonly string[] | undefined },
): number[] {
  const statuses = new Set<number>([500, ...(contract.errors ?? [])]);
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    if (Number(status) >= 400 && isEnvelope(response)) statuses.add(Number(status));
  }
  if (!NOT_RATE_LIMITED.has(context.path)) {
    statuses.add(429);
    // Redis not answering (sessions, queues, auth counters) is a 503 to retry.
    statuses.add(503);
  }
  if (context.roles) {
    statuses.add(401);
    statuses.add(403);
  }
  const parameters = operation.parameters ?? [];
  if (parameters.length > 0 || operation.requestBody) statuses.add(400);
  if (parameters.some((p) => p.in === "path")) {
    statuses.add(404);
    statuses.add(414);
  }
  if (operation.requestBody || context.path === "/webhooks/tiktok") {
    statuses.add(413);
    statuses.add(415);
  }
  return [...statuses].sort((a, b) => a - b);
}

function isEnvelope(response: Json): boolean {
  if (typeof response.$ref === "string") return true;
  const schema = (response.content as Record<string, Json> | undefined)?.["application/json"]?.schema as
    | Json
    | undefined;
  const properties = schema?.properties as Json | undefined;
  return properties !== undefined && "error" in properties && Object.keys(properties).length === 1;
}
