import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHarness, type Harness, workerEnv } from "./testing/harness";
import { maxInSlidingWindow, scaledClock } from "./testing/scaled-runtime";
import { spawnWorkers } from "./testing/spawn-workers";

// TikTok's minute runs 10× faster on the sandbox clock, and the budget's window is shortened to match (6 s). The
// per-minute numbers are scaled down too (budget 20, sandbox 23: the contract's 90/100 ratio), so that the backlog
// on a loaded 2-core machine always outruns the budget; the benchmark runs the contract's 90/min.
const SCALE = 10;
const PER_MINUTE = 20;
// What the sandbox logs is a call's arrival, not its budget grant. The two differ by the time between the grant and
// the request reaching the sandbox: tens of milliseconds on a quiet machine, several hundred when two cores run
// the whole suite, and the scale multiplies it by 10. The workers' window is widened by this much real time (the
// test's version of TIKTOK_INGESTION_RATE_WINDOW_MS's allowance), so the comparison measures the budget, not the
// machine's load; at the real 60 s window with its 2 s allowance the same lag is negligible.
const ARRIVAL_JITTER_MS = 1_000;
const MINUTE = 60_000;
const PAGE = 2;

let h: Harness | undefined;
let workers: { stop(): Promise<void> } | undefined;

afterEach(async () => {
  await workers?.stop();
  await h?.close();
  workers = undefined;
  h = undefined;
});

describe("the global budget across worker processes", () => {
  it("three processes never exceed the per-minute budget in any sliding minute, the day cap holds, and a small creator is not starved", async () => {
    const services = testServices();
    const name = uniqueName("wk_budget");
    const env = {
      TIKTOK_INGESTION_PAGE_SIZE: String(PAGE),
      TIKTOK_INGESTION_RATE_LIMIT_PER_MIN: String(PER_MINUTE),
      // Day cap 60: ingestion may use 60 - 5% token reserve (3) = 57 calls; the backlog needs 65.
      TIKTOK_INGESTION_RATE_LIMIT_PER_DAY: "60",
      TIKTOK_INGESTION_CONCURRENCY: "2",
      LOG_LEVEL: "warn",
    };
    const harness = await createHarness({
      services,
      name,
      env,
      sandbox: { now: scaledClock(SCALE), rateLimit: { perMinute: 23, perDay: 100_000 } },
    });
    h = harness;
    const { scenario } = harness.sandbox;
    const large = [0, 1, 2, 3, 4].map(() => scenario.addCreator().openId);
    const small = scenario.addCreator().openId;
    for (const openId of large) scenario.addVideos(openId, 24);
    scenario.addVideos(small, 10);
    const accounts = new Map<string, string>();
    for (const openId of [...large, small]) accounts.set(openId, await harness.connect(openId));
    // The consent exchanges above count at TikTok too: start the backlog in a fresh window.
    scenario.advanceClock(MINUTE);
    workers = await spawnWorkers(3, {
      ...workerEnv(services, harness.sandbox, name, env),
      WORKER_CHILD_WINDOW_MS: String(MINUTE / SCALE + ARRIVAL_JITTER_MS),
    });
    // Queued once all three processes are ready, so the six jobs take the six slots together. Queued before, the
    // first process to boot took the large creators' jobs and spent the budget while the small creator's job still
    // waited for a slower process to start: what starved it then was the test's start-up, not the budget.
    for (const accountId of accounts.values()) {
      await harness.deps.queues.enqueueIngestion({ accountId, reason: "consent" }, { key: "budget" });
    }

    const budgeted = () =>
      scenario
        .requests()
        .filter((r) => r.endpoint !== "oembed" && r.endpoint !== "authorize" && r.grantType !== "authorization_code");
    await vi.waitFor(
      async () => {
        expect(budgeted().length).toBeGreaterThanOrEqual(57);
        const counts = await harness.deps.queues.ingestion.getJobCounts("active", "waiting", "delayed", "completed");
        expect((counts.active ?? 0) + (counts.waiting ?? 0)).toBe(0);
      },
      { timeout: 90_000, interval: 250 },
    );

    const calls = budgeted();
    expect(calls).toHaveLength(57);
    expect(calls.filter((call) => call.status === 429)).toHaveLength(0);
    const busiest = maxInSlidingWindow(
      calls.map((call) => call.at),
      MINUTE,
    );
    expect(busiest).toBeLessThanOrEqual(PER_MINUTE);
    // The backlog kept the budget busy (without a budget the same backlog runs far above it).
    expect(busiest).toBe(PER_MINUTE);
    // The small creator got all 5 of its pages while the large ones still had work left.
    const smallCalls = calls.filter((call) => call.openId === small);
    expect(smallCalls).toHaveLength(5);
    expect(await harness.deps.videos.countByAccount(accounts.get(small) ?? "")).toBe(10);
    const lastLarge = Math.max(...calls.filter((call) => call.openId !== small).map((call) => call.at));
    expect(Math.max(...smallCalls.map((call) => call.at))).toBeLessThan(lastLarge);
    const state = await harness.deps.runtime.budget.state();
    expect(state.remainingTodayFor.ingestion).toBe(0);
  }, 150_000);
});
