import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TikTokClient } from "./client";
import type { TikTokEndpoint } from "./endpoints";
import type { TikTokApiError } from "./errors";
import type { TikTokResponseInfo } from "./http";
import { connectCreator, type Sandbox, sandboxClient, startSandbox } from "./sandbox.test-support";
import { rejectionOf } from "./test-support";

let sandbox: Sandbox;
let client: TikTokClient;
const collected: unknown[] = [];

async function failure(promise: Promise<unknown>): Promise<TikTokApiError> {
  const error = await rejectionOf(promise);
  collected.push(error);
  return error as TikTokApiError;
}

beforeAll(async () => {
  sandbox = await startSandbox();
  client = sandboxClient(sandbox);
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.scenario.clearFaults());

describe("server faults (sandbox)", () => {
  it("internal_error on a Display call is retryable unavailability", async () => {
    const { tokens } = await connectCreator(sandbox, client);
    sandbox.scenario.setFaults({ serverErrors: { count: 1, endpoints: ["user.info"], status: 503 } });
    const error = await failure(client.getUserInfo(tokens.accessToken, []));
    expect(error.tiktokCode).toBe("internal_error");
    expect(error.httpStatus).toBe(503);
    expect(error.code).toBe("TIKTOK_UNAVAILABLE");
    expect(error.retryable).toBe(true);
    await expect(client.getUserInfo(tokens.accessToken, [])).resolves.toBeDefined();
  });

  it("a server error on the token endpoint arrives in the OAuth shape and is retryable", async () => {
    const { tokens } = await connectCreator(sandbox, client);
    sandbox.scenario.setFaults({ serverErrors: { count: 1, endpoints: ["token"] } });
    const error = await failure(client.refreshAccessToken(tokens.refreshToken));
    expect(error.httpStatus).toBe(500);
    expect(error.code).toBe("TIKTOK_UNAVAILABLE");
    expect(error.retryable).toBe(true);
  });

  it("a rate-limit storm is TIKTOK_RATE_LIMITED", async () => {
    const { tokens } = await connectCreator(sandbox, client);
    sandbox.scenario.setFaults({ rateLimitStorm: { count: 1, endpoints: ["video.list"] } });
    const error = await failure(client.listVideos(tokens.accessToken, { fields: [] }));
    expect(error.tiktokCode).toBe("rate_limit_exceeded");
    expect(error.httpStatus).toBe(429);
    expect(error.code).toBe("TIKTOK_RATE_LIMITED");
  });

  it.each(["non-json", "truncated", "missing-fields", "empty"] as const)(
    "a %s body on a Display call is a typed malformed response",
    async (kind) => {
      const { tokens } = await connectCreator(sandbox, client, 2);
      sandbox.scenario.setFaults({ malformed: { count: 1, endpoints: ["video.list"], kind } });
      const error = await failure(client.listVideos(tokens.accessToken, { fields: [] }));
      expect(error.tiktokCode).toBe("malformed_response");
      expect(error.code).toBe("TIKTOK_BAD_RESPONSE");
    },
  );

  it.each(["non-json", "truncated", "missing-fields", "empty"] as const)(
    "a %s body on the token endpoint is a typed malformed response",
    async (kind) => {
      const { tokens } = await connectCreator(sandbox, client);
      sandbox.scenario.setFaults({ malformed: { count: 1, endpoints: ["token"], kind } });
      const error = await failure(client.refreshAccessToken(tokens.refreshToken));
      expect(error.tiktokCode).toBe("malformed_response");
    },
  );

  it("a slow answer past timeoutMs is a typed retryable timeout", async () => {
    const { tokens } = await connectCreator(sandbox, client);
    sandbox.scenario.setFaults({ slow: { ms: 1_500, count: 1, endpoints: ["user.info"] } });
    const impatient = sandboxClient(sandbox, { timeoutMs: 100 });
    const error = await failure(impatient.getUserInfo(tokens.accessToken, []));
    expect(error.tiktokCode).toBe("timeout");
    expect(error.code).toBe("TIKTOK_UNAVAILABLE");
    expect(error.retryable).toBe(true);
  });

  it("an unreachable host is a typed network error", async () => {
    const other = await startSandbox();
    const url = other.url;
    await other.close();
    const offline = sandboxClient(sandbox, { apiBaseUrl: url });
    const error = await failure(offline.getUserInfo("act.x", []));
    expect(error.tiktokCode).toBe("network_error");
    expect(error.retryable).toBe(true);
  });
});

describe("hooks against the sandbox", () => {
  it("wrapRequest and onResponse see every HTTP call the sandbox answered", async () => {
    const wrapped: TikTokEndpoint[] = [];
    const infos: TikTokResponseInfo[] = [];
    const observed = sandboxClient(sandbox, {
      wrapRequest: (info, perform) => {
        wrapped.push(info.endpoint);
        return perform();
      },
      onResponse: (info) => infos.push(info),
    });
    const { tokens } = await connectCreator(sandbox, observed, 3);
    sandbox.scenario.clearRequests();
    await observed.getUserInfo(tokens.accessToken, []);
    await observed.listVideos(tokens.accessToken, { fields: [] });
    sandbox.scenario.setFaults({ rateLimitStorm: { count: 1, endpoints: ["video.query"] } });
    await failure(observed.queryVideos(tokens.accessToken, ["1"], []));
    expect(wrapped).toEqual(["oauth.token", "user.info", "video.list", "video.query"]);
    expect(infos.slice(1).map((i) => [i.endpoint, i.httpStatus, i.outcome])).toEqual([
      ["user.info", 200, "ok"],
      ["video.list", 200, "ok"],
      ["video.query", 429, "rate_limit_exceeded"],
    ]);
    expect(sandbox.scenario.requests()).toHaveLength(3);
  });
});

describe("the sandbox's rate limiter", () => {
  it.each([
    [true, "surfaces the reset hint"],
    [false, "has no hint without reset headers"],
  ])("resetHeaders=%s: a 429 %s", async (resetHeaders) => {
    const limited = await startSandbox({ rateLimit: { perMinute: 3, perDay: 1_000, resetHeaders } });
    try {
      const limitedClient = sandboxClient(limited);
      const { tokens } = await connectCreator(limited, limitedClient);
      await limitedClient.getUserInfo(tokens.accessToken, []);
      await limitedClient.getUserInfo(tokens.accessToken, []);
      const error = await failure(limitedClient.getUserInfo(tokens.accessToken, []));
      expect(error.tiktokCode).toBe("rate_limit_exceeded");
      expect(error.code).toBe("TIKTOK_RATE_LIMITED");
      if (resetHeaders) {
        expect(error.retryAfterMs).toBeGreaterThan(0);
        expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
      } else {
        expect(error.retryAfterMs).toBeUndefined();
      }
    } finally {
      await limited.close();
    }
  });
});

describe("no secret in any error seen against the sandbox", () => {
  it("stringified errors contain no issued token, code or the client secret", async () => {
    expect(collected.length).toBeGreaterThan(10);
    const secrets = [...sandbox.scenario.issuedTokens(), sandbox.clientSecret];
    for (const error of collected) {
      const e = error as Error;
      for (const text of [String(e), e.stack ?? "", JSON.stringify(e), inspect(e, { depth: 10 })]) {
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
    }
  });
});
