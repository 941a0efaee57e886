import { readEvents, videosUpdateStream } from "@trendpot/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConsent } from "../../test-support/consent-driver";
import { createTestApp, type TestApp } from "../../test-support/harness";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const stream = () => videosUpdateStream(t.config.REDIS_PREFIX);

async function connectWithVideos(userId: string) {
  const creator = t.sandbox.scenario.addCreator();
  await runConsent(t, { userId, openId: creator.openId });
  const account = await t.deps.accounts.getByOpenId(creator.openId);
  if (!account) throw new Error("consent failed");
  const ids = ["7300000000000000001", "7300000000000000002"].map(
    (id) => `${id.slice(0, 15)}${userId.length}${id.slice(16)}`,
  );
  await t.deps.videos.upsertMany(
    ids.map((id) => ({
      id,
      accountId: account._id,
      userId,
      title: "t",
      description: "d",
      createTime: new Date(),
      shareUrl: `https://www.tiktok.com/@x/video/${id}`,
    })),
  );
  await t.deps.queues.enqueueMetricsBatch({ accountId: account._id, videoIds: ids, cycle: 1 }, { delay: 60_000 });
  return { account, ids, creator };
}

describe("POST /v1/accounts/:id/revoke", () => {
  it("revokes at TikTok, clears both documents, cancels jobs, prunes videos, publishes and audits", async () => {
    const { account, ids, creator } = await connectWithVideos("user_rev");
    t.sandbox.scenario.clearRequests();
    const response = await t.app.inject({
      method: "POST",
      url: `/v1/accounts/${account._id}/revoke`,
      headers: t.auth("platform"),
      payload: { reason: "creator asked support" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: "revoked",
      tiktokRevoke: "revoked",
      prunedVideos: 2,
      alreadyRevoked: false,
    });
    expect(response.json().cancelledJobs).toBeGreaterThanOrEqual(2);
    expect(t.sandbox.scenario.requests().filter((r) => r.endpoint === "revoke" && r.status === 200)).toHaveLength(1);

    const raw = await t.deps.db.collection("tiktok_accounts").findOne({ _id: account._id as never });
    expect(raw?.status).toBe("revoked");
    expect(raw?.revokeReason).toBe("creator asked support");
    expect(raw?.credentials).toBeUndefined();
    const user = await t.deps.db.collection("users").findOne({ _id: "user_rev" as never });
    expect(user?.credentialsMirror).toBeUndefined();
    expect(await t.deps.videos.countByAccount(account._id)).toBe(0);

    for (const queue of [t.deps.queues.ingestion, t.deps.queues.metricsRefresh]) {
      const pending = await queue.getJobs(["waiting", "delayed", "prioritized"]);
      expect(pending.filter((job) => job.data.accountId === account._id)).toEqual([]);
    }
    const { events } = await readEvents(t.deps.redis, stream());
    const prune = events.find((e) => e.event.type === "prune" && e.event.accountId === account._id);
    expect(prune?.event).toMatchObject({ type: "prune", userId: "user_rev", videoIds: expect.arrayContaining(ids) });
    expect(events.some((e) => e.event.type === "account_status" && e.event.accountId === account._id)).toBe(true);

    const audit = await t.deps.audit.query({ action: "account.revoked", accountId: account._id, limit: 5 });
    expect(audit.items[0]).toMatchObject({
      actor: { type: "api_key", id: "platform-key" },
      reason: "creator asked support",
      requestId: expect.any(String),
      target: { accountId: account._id, userId: "user_rev", openId: creator.openId },
    });
  });

  it("is idempotent: a second revoke changes nothing and calls TikTok no more", async () => {
    const { account } = await connectWithVideos("user_twice");
    const revoke = () =>
      t.app.inject({
        method: "POST",
        url: `/v1/accounts/${account._id}/revoke`,
        headers: t.auth("ops"),
        payload: { reason: "twice" },
      });
    expect((await revoke()).statusCode).toBe(200);
    t.sandbox.scenario.clearRequests();
    const second = await revoke();
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ alreadyRevoked: true, tiktokRevoke: "skipped", prunedVideos: 0 });
    expect(t.sandbox.scenario.requests().filter((r) => r.endpoint === "revoke")).toEqual([]);
    const audits = await t.deps.audit.query({ action: "account.revoked", accountId: account._id, limit: 5 });
    expect(audits.items).toHaveLength(2);
  });

  it("still revokes locally when TikTok refuses", async () => {
    const { account } = await connectWithVideos("user_tt_down");
    t.sandbox.scenario.setFaults({ serverErrors: { count: 1, endpoints: ["revoke"], status: 503 } });
    const response = await t.app.inject({
      method: "POST",
      url: `/v1/accounts/${account._id}/revoke`,
      headers: t.auth("platform"),
      payload: { reason: "cleanup" },
    });
    t.sandbox.scenario.clearFaults();
    expect(response.json()).toMatchObject({ status: "revoked", tiktokRevoke: "failed" });
    expect((await t.deps.accounts.getById(account._id))?.credentials).toBeUndefined();
  });

  it("404s for an unknown account", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/v1/accounts/acc_000000000000000000000000/revoke",
      headers: t.auth("platform"),
      payload: { reason: "nothing" },
    });
    expect(response.statusCode).toBe(404);
  });
});
