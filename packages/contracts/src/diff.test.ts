import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSnapshot, diffOpenApi, diffSchemas, isMajorBump } from "./index";

const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: "object",
  properties,
  required,
});
const str = { type: "string" };
const messages = (changes: { at: string; message: string }[]) => changes.map((c) => `${c.at}: ${c.message}`);

describe("diffSchemas, output (responses, events)", () => {
  it("accepts additions: a new optional field, a new enum value, a new union member", () => {
    const before = obj({ id: str, status: { type: "string", enum: ["a"] } });
    const after = obj({ id: str, status: { type: "string", enum: ["a", "b"] }, extra: str }, ["id", "status"]);
    expect(diffSchemas(before, after, "output")).toEqual([]);
    const union = (...tags: string[]) => ({ oneOf: tags.map((t) => obj({ type: { type: "string", const: t } })) });
    expect(diffSchemas(union("upsert"), union("upsert", "metrics"), "output")).toEqual([]);
  });

  it("flags a removed field, a changed type, a field that may now be absent or null, a removed union member", () => {
    const before = obj({ id: str, count: { type: "number" }, at: str, name: str });
    const after = obj({ count: str, at: str, name: { type: ["string", "null"] } }, ["count", "name"]);
    expect(messages(diffSchemas(before, after, "output"))).toEqual([
      ".id: field removed",
      ".count: type changed: may now be string",
      ".at: may now be absent (was required)",
      ".name: type changed: may now be null",
    ]);
    const union = (...tags: string[]) => ({ anyOf: tags.map((t) => obj({ type: { const: t } })) });
    expect(messages(diffSchemas(union("upsert", "prune"), union("upsert"), "output"))).toEqual([
      "<prune>: union member removed",
    ]);
  });

  it("follows $refs and array items", () => {
    const root = (item: unknown) => ({ $defs: { Item: item }, type: "array", items: { $ref: "#/$defs/Item" } });
    const before = root(obj({ id: str }));
    const after = root(obj({ id: { type: "integer" } }));
    expect(messages(diffSchemas(before, after, "output"))).toEqual(["[].id: type changed: may now be integer"]);
  });
});

describe("diffSchemas, input (requests)", () => {
  it("flags a new required field, a removed enum value and tighter limits, and accepts a new optional field", () => {
    const before = obj({ kind: { type: "string", enum: ["a", "b"] }, reason: { type: "string", maxLength: 500 } });
    const after = obj(
      { kind: { type: "string", enum: ["a"] }, reason: { type: "string", maxLength: 100 }, note: str, userId: str },
      ["kind", "reason", "userId"],
    );
    expect(messages(diffSchemas(before, after, "input"))).toEqual([
      ".kind: no longer accepts b",
      ".reason: maxLength tightened",
      ".userId: new required field",
    ]);
  });
});

describe("diffOpenApi", () => {
  const spec = (operation: Record<string, unknown>, extraPaths: Record<string, unknown> = {}) => ({
    openapi: "3.1.0",
    info: { title: "t", version: "1.0.0" },
    paths: { "/v1/things/{id}": { get: operation }, ...extraPaths },
  });
  const op = {
    operationId: "getThing",
    security: [{ bearerAuth: [] }],
    parameters: [{ name: "id", in: "path", required: true, schema: str }],
    responses: { 200: { description: "OK", content: { "application/json": { schema: obj({ id: str }) } } } },
  };

  it("finds a removed operation, a renamed operationId, a new required query parameter and a removed field", () => {
    const before = spec(op, { "/v1/others": { post: { operationId: "createOther", responses: {} } } });
    const after = spec({
      ...op,
      operationId: "fetchThing",
      parameters: [...op.parameters, { name: "expand", in: "query", required: true, schema: str }],
      responses: { 200: { description: "OK", content: { "application/json": { schema: obj({}) } } } },
    });
    expect(messages(diffOpenApi(before, after))).toEqual([
      "GET /v1/things/{id}: operationId changed from getThing",
      "GET /v1/things/{id} query expand: new required parameter",
      "GET /v1/things/{id} 200.id: field removed",
      "POST /v1/others: operation removed",
    ]);
  });

  it("accepts a new operation, a new optional parameter, a new error answer and a new response field", () => {
    const after = spec(
      {
        ...op,
        parameters: [...op.parameters, { name: "expand", in: "query", required: false, schema: str }],
        responses: {
          200: { description: "OK", content: { "application/json": { schema: obj({ id: str, name: str }) } } },
          404: { description: "Not found" },
        },
      },
      { "/v1/new": { get: { operationId: "getNew", responses: {} } } },
    );
    expect(diffOpenApi(spec(op), after)).toEqual([]);
  });

  it("reads the major version", () => {
    expect(isMajorBump("1.4.0", "2.0.0")).toBe(true);
    expect(isMajorBump("1.4.0", "1.5.0")).toBe(false);
  });
});

describe("checkSnapshot", () => {
  const dir = mkdtempSync(join(tmpdir(), "contracts-"));
  const base = {
    diff: (before: unknown, after: unknown) => diffSchemas(before, after, "output"),
    bumped: (before: unknown, after: unknown) =>
      isMajorBump((before as { version: string }).version, (after as { version: string }).version),
    updateCommand: "UPDATE_CONTRACTS=1 vitest run",
  };
  const v1 = { version: "1", ...obj({ id: str }) };

  it("refuses a breaking change even when asked to update, and names it", () => {
    const path = join(dir, "breaking.json");
    writeFileSync(path, JSON.stringify(v1));
    const result = checkSnapshot({ ...base, path, current: { ...v1, properties: {}, required: [] }, update: true });
    expect(result).toMatchObject({ ok: false, status: "breaking-change" });
    expect(result.message).toContain(".id: field removed");
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(v1);
  });

  it("fails a compatible change with the update command, and writes it when asked", () => {
    const path = join(dir, "compatible.json");
    writeFileSync(path, JSON.stringify(v1));
    const current = { ...v1, properties: { id: str, name: str } };
    expect(checkSnapshot({ ...base, path, current, update: false })).toMatchObject({
      ok: false,
      status: "compatible-change",
      message: expect.stringContaining("UPDATE_CONTRACTS=1 vitest run"),
    });
    expect(checkSnapshot({ ...base, path, current, update: true })).toMatchObject({ ok: true, status: "written" });
    expect(checkSnapshot({ ...base, path, current, update: false })).toMatchObject({ ok: true, status: "unchanged" });
  });

  it("lets a breaking change through with a major version bump", () => {
    const path = join(dir, "bumped.json");
    writeFileSync(path, JSON.stringify(v1));
    const current = { ...v1, version: "2", properties: {}, required: [] };
    expect(checkSnapshot({ ...base, path, current, update: true })).toMatchObject({ ok: true, status: "written" });
  });
});
