import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkSnapshot, diffOpenApi, isMajorBump } from "@trendpot/contracts";
import { freePort } from "@trendpot/dev-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/harness";
import { countFindings, type LintFinding, lintOpenApi } from "./lint-openapi";
import { OPERATIONS } from "./operations";

type Operation = {
  operationId?: string;
  tags?: string[];
  summary?: string;
  security?: unknown[];
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { example?: unknown }> }>;
};
type Spec = { paths: Record<string, Record<string, Operation>>; components: { responses: Record<string, unknown> } };

// The published contract: the client's types are generated from it, and /v1 may only change compatibly.
const PUBLISHED = fileURLToPath(new URL("../../../../packages/api-client/openapi.json", import.meta.url));
const UPDATE_COMMAND =
  "UPDATE_CONTRACTS=1 bash scripts/tp.sh exec sh -c 'cd apps/api && vitest run src/contract', " +
  "then bash scripts/tp.sh exec pnpm --filter @trendpot/api-client generate";

let t: TestApp;
let spec: Spec;

beforeAll(async () => {
  const port = await freePort();
  t = await createTestApp({ baseUrl: `http://127.0.0.1:${port}` });
  await t.app.listen({ port, host: "127.0.0.1" });
  // Over the network, as a generator or Swagger UI reads it.
  const response = await fetch(`http://127.0.0.1:${port}/openapi.json`, { signal: AbortSignal.timeout(10_000) });
  expect(response.status).toBe(200);
  spec = (await response.json()) as Spec;
});
afterAll(async () => {
  await t?.close();
});

const operations = () =>
  Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  );
const describeFindings = (findings: readonly LintFinding[]) =>
  [
    ...findings.map((f) => `${f.severity} ${f.rule} ${f.pointer}: ${f.message}`),
    ...(findings.some((f) => f.rule === "operation-operationId")
      ? ["A new route needs its entry (operationId, errors, examples) in src/contract/operations.ts."]
      : []),
  ].join("\n");

describe("the OpenAPI document", () => {
  it("passes Redocly's recommended rules with 0 errors and 0 warnings (redocly.yaml)", async () => {
    const findings = await lintOpenApi(spec);
    expect(countFindings(findings), describeFindings(findings)).toEqual({ errors: 0, warnings: 0 });
  });

  it("gives every operation a unique operationId from the contract table, tags, a summary and its security", () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(
      Object.values(OPERATIONS)
        .map((entry) => entry.operationId)
        .sort(),
    );
    for (const { name, operation } of operations()) {
      expect(operation.tags?.length, name).toBeGreaterThan(0);
      expect(operation.summary, name).toBeTruthy();
      expect(Array.isArray(operation.security), `${name} declares security, or [] for none`).toBe(true);
    }
  });

  it("marks exactly the role-guarded routes as secured, and the public ones with an explicit none", () => {
    const publicOps = operations()
      .filter(({ operation }) => operation.security?.length === 0)
      .map(({ name }) => name);
    expect(publicOps.sort()).toEqual(
      [
        "GET /health",
        "GET /ready",
        "GET /connect/tiktok",
        "POST /connect/tiktok/continue",
        "GET /connect/tiktok/cancel",
        "GET /auth/tiktok/callback",
        "POST /webhooks/tiktok",
      ].sort(),
    );
  });

  it("documents the error envelope for every error an authenticated route can answer", () => {
    for (const { name, operation } of operations().filter(({ operation }) => operation.security?.length)) {
      for (const status of ["401", "403", "429", "500", "503"]) {
        expect(operation.responses[status]?.$ref, `${name} ${status}`).toMatch(/^#\/components\/responses\//);
      }
    }
    expect(spec.paths["/v1/accounts/{id}/sync"]?.post?.responses["409"]?.$ref).toBe("#/components/responses/Conflict");
    expect(spec.components.responses.RateLimited).toMatchObject({ headers: { "retry-after": {} } });
  });

  it("has an example for every JSON answer of every /v1 operation and every JSON request body", () => {
    for (const { name, operation } of operations().filter(({ name }) => name.includes(" /v1/"))) {
      const success = Object.entries(operation.responses).find(([status]) => status.startsWith("2"));
      const json = success?.[1].content?.["application/json"];
      if (json) expect(json.example, name).toBeDefined();
      const body = operation.requestBody?.content["application/json"];
      if (body) expect(body.example, `${name} request`).toBeDefined();
    }
  });

  it("the linter does catch what it is here for: a missing operationId, an example that contradicts its schema", async () => {
    const broken = structuredClone(spec);
    const getAccount = broken.paths["/v1/accounts/{id}"]?.get;
    if (!getAccount) throw new Error("GET /v1/accounts/{id} is missing");
    delete getAccount.operationId;
    const media = getAccount.responses["200"]?.content?.["application/json"];
    if (media) media.example = { id: 42 };
    const rules = (await lintOpenApi(broken)).map((finding) => finding.rule);
    expect(rules).toEqual(expect.arrayContaining(["operation-operationId", "no-invalid-media-type-examples"]));
  });

  it("changes only compatibly against the published contract, unless the major version is bumped", async () => {
    // The served servers entry is PUBLIC_BASE_URL; the published one is relative to wherever the document is served.
    const current = { ...spec, servers: [{ url: "/", description: "The api that serves this document" }] };
    const findings = await lintOpenApi(current);
    expect(countFindings(findings), describeFindings(findings)).toEqual({ errors: 0, warnings: 0 });
    const version = (document: unknown) => (document as { info?: { version?: string } }).info?.version;
    const result = checkSnapshot({
      path: PUBLISHED,
      current,
      diff: diffOpenApi,
      bumped: (before, after) => isMajorBump(version(before), version(after)),
      update: process.env.UPDATE_CONTRACTS === "1",
      updateCommand: UPDATE_COMMAND,
    });
    expect(result.ok, result.message).toBe(true);
  });

  it("would refuse breaking changes to /v1: a response field removed, a new required request field, a renamed id", () => {
    const published = JSON.parse(readFileSync(PUBLISHED, "utf8"));
    const broken = structuredClone(published);
    const getAccount = broken.paths["/v1/accounts/{id}"].get;
    delete getAccount.responses["200"].content["application/json"].schema.properties.status;
    getAccount.operationId = "fetchAccount";
    const body = broken.paths["/v1/connect-sessions"].post.requestBody.content["application/json"].schema;
    body.properties.locale = { type: "string" };
    body.required.push("locale");
    expect(diffOpenApi(published, broken).map((change) => `${change.at}: ${change.message}`)).toEqual([
      "POST /v1/connect-sessions body.locale: new required field",
      "GET /v1/accounts/{id}: operationId changed from getAccount",
      "GET /v1/accounts/{id} 200.status: field removed",
    ]);
  });
});
