import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountOfUser, creatorOpenId, listVideos, waitForIngestion } from "../harness/checks";
import { connectOverHttp } from "../harness/consent";
import { runLoad } from "../harness/load";
import { type Stack, startStack } from "../harness/stack";

// CI-sized by default; bench/src/e2e-heavy.ts runs the same test longer and wider through these variables.
const DURATION_MS = Number(process.env.E2E_LOAD_DURATION_MS ?? 10_000);
const CONCURRENCY = Number(process.env.E2E_LOAD_CONCURRENCY ?? 8);

let stack: Stack;

beforeAll(async () => {
  // The general per-key limit (600/min) would turn a load test into a rate-limit test.
  stack = await startStack({ name: "load", apiEnv: { RATE_LIMIT_GENERAL_PER_MIN: "100000" } });
});

afterAll(async () => {
  await stack?.stop();
});

async function connect(userId: string, openId: string): Promise<string> {
  const result = await connectOverHttp(stack, { userId, openId });
  expect(result.status).toBeLessThan(400);
  return (await accountOfUser(stack, userId))?.id ?? "";
}

describe("read endpoints under load while the worker ingests", () => {
  it("answers every request without a 5xx and reports latency and throughput", async () => {
    const reader = await connect("user_load_reader", creatorOpenId(stack, "luna.makes"));
    await waitForIngestion(stack, reader);
    const [video] = await listVideos(stack, reader);
    // The worker is busy during the run: a big creator's ingestion starts as the load does.
    const busy = stack.sandbox.scenario.addCreator({ username: "load.ingest" });
    stack.sandbox.scenario.addVideos(busy.openId, 100);
    const ingesting = await connect("user_load_busy", busy.openId);

    const from = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const to = new Date().toISOString();
    const result = await runLoad({
      baseUrl: stack.apiUrl,
      headers: { authorization: `Bearer ${stack.keys.platform}` },
      paths: [
        "/v1/accounts?limit=50",
        `/v1/accounts/${reader}`,
        `/v1/accounts/${reader}/videos?limit=20&sort=views&order=desc`,
        `/v1/videos/${video?.id}`,
        `/v1/videos/${video?.id}/metrics?from=${from}&to=${to}`,
        `/v1/accounts/${reader}/totals`,
        `/v1/users/user_load_reader/account`,
      ],
      concurrency: CONCURRENCY,
      durationMs: DURATION_MS,
    });
    console.log(
      `load: ${result.requests} requests in ${result.durationMs} ms = ${result.requestsPerSecond} req/s, ` +
        `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, statuses ${JSON.stringify(result.statuses)}`,
    );
    expect(result.requests).toBeGreaterThan(0);
    expect(result.statuses).toEqual({ "200": result.requests });
    const stored = await stack.db.collection("videos").countDocuments({ accountId: ingesting });
    expect(stored).toBeGreaterThan(0);
    await stack.assertAlive();
  });
});
