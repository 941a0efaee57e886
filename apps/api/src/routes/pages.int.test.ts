import { writeWorkerHeartbeat } from "@trendpot/core";
import { reconcileSchedules } from "@trendpot/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/harness";
import { seedAccount } from "../test-support/seed";

let t: TestApp;
// What a worker keeps in Redis; /ready requires these schedulers.
const SCHEDULE_INTERVALS = {
  metricsPlanMs: 900_000,
  tokenSweepMs: 300_000,
  maintenanceMs: 3_600_000,
  metricsRetentionDays: 400,
};
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe("health and readiness", () => {
  it("reports status, time, uptime, version and environment on /health, and nothing else", async () => {
    const before = Date.now();
    const response = await t.app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(["environment", "status", "timestamp", "uptimeSec", "version"]);
    expect(body).toMatchObject({ status: "ok", version: "0.0.0", environment: t.config.DEPLOYMENT_ENV });
    expect(Date.parse(body.timestamp)).toBeGreaterThanOrEqual(before - 1_000);
    expect(body.uptimeSec).toBeGreaterThan(0);
    for (const secret of [t.config.TIKTOK_WEBHOOK_SECRET, t.config.TIKTOK_CLIENT_SECRET, t.config.MONGODB_URI]) {
      expect(secret).toBeTruthy();
      expect(response.body).not.toContain(secret as string);
    }
  });

  it("reports the release named by APP_VERSION", async () => {
    const released = await createTestApp({ env: { APP_VERSION: "2026.12.1-abc1234", DEPLOYMENT_ENV: "staging" } });
    try {
      const body = (await released.app.inject({ method: "GET", url: "/health" })).json();
      expect(body).toMatchObject({ version: "2026.12.1-abc1234", environment: "staging" });
    } finally {
      await released.close();
    }
  });

  it("is live, and not ready without a fresh worker heartbeat", async () => {
    expect((await t.app.inject({ method: "GET", url: "/health" })).json().status).toBe("ok");
    const notReady = await t.app.inject({ method: "GET", url: "/ready" });
    expect(notReady.statusCode).toBe(503);
    const body = notReady.json();
    expect(body.checks.worker).toMatchObject({ status: "failed", error: "no worker heartbeat" });
    for (const name of ["mongodb", "redis", "kms"])
      expect(body.checks[name]).toMatchObject({ status: "ok", latencyMs: expect.any(Number) });
  });

  it("is ready with a fresh heartbeat, and not with a stale one", async () => {
    await reconcileSchedules(t.deps.queues, SCHEDULE_INTERVALS);
    await writeWorkerHeartbeat(t.deps.redis, t.config.REDIS_PREFIX);
    expect((await t.app.inject({ method: "GET", url: "/ready" })).statusCode).toBe(200);
    await writeWorkerHeartbeat(t.deps.redis, t.config.REDIS_PREFIX, Date.now() - 31_000);
    const stale = await t.app.inject({ method: "GET", url: "/ready" });
    expect(stale.statusCode).toBe(503);
    expect(stale.json().checks.worker.error).toMatch(/worker heartbeat is \d+ ms old/);
  });
});

