import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, KEYS, type TestApp } from "../test-support/harness";

type Role = keyof typeof KEYS;
interface RouteCase {
  method: "GET" | "POST";
  url: string;
  roles: Role[];
  body?: Record<string, unknown>;
}

const ACC = "acc_0123456789abcdef01234567";
/** Every authenticated route with the roles allowed on it: the role matrix, as a test. */
const ROUTES: RouteCase[] = [
  { method: "POST", url: "/v1/connect-sessions", roles: ["platform", "ops"], body: { userId: "u" } },
  { method: "GET", url: "/v1/accounts", roles: ["platform", "ops", "compliance"] },
  { method: "GET", url: `/v1/accounts/${ACC}`, roles: ["platform", "ops", "compliance"] },
  { method: "GET", url: "/v1/users/u/account", roles: ["platform", "ops", "compliance"] },
  { method: "GET", url: `/v1/accounts/${ACC}/videos`, roles: ["platform", "ops", "compliance"] },
  { method: "GET", url: `/v1/accounts/${ACC}/totals`, roles: ["platform", "ops", "compliance"] },
  { method: "GET", url: "/v1/videos/123", roles: ["platform", "ops", "compliance"] },
  {
    method: "GET",
    url: "/v1/videos/123/metrics?from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z",
    roles: ["platform", "ops", "compliance"],
  },
  {
    method: "GET",
    url: `/v1/accounts/${ACC}/metrics/daily?from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z`,
    roles: ["platform", "ops", "compliance"],
  },
  {
    method: "GET",
    url: `/v1/accounts/${ACC}/profile/history?from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z&bucket=day`,
    roles: ["platform", "ops", "compliance"],
  },
  { method: "POST", url: `/v1/accounts/${ACC}/revoke`, roles: ["platform", "ops"], body: { reason: "creator asked" } },
  { method: "POST", url: `/v1/accounts/${ACC}/sync`, roles: ["platform", "ops"], body: { kind: "ingestion" } },
  { method: "GET", url: `/v1/accounts/${ACC}/sync-runs`, roles: ["platform", "ops"] },
  { method: "GET", url: "/v1/ops/queues", roles: ["ops"] },
  { method: "GET", url: "/v1/ops/budget", roles: ["ops"] },
  { method: "GET", url: "/v1/ops/schedules", roles: ["ops"] },
  { method: "GET", url: "/v1/ops/failed-jobs?queue=tiktok-ingestion", roles: ["ops"] },
  {
    method: "POST",
    url: "/v1/ops/failed-jobs/tiktok-ingestion/nope/replay",
    roles: ["ops"],
    body: { reason: "retry it" },
  },
  { method: "POST", url: "/v1/ops/key-rotation/re-encrypt", roles: ["ops"], body: { reason: "rotated" } },
  { method: "GET", url: "/v1/audit-logs", roles: ["compliance"] },
  { method: "GET", url: "/v1/audit-logs/export", roles: ["compliance"] },
  { method: "GET", url: "/v1/audit-logs/verify", roles: ["compliance"] },
  { method: "GET", url: "/status", roles: ["ops"] },
];
const ALL_ROLES: Role[] = ["platform", "compliance", "ops"];
const PUBLIC = new Set([
  "/health",
  "/ready",
  "/openapi.json",
  "/connect/tiktok",
  "/connect/tiktok/continue",
  "/connect/tiktok/cancel",
  "/auth/tiktok/callback",
  "/webhooks/tiktok",
]);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { AUTH_FAILURES_PER_15MIN: "1000", RATE_LIMIT_SYNC_PER_15MIN: "1000" } });
});
afterAll(async () => {
  await t?.close();
});

const send = (route: RouteCase, headers: Record<string, string>) =>
  t.app.inject({ method: route.method, url: route.url, headers, ...(route.body ? { payload: route.body } : {}) });

