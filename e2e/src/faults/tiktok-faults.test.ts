import type { SandboxFaults, SandboxRequest } from "@trendpot/tiktok-sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  accountOfUser,
  creatorOpenId,
  getAccount,
  listVideos,
  readAllEvents,
  syncAndWait,
  waitForIngestion,
} from "../harness/checks";
import { connectOverHttp } from "../harness/consent";
import { type Stack, startStack } from "../harness/stack";
import { waitFor } from "../harness/wait";

// A small budget, so that a minute of test traffic would overrun it if the limiter were wrong.
const PER_MINUTE = 30;
const API_ENDPOINTS = new Set(["token", "revoke", "user.info", "video.list", "video.query"]);

let stack: Stack;
let accountId: string;

beforeAll(async () => {
  stack = await startStack({ name: "tiktok-faults", env: { TIKTOK_INGESTION_RATE_LIMIT_PER_MIN: String(PER_MINUTE) } });
  const userId = "user_faults";
  const result = await connectOverHttp(stack, { userId, openId: creatorOpenId(stack, "kofi.cooks") });
  expect(result.status).toBeLessThan(400);
  accountId = (await accountOfUser(stack, userId))?.id ?? "";
  await waitForIngestion(stack, accountId);
});

afterAll(async () => {
  await stack?.stop();
});

/** Injects `faults`, asks for a manual ingestion, and waits until that job finished "ok". */
async function ingestThrough(faults: Partial<SandboxFaults>): Promise<void> {
  if (Object.keys(faults).length > 0) stack.sandbox.scenario.setFaults(faults);
  await syncAndWait(stack, accountId, "ingestion", { timeoutMs: 90_000 });
  expect((await getAccount(stack, accountId)).status).toBe("active");
  await stack.assertAlive();
}

afterEach(() => {
  stack.sandbox.scenario.clearFaults();
});

function faultsSeen(kind: SandboxRequest["fault"]): SandboxRequest[] {
  return stack.sandbox.scenario.requests().filter((r) => r.fault === kind);
}

/** The most API-host calls (what TikTok counts) in any 60-second window of the sandbox's request log. */
function busiestMinute(requests: readonly SandboxRequest[]): number {
  const times = requests
    .filter((r) => API_ENDPOINTS.has(r.endpoint))
    .map((r) => r.at)
    .sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= 60_000) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe("TikTok misbehaving", () => {
  it("rides out a 429 storm (the budget pauses, the job waits without spending attempts)", async () => {
    await ingestThrough({ rateLimitStorm: { count: 4, endpoints: ["video.list"] } });
    expect(faultsSeen("rate_limit_storm")).toHaveLength(4);
  });

  it("retries through a 5xx burst with backoff", async () => {
    await ingestThrough({ serverErrors: { count: 3, status: 503, endpoints: ["video.list"] } });
    expect(faultsSeen("server_error")).toHaveLength(3);
  });

  it("times out an answer slower than TIKTOK_HTTP_TIMEOUT_MS and retries", async () => {
    // 6 s against the stack's 5 s client timeout: the first call is abandoned, the retry is answered at once.
    stack.sandbox.scenario.setFaults({ slow: { ms: 6_000, count: 1, endpoints: ["video.list"] } });
    await ingestThrough({});
    // The slow answer was served (the fault is used up) and the run still completed: it was retried. The sandbox
    // logs the abandoned call only once its 6 s are over, so the fault's own state is the evidence.
    expect(stack.sandbox.scenario.faults().slow).toBeNull();
  });

  it("treats malformed bodies as retryable failures, not crashes", async () => {
    await ingestThrough({ malformed: { count: 1, kind: "non-json", endpoints: ["video.list"] } });
    await ingestThrough({ malformed: { count: 1, kind: "truncated", endpoints: ["video.list"] } });
    expect(faultsSeen("malformed")).toHaveLength(2);
    const videos = await listVideos(stack, accountId);
    expect(videos.length).toBe(stack.sandbox.scenario.videos(creatorOpenId(stack, "kofi.cooks")).length);
  });

  it("marks an account whose tokens TikTok revoked as needs_reauth and tells the platform", async () => {
    const userId = "user_faults_revoked";
    const openId = creatorOpenId(stack, "mei.runs");
    const result = await connectOverHttp(stack, { userId, openId });
    expect(result.status).toBeLessThan(400);
    const revokedId = (await accountOfUser(stack, userId))?.id ?? "";
    await waitForIngestion(stack, revokedId);
    // The creator removed the app at TikTok and no webhook arrived: the next call finds out.
    stack.sandbox.scenario.revokeAuthorization(openId);
    const sync = await stack.api.post(`/v1/accounts/${revokedId}/sync`, { kind: "ingestion" });
    expect(sync.status, sync.text).toBe(202);
    await waitFor(async () => ((await getAccount(stack, revokedId)).status === "needs_reauth" ? true : undefined), {
      description: "needs_reauth after TikTok refused the tokens",
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    const statusEvent = (await readAllEvents(stack)).find(
      ({ event }) => event.type === "account_status" && event.accountId === revokedId,
    );
    expect(statusEvent?.event).toMatchObject({ status: "needs_reauth" });
    await stack.assertAlive();
  });

  it("never exceeded the per-minute budget in any sliding window, and the worker stayed live", async () => {
    const requests = stack.sandbox.scenario.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(busiestMinute(requests)).toBeLessThanOrEqual(PER_MINUTE);
    expect((await fetch(stack.workerLiveUrl)).status).toBe(200);
    await stack.assertAlive();
  });
});
