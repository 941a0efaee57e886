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

async function claimedEvents(accountId: string) {
  const { events } = await readEvents(t.deps.redis, stream(), { count: 1_000 });
  return events.map((entry) => entry.event).filter((e) => e.type === "account_claimed" && e.accountId === accountId);
}

async function connected(userId: string) {
  const creator = t.sandbox.scenario.addCreator();
  await runConsent(t, { userId, openId: creator.openId });
  const account = await t.deps.accounts.getByOpenId(creator.openId);
  if (!account) throw new Error("consent failed");
  return { account, openId: creator.openId };
}

describe("connecting an account linked to another platform user", () => {
  it("regression: refuses the silent move; the account stays, the attempt is audited and its user is told", async () => {
    const { account, openId } = await connected("user_owner");
    const run = await runConsent(t, { userId: "user_claimer", openId });

    expect(run.callback.statusCode).toBe(200);
    expect(run.callback.body).toContain("already connected to another TrendPot user");
    expect((await t.deps.connectSessions.get(run.sessionId))?.outcome).toMatchObject({
      result: "error",
      code: "ACCOUNT_LINKED_ELSEWHERE",
    });
    const after = await t.deps.accounts.getByOpenId(openId);
    expect(after).toMatchObject({ _id: account._id, userId: "user_owner", status: "active" });
    expect(after?.credentials).toEqual(account.credentials);
    const owner = await t.deps.db.collection("users").findOne({ _id: "user_owner" as never });
    expect(owner?.credentialsMirror?.accessToken?.ct).toBe(account.credentials?.accessToken.ct);

    const audit = await t.deps.audit.query({ action: "account.move_refused", accountId: account._id, limit: 5 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      actor: { type: "creator", id: "user_claimer" },
      target: { accountId: account._id, userId: "user_owner", openId },
      details: { fromUserId: "user_owner", toUserId: "user_claimer", sessionId: run.sessionId },
    });
    expect(await claimedEvents(account._id)).toEqual([
      expect.objectContaining({ userId: "user_owner", outcome: "refused", claimedByUserId: "user_claimer" }),
    ]);
  });

  it("moves an account whose previous link was revoked, audits the move and tells the previous user", async () => {
    const { account, openId } = await connected("user_before");
    const revoke = await t.app.inject({
      method: "POST",
      url: `/v1/accounts/${account._id}/revoke`,
      headers: t.auth("platform"),
      payload: { reason: "creator left" },
    });
    expect(revoke.statusCode).toBe(200);

    const run = await runConsent(t, { userId: "user_after", openId });
    expect(run.callback.body).toContain("Your TikTok account is connected");
    expect(await t.deps.accounts.getByOpenId(openId)).toMatchObject({
      _id: account._id,
      userId: "user_after",
      status: "active",
    });
    const audit = await t.deps.audit.query({ action: "account.moved", accountId: account._id, limit: 5 });
    expect(audit.items[0]).toMatchObject({
      actor: { type: "creator", id: "user_after" },
      details: { fromUserId: "user_before", toUserId: "user_after" },
    });
    expect(await claimedEvents(account._id)).toEqual([
      expect.objectContaining({ userId: "user_before", outcome: "moved", claimedByUserId: "user_after" }),
    ]);
  });

  it("lets the same user reconnect without a claim", async () => {
    const { account, openId } = await connected("user_same");
    await runConsent(t, { userId: "user_same", openId });
    expect((await t.deps.accounts.getByOpenId(openId))?.userId).toBe("user_same");
    expect(await claimedEvents(account._id)).toEqual([]);
  });
});
