import { describe, expect, it } from "vitest";
import { checkLiveness, createCompletionTracker, startLivenessServer } from "./liveness";

const MINUTE = 60_000;

describe("liveness", () => {
  it("is live while queues are empty, however long nothing completed", async () => {
    const tracker = createCompletionTracker(["a"], 0);
    const report = await checkLiveness({
      waitingByQueue: async () => ({ a: 0 }),
      tracker,
      stallAfterMs: MINUTE,
      now: 60 * MINUTE,
    });
    expect(report).toEqual({ live: true, stalled: [] });
  });

  it("fails when a queue has waiting jobs and nothing completed on it for the stall limit", async () => {
    const tracker = createCompletionTracker(["a", "b"], 0);
    tracker.record("b", 9 * MINUTE);
    const report = await checkLiveness({
      waitingByQueue: async () => ({ a: 3, b: 2 }),
      tracker,
      stallAfterMs: 5 * MINUTE,
      now: 10 * MINUTE,
    });
    expect(report.live).toBe(false);
    expect(report.stalled).toEqual([{ queue: "a", waiting: 3, sinceLastCompletionMs: 10 * MINUTE }]);
  });

  it("serves 200 when live and 503 when stalled or when the check itself fails", async () => {
    let verdict: "live" | "stalled" | "broken" = "live";
    const server = await startLivenessServer({
      host: "127.0.0.1",
      port: 0,
      check: async () => {
        if (verdict === "broken") throw new Error("redis down");
        return verdict === "live"
          ? { live: true, stalled: [] }
          : { live: false, stalled: [{ queue: "a", waiting: 1, sinceLastCompletionMs: 1 }] };
      },
    });
    try {
      expect((await fetch(`${server.url}/live`)).status).toBe(200);
      verdict = "stalled";
      expect((await fetch(`${server.url}/live`)).status).toBe(503);
      verdict = "broken";
      expect((await fetch(`${server.url}/live`)).status).toBe(503);
      expect((await fetch(`${server.url}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
