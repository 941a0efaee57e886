import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { createRecordingMetrics } from "@trendpot/telemetry/testing";
import { createTikTokSandbox, type TikTokSandbox } from "@trendpot/tiktok-sandbox";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTikTokRuntime, requestOutcome, type TikTokRuntimeConfig } from "./tiktok-runtime";

let sandbox: TikTokSandbox;
let redis: Redis;

beforeAll(async () => {
  sandbox = await createTikTokSandbox({});
  redis = new Redis(testServices().redis.url, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  redis?.disconnect();
  await sandbox?.close();
});

function config(): TikTokRuntimeConfig {
  return {
    TIKTOK_CLIENT_KEY: sandbox.clientKey,
    TIKTOK_DISPLAY_API_BASE_URL: sandbox.url,
    TIKTOK_AUTH_BASE_URL: sandbox.url,
    TIKTOK_OEMBED_BASE_URL: sandbox.url,
    TIKTOK_HTTP_TIMEOUT_MS: 5_000,
    REDIS_PREFIX: uniqueName("core"),
    TIKTOK_INGESTION_RATE_LIMIT_PER_MIN: 90,
    TIKTOK_INGESTION_RATE_LIMIT_PER_DAY: 5_000,
    TIKTOK_INGESTION_RATE_WINDOW_MS: 62_000,
    TIKTOK_INGESTION_MAX_IN_FLIGHT: 5,
    TIKTOK_INGESTION_RETRY_BACKOFF_MS: 5_000,
  };
}

async function tokenFor(runtime: ReturnType<typeof createTikTokRuntime>) {
  const creator = sandbox.scenario.addCreator();
  const { codeVerifier, codeChallenge } = runtime.client.createPkcePair();
  const redirectUri = "http://127.0.0.1:1/cb";
  const authorizeUrl = runtime.client.buildAuthorizeUrl({
    scopes: ["user.info.basic"],
    redirectUri,
    state: "s",
    codeChallenge,
  });
  const location = await sandbox.scenario.authorize({ authorizeUrl, openId: creator.openId });
  const code = new URL(location).searchParams.get("code") ?? "";
  return runtime.client.exchangeCode({ code, redirectUri, codeVerifier });
}

describe("createTikTokRuntime", () => {
  it("guards the budget's window configured in TIKTOK_INGESTION_RATE_WINDOW_MS", () => {
    const runtime = createTikTokRuntime({
      config: { ...config(), TIKTOK_INGESTION_RATE_WINDOW_MS: 65_000 },
      clientSecret: sandbox.clientSecret,
      redis,
    });
    expect(runtime.budget.limits).toMatchObject({ windowMs: 65_000, perMinute: 90 });
  });

  it("charges every API call to the shared budget and records requests and durations", async () => {
    const { metrics, recorded: calls } = createRecordingMetrics();
    const runtime = createTikTokRuntime({ config: config(), clientSecret: sandbox.clientSecret, redis, metrics });
    const tokens = await tokenFor(runtime);
    await runtime.client.getUserInfo(tokens.accessToken, ["open_id", "display_name"]);
    const state = await runtime.budget.state();
    expect(state.usedInWindow).toBe(2);
    expect(state.inFlight).toBe(0);
    const requests = calls.filter((c) => c.name === "requests");
    expect(requests.map((c) => c.attributes)).toEqual([
      { endpoint: "oauth.token", outcome: "success" },
      { endpoint: "user.info", outcome: "success" },
    ]);
    expect(calls.filter((c) => c.name === "requestDuration")).toHaveLength(2);
    expect(calls.some((c) => c.name === "rateLimitExceeded")).toBe(false);
  });

  it("counts a 429 as rate_limit_exceeded and pauses the whole budget", async () => {
    const { metrics, recorded: calls } = createRecordingMetrics();
    const runtime = createTikTokRuntime({ config: config(), clientSecret: sandbox.clientSecret, redis, metrics });
    const tokens = await tokenFor(runtime);
    sandbox.scenario.setFaults({ rateLimitStorm: { count: 1, endpoints: ["user.info"] } });
    try {
      await expect(runtime.client.getUserInfo(tokens.accessToken, ["open_id"])).rejects.toMatchObject({
        code: "TIKTOK_RATE_LIMITED",
      });
    } finally {
      sandbox.scenario.clearFaults();
    }
    expect(calls.filter((c) => c.name === "rateLimitExceeded").map((c) => c.attributes)).toEqual([
      { endpoint: "user.info" },
    ]);
    expect(
      calls.find((c) => c.name === "requests" && c.attributes?.endpoint === "user.info")?.attributes?.outcome,
    ).toBe("rate_limited");
    const state = await runtime.budget.state();
    expect(state.pausedUntil).toBeGreaterThan(Date.now());
  });

  it("fails fast with BUDGET_EXHAUSTED when the api may not wait", async () => {
    const cfg = { ...config(), TIKTOK_INGESTION_RATE_LIMIT_PER_MIN: 1 };
    const runtime = createTikTokRuntime({
      config: cfg,
      clientSecret: sandbox.clientSecret,
      redis,
      maxBudgetWaitMs: 100,
    });
    const tokens = await tokenFor(runtime);
    await expect(runtime.client.getUserInfo(tokens.accessToken, ["open_id"])).rejects.toMatchObject({
      code: "BUDGET_EXHAUSTED",
    });
  });
});

describe("requestOutcome", () => {
  it.each([
    [{ outcome: "ok", httpStatus: 200 }, "success"],
    [{ outcome: "rate_limit_exceeded", httpStatus: 429 }, "rate_limited"],
    [{ outcome: "http_error", httpStatus: 429 }, "rate_limited"],
    [{ outcome: "timeout" }, "network_error"],
    [{ outcome: "network_error" }, "network_error"],
    [{ outcome: "internal_error", httpStatus: 500 }, "server_error"],
    [{ outcome: "malformed_response", httpStatus: 200 }, "server_error"],
    [{ outcome: "access_token_invalid", httpStatus: 401 }, "client_error"],
  ] as const)("%o → %s", (info, expected) => {
    expect(requestOutcome(info)).toBe(expected);
  });
});
