import { createRandom } from "@trendpot/tiktok-sandbox";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../harness/keys";
import { type Stack, startStack } from "../harness/stack";
import { fuzzBody, fuzzPathParam, fuzzQuery } from "./fuzz";

const SEED = 20_260_301;
const CASES_PER_ROUTE = 12;
const BODY_LIMIT_BYTES = 16_384;
// Reading the audit log is itself audited (audit.exported / audit.verified), so it is the one collection a read may
// grow; everything else must be untouched by refused requests.
const WATCHED = ["users", "tiktok_accounts", "videos", "video_metrics", "oauth_states", "connect_sessions"];

interface Operation {
  method: string;
  path: string;
  bodyFields: string[];
  queryParams: string[];
  /** Whether the published contract allows this body: garbage that happens to be valid may be accepted. */
  allowsBody(raw: string): boolean;
}

let stack: Stack;
let operations: Operation[];

beforeAll(async () => {
  stack = await startStack({
    name: "bad-input",
    apiEnv: { BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES), RATE_LIMIT_GENERAL_PER_MIN: "100000" },
  });
  const spec = await stack.api.get<OpenApi>("/openapi.json");
  expect(spec.status).toBe(200);
  operations = operationsOf(spec.body);
});

afterAll(async () => {
  await stack?.stop();
});

interface OpenApi {
  paths: Record<string, Record<string, OpenApiOperation>>;
}
interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

function operationsOf(spec: OpenApi): Operation[] {
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats(ajv);
  ajv.addSchema(spec as object, "openapi");
  const pointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");
  return Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map(([method, op]) => {
        const schema = op.requestBody?.content?.["application/json"]?.schema;
        const validate = schema
          ? ajv.compile({
              $ref: `openapi#/paths/${pointer(path)}/${method}/requestBody/content/application~1json/schema`,
            })
          : undefined;
        return {
          method: method.toUpperCase(),
          path,
          bodyFields: Object.keys(schema?.properties ?? {}),
          queryParams: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
          allowsBody: (raw: string) => {
            if (!validate) return false;
            try {
              return validate(JSON.parse(raw)) === true;
            } catch {
              return false;
            }
          },
        };
      }),
  );
}

/** The role a route expects (fuzzing a route with the wrong key only tests the 403). */
function roleFor(path: string): Role {
  if (path.startsWith("/v1/audit-logs")) return "compliance";
  return "ops";
}

async function collectionCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of WATCHED) counts[name] = await stack.db.collection(name).countDocuments();
  return counts;
}

interface Outcome {
  route: string;
  status: number;
  problem?: string;
}

async function send(op: Operation, path: string, query: string, body: string | undefined): Promise<Outcome> {
  const route = `${op.method} ${path}${query ? `?${query.slice(0, 60)}` : ""}`;
  const response = await stack.api.request(op.method, `${path}${query ? `?${query}` : ""}`, {
    role: roleFor(op.path),
    ...(body === undefined ? {} : { rawBody: body }),
  });
  if (response.status >= 500) return { route, status: response.status, problem: `5xx: ${response.text.slice(0, 200)}` };
  const json = (response.headers.get("content-type") ?? "").includes("application/json");
  if (response.status >= 400 && json) {
    const error = (response.body as { error?: Record<string, unknown> }).error;
    const envelope =
      typeof error?.code === "string" && typeof error.message === "string" && typeof error.requestId === "string";
    if (!envelope) return { route, status: response.status, problem: `no error envelope: ${response.text}` };
  }
  // A mutation given garbage must refuse it, unless the garbage happens to be a body the published contract allows
  // (a free-text reason may well read "'; DROP TABLE x; --"); reads may answer 200 when every parameter was
  // optional and ignored.
  if (op.method !== "GET" && response.status < 400 && !(body !== undefined && op.allowsBody(body))) {
    return { route, status: response.status, problem: "accepted" };
  }
  return { route, status: response.status };
}

describe("bad input on every public route", () => {
  it("answers every fuzzed body, query and path with a 4xx in the error envelope and writes nothing", async () => {
    expect(operations.length).toBeGreaterThan(15);
    const before = await collectionCounts();
    const random = createRandom(SEED);
    const outcomes: Outcome[] = [];
    for (const op of operations) {
      for (let i = 0; i < CASES_PER_ROUTE; i += 1) {
        const path = op.path.replace(/\{[^}]+\}/g, () => fuzzPathParam(random));
        const body = op.method === "GET" ? undefined : fuzzBody(random, op.bodyFields);
        outcomes.push(await send(op, path, fuzzQuery(random, op.queryParams), body));
      }
    }
    const problems = outcomes.filter((o) => o.problem);
    expect(problems).toEqual([]);
    expect(outcomes.filter((o) => o.status >= 400 && o.status < 500).length).toBeGreaterThan(outcomes.length / 2);
    expect(await collectionCounts()).toEqual(before);
    await stack.assertAlive();
  });

  it("refuses bodies above BODY_LIMIT_BYTES with 413 on every JSON route", async () => {
    const huge = JSON.stringify({ userId: "u", reason: "x".repeat(BODY_LIMIT_BYTES * 2) });
    const posts = operations.filter((op) => op.method === "POST" && op.path.startsWith("/v1/"));
    expect(posts.length).toBeGreaterThan(3);
    for (const op of posts) {
      const path = op.path.replace(/\{[^}]+\}/g, "acc_0");
      const response = await stack.api.request("POST", path, { role: roleFor(op.path), rawBody: huge });
      expect(response.status, `${op.method} ${op.path}: ${response.text.slice(0, 200)}`).toBe(413);
      expect((response.body as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
    }
    await stack.assertAlive();
  });
});
