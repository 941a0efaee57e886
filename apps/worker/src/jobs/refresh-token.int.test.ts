import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { readEvents, videosUpdateStream } from "@trendpot/jobs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness";
import { refreshToken, sweepExpiringTokens } from "./refresh-token";

const HOUR = 3_600_000;
let h: Harness;
let openId: string;

beforeEach(async () => {
  h = await createHarness({ services: testServices(), name: uniqueName("wk_token") });
  openId = h.sandbox.scenario.addCreator().openId;
});

afterEach(async () => {
  await h.close();
});

const refreshCalls = () =>
  h.sandbox.scenario.requests().filter((r) => r.endpoint === "token" && r.grantType === "refresh_token");

describe("token refresh", () => {
  it("the sweep enqueues only tokens inside the refresh-ahead window, once per token generation", async () => {
    const accountId = await h.connect(openId);
    const enqueued: Array<[string, number]> = [];
    const enqueue = async (id: string, generation: number) => {
      enqueued.push([id, generation]);
      await h.deps.queues.enqueueTokenRefresh({ accountId: id, reason: "expiring" }, { generation });
    };

    expect(await sweepExpiringTokens(h.deps.job, { aheadMs: HOUR, enqueue })).toEqual({ enqueued: 0 });
    h.clock.advance(23.5 * HOUR);
    await sweepExpiringTokens(h.deps.job, { aheadMs: HOUR, enqueue });
    await sweepExpiringTokens(h.deps.job, { aheadMs: HOUR, enqueue });

    expect(enqueued.map(([id]) => id)).toEqual([accountId, accountId]);
    expect(await h.deps.queues.tokenRefresh.count()).toBe(1);
  });

  it("concurrent refreshes across callers make one TikTok call, and the rotated refresh token is used next", async () => {
    const accountId = await h.connect(openId);
    h.clock.advance(23.5 * HOUR);

    const results = await Promise.all([
      refreshToken(h.deps.job, { accountId, requestId: "a" }),
      refreshToken(h.deps.job, { accountId, requestId: "b" }),
      h.deps.job.credentials.withDisplay(accountId, { requestId: "c", operation: "test" }, (display) =>
        display.getUserInfo(["open_id"]),
      ),
      refreshToken(h.deps.job, { accountId, requestId: "d" }),
    ]);

    expect(results.filter((r) => "status" in r && r.status === "refreshed")).toHaveLength(3);
    expect(refreshCalls()).toHaveLength(1);
    h.clock.advance(23.9 * HOUR);
    expect(await refreshToken(h.deps.job, { accountId, requestId: "e" })).toEqual({ status: "refreshed" });
    expect(refreshCalls()).toHaveLength(2);
    expect(refreshCalls().every((call) => call.status === 200)).toBe(true);
    expect(h.recording.sum("tokenRefresh", { outcome: "success" })).toBe(2);
    const logs = h.logLines.join("\n");
    for (const token of h.sandbox.scenario.issuedTokens()) expect(logs).not.toContain(token);
  });

  it("a refused refresh token makes the account needs_reauth, tells the platform and counts reauth_required", async () => {
    const accountId = await h.connect(openId);
    h.sandbox.scenario.revokeAuthorization(openId);

    const result = await refreshToken(h.deps.job, { accountId, requestId: "r" });

    expect(result).toEqual({ status: "needs_reauth" });
    expect((await h.deps.accounts.getById(accountId))?.status).toBe("needs_reauth");
    const stream = await readEvents(h.deps.redis, videosUpdateStream(h.config.REDIS_PREFIX));
    expect(stream.events.map((entry) => entry.event)).toContainEqual(
      expect.objectContaining({ type: "account_status", accountId, status: "needs_reauth" }),
    );
    expect(h.recording.sum("tokenRefresh", { outcome: "reauth_required" })).toBe(1);
    expect(await refreshToken(h.deps.job, { accountId, requestId: "r2" })).toEqual({
      status: "skipped",
      reason: "not_active",
    });
  });
});
