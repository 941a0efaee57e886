import { COLLECTIONS } from "@trendpot/db";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness";
import { handleWebhook } from "./handle-webhook";
import { ingestAccount } from "./ingest-account";

let h: Harness;

beforeEach(async () => {
  h = await createHarness({ services: testServices(), name: uniqueName("wk_hook") });
});

afterEach(async () => {
  await h.close();
});

function webhook(openId: string, event = "authorization.removed") {
  return { deliveryId: "d1", event, openId, reasonCode: 1, receivedAt: new Date().toISOString() };
}

describe("handleWebhook", () => {
  it("authorization.removed revokes locally: no TikTok call, videos pruned, pending jobs cancelled, audited", async () => {
    const openId = h.sandbox.scenario.addCreator().openId;
    h.sandbox.scenario.addVideos(openId, 5);
    const accountId = await h.connect(openId);
    await ingestAccount(h.deps.job, { accountId, requestId: "i", pageSize: 20 });
    await h.deps.queues.enqueueMetricsBatch({ accountId, videoIds: ["1"], cycle: 7 });
    h.sandbox.scenario.clearRequests();
    const deps = { findByOpenId: h.deps.job.accounts.findByOpenId, revoke: h.deps.revoke, logger: h.logger };

    const result = await handleWebhook(deps, webhook(openId));

    expect(result).toEqual({ status: "revoked", accountId });
    const account = await h.deps.accounts.getById(accountId);
    expect(account?.status).toBe("revoked");
    expect(account?.credentials).toBeUndefined();
    expect(await h.deps.videos.countByAccount(accountId)).toBe(0);
    expect(await h.deps.queues.metricsRefresh.count()).toBe(0);
    expect(h.sandbox.scenario.requests().filter((r) => r.endpoint === "revoke")).toHaveLength(0);
    const audit = await h.deps.database.db
      .collection(COLLECTIONS.auditLogs)
      .find({ action: "account.revoked" })
      .toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: { type: "tiktok", id: "tiktok" }, reason: "authorization.removed:1" });

    // TikTok delivers at least once: a redelivery converges without error.
    expect(await handleWebhook(deps, webhook(openId))).toEqual({ status: "revoked", accountId });
  });

  it("ignores unknown accounts and other events", async () => {
    const deps = { findByOpenId: h.deps.job.accounts.findByOpenId, revoke: h.deps.revoke, logger: h.logger };
    expect(await handleWebhook(deps, webhook("nobody"))).toEqual({ status: "ignored", reason: "unknown_account" });
    expect(await handleWebhook(deps, webhook("nobody", "video.publish.completed"))).toEqual({
      status: "ignored",
      reason: "unhandled_event",
    });
  });
});
