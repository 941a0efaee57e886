import { type BreakingChange, diffSchemas, resolve, type SchemaRoots } from "./json-schema-diff";

type Json = Record<string, unknown>;
type Parameter = { name: string; in: string; required?: boolean; schema?: unknown };

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/**
 * Finds the changes between two OpenAPI 3.1 documents that break existing clients: a removed path, operation,
 * success answer or response field; a renamed `operationId` (generated clients call it by name); a new
 * required parameter or request field; a changed type; security added to a public operation. Request schemas
 * are compared as input and response schemas as output (see `diffSchemas`).
 */
export function diffOpenApi(before: unknown, after: unknown): BreakingChange[] {
  const roots: SchemaRoots = { before, after };
  const changes: BreakingChange[] = [];
  const beforePaths = ((before as Json).paths ?? {}) as Record<string, Json>;
  const afterPaths = ((after as Json).paths ?? {}) as Record<string, Json>;
  for (const [path, beforeItem] of Object.entries(beforePaths)) {
    for (const method of METHODS.filter((m) => m in beforeItem)) {
      const name = `${method.toUpperCase()} ${path}`;
      const beforeOp = resolve(beforeItem[method], before);
      const afterOp = resolve(afterPaths[path]?.[method], after);
      if (!beforeOp) continue;
      if (!afterOp) {
        changes.push({ at: name, message: "operation removed" });
        continue;
      }
      changes.push(...diffOperation(name, beforeOp, afterOp, roots));
    }
  }
  return changes;
}

function diffOperation(name: string, before: Json, after: Json, roots: SchemaRoots): BreakingChange[] {
  const changes: BreakingChange[] = [];
  if (before.operationId !== after.operationId) {
    changes.push({ at: name, message: `operationId changed from ${String(before.operationId)}` });
  }
  const wasPublic = Array.isArray(before.security) && before.security.length === 0;
  if (wasPublic && Array.isArray(after.security) && after.security.length > 0) {
    changes.push({ at: name, message: "now requires authentication" });
  }
  changes.push(...diffParameters(name, before, after, roots));
  changes.push(...diffRequestBody(name, before, after, roots));
  changes.push(...diffResponses(name, before, after, roots));
  return changes;
}

function parametersOf(operation: Json, root: unknown): Map<string, Parameter> {
  const list = (operation.parameters ?? []) as unknown[];
  const parameters = list.map((p) => resolve(p, root) as Parameter | undefined).filter((p) => p !== undefined);
  return new Map(parameters.map((p) => [`${p.in} ${p.name}`, p]));
}

function diffParameters(name: string, before: Json, after: Json, roots: SchemaRoots): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const beforeParams = parametersOf(before, roots.before);
  const afterParams = parametersOf(after, roots.after);
  for (const [key, param] of beforeParams) {
    const next = afterParams.get(key);
    if (!next) changes.push({ at: `${name} ${key}`, message: "parameter removed" });
    else {
      if (next.required && !param.required) changes.push({ at: `${name} ${key}`, message: "parameter now required" });
      changes.push(...diffSchemas(param.schema, next.schema, "input", `${name} ${key}`, roots));
    }
  }
  for (const [key, param] of afterParams) {
    if (!beforeParams.has(key) && param.required) {
      changes.push({ at: `${name} ${key}`, message: "new required parameter" });
    }
  }
  return changes;
}

function diffRequestBody(name: string, before: Json, after: Json, roots: SchemaRoots): BreakingChange[] {
  const beforeBody = resolve(before.requestBody, roots.before);
  const afterBody = resolve(after.requestBody, roots.after);
  if (!afterBody) return [];
  if (!beforeBody) {
    return afterBody.required ? [{ at: `${name} body`, message: "new required request body" }] : [];
  }
  const changes: BreakingChange[] = [];
  const beforeContent = (beforeBody.content ?? {}) as Record<string, Json>;
  const afterContent = (afterBody.content ?? {}) as Record<string, Json>;
  for (const [type, media] of Object.entries(beforeContent)) {
    const next = afterContent[type];
    if (!next) changes.push({ at: `${name} body ${type}`, message: "content type no longer accepted" });
    else changes.push(...diffSchemas(media.schema, next.schema, "input", `${name} body`, roots));
  }
  return changes;
}

function diffResponses(name: string, before: Json, after: Json, roots: SchemaRoots): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const beforeResponses = (before.responses ?? {}) as Record<string, unknown>;
  const afterResponses = (after.responses ?? {}) as Record<string, unknown>;
  for (const [status, raw] of Object.entries(beforeResponses)) {
    const beforeResponse = resolve(raw, roots.before);
    const afterResponse = resolve(afterResponses[status], roots.after);
    if (!afterResponse) {
      // Dropping an error answer breaks nobody; dropping a success answer changes what clients get back.
      if (!status.startsWith("4") && !status.startsWith("5"))
        changes.push({ at: `${name} ${status}`, message: "response removed" });
      continue;
    }
    const beforeContent = (beforeResponse?.content ?? {}) as Record<string, Json>;
    const afterContent = (afterResponse.content ?? {}) as Record<string, Json>;
    for (const [type, media] of Object.entries(beforeContent)) {
      const next = afterContent[type];
      if (!next) changes.push({ at: `${name} ${status} ${type}`, message: "content type removed" });
      else changes.push(...diffSchemas(media.schema, next.schema, "output", `${name} ${status}`, roots));
    }
  }
  return changes;
}

/** True when `after` has a higher major version than `before` (`1.4.0` → `2.0.0`). */
export function isMajorBump(before: string | undefined, after: string | undefined): boolean {
  const major = (version: string | undefined) => Number.parseInt(String(version ?? "0").split(".")[0] ?? "0", 10);
  return major(after) > major(before);
}