describe("OpenAPI and docs", () => {
  it("documents every /v1 route with tags and security", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes).toHaveProperty("bearerAuth");
    const operations = Object.entries(
      doc.paths as Record<string, Record<string, { tags?: string[]; security?: unknown[] }>>,
    ).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    const v1 = operations.filter((o) => o.path.startsWith("/v1/"));
    expect(v1.length).toBeGreaterThanOrEqual(20);
    for (const { path, method, op } of v1) {
      expect(op.tags?.length, `${method} ${path} tags`).toBeGreaterThan(0);
      expect(op.security?.length, `${method} ${path} security`).toBeGreaterThan(0);
    }
    expect(doc.paths["/v1/connect-sessions"].post.requestBody).toBeDefined();
    const health = doc.paths["/health"].get.responses["200"].content["application/json"].schema;
    expect(Object.keys(health.properties).sort()).toEqual([
      "environment",
      "status",
      "timestamp",
      "uptimeSec",
      "version",
    ]);
  });

  it("serves Swagger UI with a CSP that allows its own scripts only", async () => {
    const page = await t.app.inject({ method: "GET", url: "/docs/" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("swagger");
    const csp = String(page.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-eval");
  });
});

describe("status page", () => {
  it("needs an ops key outside development, and lists accounts, videos with metrics and sync runs", async () => {
    const { account, videoIds } = await seedAccount(t, { userId: "user_status", videos: 2 });
    const run = await t.deps.syncRuns.start({
      accountId: account._id,
      kind: "token_refresh",
      trigger: "schedule",
      startedAt: new Date(),
    });
    await t.deps.syncRuns.finish(run._id, {
      outcome: "failed",
      finishedAt: new Date(),
      error: { code: "ACCOUNT_NEEDS_REAUTH", message: "TikTok refused the refresh token." },
      tiktokLogIds: ["20260301093005STATUSLOGID"],
    });
    const yesterday = new Date(Date.now() - 86_400_000);
    await t.deps.profileHistory.record({ accountId: account._id, at: yesterday, followerCount: 1200 });
    await t.deps.profileHistory.record({ accountId: account._id, at: new Date(), followerCount: 1234 });
    const views = (at: Date, value: number) => ({
      videoId: videoIds[0] ?? "",
      accountId: account._id,
      at,
      views: value,
      likes: 0,
      comments: 0,
      shares: 0,
    });
    await t.deps.metrics.appendPoints([views(yesterday, 500), views(new Date(), 900)]);
    expect((await t.app.inject({ method: "GET", url: "/status" })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/status", headers: t.auth("platform") })).statusCode).toBe(403);
    const page = await t.app.inject({ method: "GET", url: "/status", headers: t.auth("ops") });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain(account._id);
    expect(page.body).toContain("1,000");
    expect(page.body).toContain("token_refresh");
    expect(page.body).toContain("ACCOUNT_NEEDS_REAUTH: TikTok refused the refresh token.");
    expect(page.body).toContain("20260301093005STATUSLOGID");
    // Follower and total-view charts, drawn as inline SVG on the server.
    expect(page.body).toMatch(/<svg[^>]*role="img" aria-label="Followers, last 30 days: 1,200 on [\d-]+ to 1,234 on/);
    expect(page.body).toContain("<polyline");
    expect(page.body).toMatch(/aria-label="Total views, last 30 days: 500 on [\d-]+ to 900 on/);
    expect(page.body).not.toContain("<script");
  });

  it("draws the budget's last hour, the queue depths and each active account's metrics lag", async () => {
    const { account: behind } = await seedAccount(t, { userId: "user_status_lag", videos: 1 });
    const { account: fresh } = await seedAccount(t, { userId: "user_status_never", videos: 1 });
    await t.deps.accounts.recordSync(behind._id, { metricsSyncedAt: new Date(Date.now() - 90 * 60_000) });
    for (let i = 0; i < 3; i += 1) expect((await t.deps.budget.tryAcquire("metrics")).granted).toBe(true);
    await t.deps.queues.enqueueIngestion(
      { accountId: fresh._id, reason: "manual", requestId: "req_status_page" },
      { key: "req_status_page" },
    );
    const calls = (await t.deps.budget.history(60)).reduce((sum, minute) => sum + minute.calls, 0);
    expect(calls).toBeGreaterThanOrEqual(3);

    const page = await t.app.inject({ method: "GET", url: "/status", headers: t.auth("ops") });
    expect(page.statusCode).toBe(200);
    const label = (title: string) =>
      new RegExp(`aria-label="${title}[^"]*"`).exec(page.body)?.[0].replaceAll("&#39;", "'") ?? "";
    const perMinute = t.deps.budget.limits.perMinute.toLocaleString("en-US");
    expect(label("TikTok calls per minute")).toContain(`: ${calls} in all, at most`);
    expect(label("TikTok calls per minute")).toContain(`(limit ${perMinute})`);
    expect(label("Queue depths now")).toMatch(
      /tiktok[.-]ingestion: [1-9]\d* waiting, \d+ active, \d+ delayed, \d+ failed/,
    );
    const lag = label("Metrics sync lag");
    expect(lag).toMatch(/: 90\.\d min/);
    expect(lag).toContain("never refreshed");
    // The furthest behind first: never refreshed, then 90 minutes.
    expect(lag.indexOf("never refreshed")).toBeLessThan(lag.indexOf("90."));
    expect(page.body.match(/<rect /g)?.length).toBeGreaterThan(3);
    // The page read the accounts list through the cache: the line says how it is doing.
    expect(page.body).toMatch(
      /List cache: (live|not live \(lists read MongoDB\)) · \d+ answers? kept · [\d.]+% of [\d,]+ reads? from memory\./,
    );
  });

  it("is open in development", async () => {
    const dev = await createTestApp({ env: { NODE_ENV: "development" } });
    try {
      expect((await dev.app.inject({ method: "GET", url: "/status" })).statusCode).toBe(200);
    } finally {
      await dev.close();
    }
  });
});
