import { type RestartableService, startRestartableMongo, startRestartableRedis } from "@trendpot/dev-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountOfUser, creatorOpenId, getAccount, listVideos, waitForIngestion } from "../harness/checks";
import { connectOverHttp } from "../harness/consent";
import { type Stack, startStack } from "../harness/stack";
import { waitFor } from "../harness/wait";

let redis: RestartableService | undefined;
let mongo: RestartableService | undefined;
let stack: Stack;

beforeAll(async () => {
  // Dedicated servers on fixed ports with data on disk: the outage is ours alone, and data must survive it.
  redis = await startRestartableRedis();
  mongo = await startRestartableMongo();
  stack = await startStack({ name: "restarts", mongoUri: mongo.url, redisUrl: redis.url });
});

afterAll(async () => {
  await stack?.stop();
  await redis?.stop();
  await mongo?.stop();
});

interface Ready {
  status: string;
  checks: Record<string, { status: string }>;
}

/** Polls `/ready` until it reports `failing` as the failed check (503), or until everything is ok again (200). */
function waitForReadiness(expected: { failing: string } | "ready") {
  return waitFor(
    async () => {
      const ready = await stack.api.request<Ready>("GET", "/ready", { role: "none" });
      if (expected === "ready") return ready.status === 200 ? ready.body : undefined;
      const failed = ready.body.checks?.[expected.failing]?.status === "failed";
      return ready.status === 503 && failed ? ready.body : undefined;
    },
    { description: `/ready to report ${JSON.stringify(expected)}`, timeoutMs: 60_000, intervalMs: 200 },
  );
}

async function connect(userId: string, openId: string): Promise<string> {
  const result = await connectOverHttp(stack, { userId, openId });
  expect(result.status).toBeLessThan(400);
  const account = await accountOfUser(stack, userId);
  if (!account) throw new Error(`no account for ${userId}`);
  return account.id;
}

describe("Redis and MongoDB restarts during work", () => {
  it("survives a Redis crash: /ready names redis while it is down, acknowledged jobs still run", async () => {
    const accountId = await connect("user_restart_redis", creatorOpenId(stack, "kofi.cooks"));
    await waitForIngestion(stack, accountId);
    const videoIds = (await listVideos(stack, accountId)).map((v) => v.id);
    // Slow TikTok keeps the acknowledged refresh queued in Redis when the crash comes.
    stack.sandbox.scenario.setFaults({ slow: { ms: 1_500, endpoints: ["video.query"] } });
    const acknowledgedAt = Date.now();
    const sync = await stack.api.post(`/v1/accounts/${accountId}/sync`, { kind: "metrics" });
    expect(sync.status, sync.text).toBe(202);

    await redis?.down({ signal: "SIGKILL" });
    const during = await waitForReadiness({ failing: "redis" });
    expect(during.status).toBe("not_ready");
    expect(during.checks.mongodb?.status).toBe("ok");
    await redis?.up();
    stack.sandbox.scenario.clearFaults();
    await waitForReadiness("ready");

    await waitFor(
      async () => {
        const videos = await listVideos(stack, accountId);
        const fresh = videos.filter((v) => v.metrics && Date.parse(v.metrics.at) >= acknowledgedAt);
        return fresh.length === videoIds.length ? true : undefined;
      },
      { description: "the refresh acknowledged before the crash to complete", timeoutMs: 90_000, intervalMs: 250 },
    );
    await stack.assertAlive();
  });

  it("survives a MongoDB restart: /ready names mongodb while it is down, written data is still there", async () => {
    const before = {
      accounts: await stack.db.collection("tiktok_accounts").countDocuments(),
      videos: await stack.db.collection("videos").countDocuments(),
    };
    expect(before.videos).toBeGreaterThan(0);

    await mongo?.down({ signal: "SIGTERM" });
    const during = await waitForReadiness({ failing: "mongodb" });
    expect(during.checks.redis?.status).toBe("ok");
    await mongo?.up();
    await waitForReadiness("ready");

    expect(await stack.db.collection("tiktok_accounts").countDocuments()).toBe(before.accounts);
    expect(await stack.db.collection("videos").countDocuments()).toBe(before.videos);
    // And new work flows again without anyone restarting the api or the worker.
    const accountId = await connect("user_restart_mongo", creatorOpenId(stack, "mei.runs"));
    const account = await waitForIngestion(stack, accountId);
    expect((await getAccount(stack, account.id)).status).toBe("active");
    await stack.assertAlive();
  });
});