describe("the role matrix", () => {
  it("covers every route that declares roles, and only public routes declare none", () => {
    const declared: string[] = [];
    const listed = new Set(
      ROUTES.map(
        (r) =>
          `${r.method} ${r.url.split("?")[0]?.replace(ACC, ":id").replace("/123", "/:videoId").replace("/u/", "/:userId/").replace("tiktok-ingestion/nope", ":queue/:jobId")}`,
      ),
    );
    for (const route of t.app.routeRoles) {
      if (route.url.startsWith("/docs")) continue;
      if (route.roles) declared.push(`${route.method} ${route.url}`);
      else expect(PUBLIC.has(route.url), `${route.method} ${route.url} has no roles`).toBe(true);
    }
    expect(new Set(declared)).toEqual(listed);
  });

  it.each(ROUTES)("$method $url: 401 without a key, 401 with an unknown key", async (route) => {
    const variants: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-a-key" },
      { "x-api-key": "not-a-key" },
    ];
    for (const headers of variants) {
      const response = await send(route, headers);
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toMatchObject({ code: "UNAUTHENTICATED", requestId: expect.any(String) });
    }
  });

  it.each(ROUTES)("$method $url: 403 for roles outside $roles, through for the rest", async (route) => {
    for (const role of ALL_ROLES) {
      const response = await send(route, t.auth(role));
      if (route.roles.includes(role)) expect([401, 403]).not.toContain(response.statusCode);
      else {
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe("FORBIDDEN");
      }
    }
  });

  it("accepts the key in x-api-key as well as a bearer token", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/v1/accounts",
      headers: { "x-api-key": KEYS.platform },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe("input validation", () => {
  it.each([
    ["POST", "/v1/connect-sessions", { userId: "" }],
    ["POST", "/v1/connect-sessions", { user: "x" }],
    ["GET", "/v1/accounts?limit=0", undefined],
    ["GET", "/v1/accounts?status=sleeping", undefined],
    ["GET", "/v1/accounts/not-an-id", undefined],
    ["GET", `/v1/accounts/${ACC}/videos?sort=random`, undefined],
    ["GET", "/v1/videos/abc", undefined],
    ["GET", "/v1/videos/123/metrics?from=yesterday&to=2026-01-01T00:00:00Z", undefined],
    ["POST", `/v1/accounts/${ACC}/revoke`, { reason: "" }],
    ["POST", `/v1/accounts/${ACC}/sync`, { kind: "everything" }],
  ] as const)("%s %s → 400 envelope", async (method, url, body) => {
    const role = url.startsWith("/v1/connect") ? "platform" : "ops";
    const response = await t.app.inject({ method, url, headers: t.auth(role), ...(body ? { payload: body } : {}) });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "VALIDATION_FAILED", requestId: expect.any(String) });
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it("answers unknown routes with the 404 envelope", async () => {
    const response = await t.app.inject({ method: "GET", url: "/v1/nothing-here" });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe("ROUTE_NOT_FOUND");
  });

  it("refuses oversized bodies with 413", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/v1/connect-sessions",
      headers: { ...t.auth("platform"), "content-type": "application/json" },
      payload: JSON.stringify({ userId: "x".repeat(70_000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("sets the security headers", async () => {
    const response = await t.app.inject({ method: "GET", url: "/health" });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["strict-transport-security"]).toBeDefined();
    expect(String(response.headers["content-security-policy"])).toContain("frame-ancestors 'none'");
    expect(response.headers["x-request-id"]).toBeDefined();
  });
});

describe("failed authentication is rate limited", () => {
  // Regression: the lockout was per IP and refused valid keys too, so behind a proxy (one IP for everyone) a few
  // anonymous bad requests locked every caller out for 15 minutes.
  it("locks out failing credentials only: a valid key on the same IP is still served", async () => {
    const tight = await createTestApp({ env: { AUTH_FAILURES_PER_15MIN: "3" } });
    const proxyIp = "10.1.2.3";
    const call = (headers: Record<string, string>, remoteAddress = proxyIp) =>
      tight.app.inject({ method: "GET", url: "/v1/accounts", headers, remoteAddress });
    try {
      // Client A guesses keys from behind the proxy.
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await call({ authorization: `Bearer guess-${i}` })).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const blocked = await call({ authorization: "Bearer guess-5" });
      expect(blocked.json().error.code).toBe("RATE_LIMITED");
      expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
      // Client B, same IP, valid keys (both headers): served as if nothing happened.
      expect((await call(tight.auth("platform"))).statusCode).toBe(200);
      expect((await call({ "x-api-key": KEYS.compliance })).statusCode).toBe(200);
      // A missing key from the locked IP is a failing credential too; another IP is not locked.
      expect((await call({})).statusCode).toBe(429);
      expect((await call({ authorization: "Bearer guess-6" }, "10.9.9.9")).statusCode).toBe(401);
    } finally {
      await tight.close();
    }
  });

  it("with TRUST_PROXY=true counts failures per forwarded client, not per proxy", async () => {
    const tight = await createTestApp({ env: { AUTH_FAILURES_PER_15MIN: "2", TRUST_PROXY: "true" } });
    const call = (client: string, key: string) =>
      tight.app.inject({
        method: "GET",
        url: "/v1/accounts",
        headers: { authorization: `Bearer ${key}`, "x-forwarded-for": client },
        remoteAddress: "10.0.0.1",
      });
    try {
      for (let i = 0; i < 3; i += 1) await call("203.0.113.7", `guess-${i}`);
      expect((await call("203.0.113.7", "guess-3")).statusCode).toBe(429);
      expect((await call("198.51.100.20", "typo")).statusCode).toBe(401);
    } finally {
      await tight.close();
    }
  });

  it("limits consent pages per IP (shared through Redis)", async () => {
    const tight = await createTestApp({ env: { RATE_LIMIT_CONSENT_PER_15MIN: "2" } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        statuses.push((await tight.app.inject({ method: "GET", url: "/connect/tiktok?session=cs_x" })).statusCode);
      }
      expect(statuses).toEqual([410, 410, 429]);
      const keys = await tight.deps.redis.keys(`${tight.config.REDIS_PREFIX}:api:rate-limit:*`);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await tight.close();
    }
  });
});
