import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness";
import { runMaintenance } from "./maintenance";

const DAY = 86_400_000;
let h: Harness;

beforeEach(async () => {
  h = await createHarness({ services: testServices(), name: uniqueName("wk_maint") });
});

afterEach(async () => {
  await h.close();
});

const deps = () => ({ maintenance: h.deps.maintenance, logger: h.logger, now: h.deps.job.now });

describe("runMaintenance", () => {
  it("purge-history deletes only buckets older than the retention", async () => {
    const now = h.clock.now();
    const point = (daysAgo: number, videoId: string) => ({
      videoId,
      accountId: "acc_1",
      at: new Date(now - daysAgo * DAY),
      views: 1,
      likes: 1,
      comments: 0,
      shares: 0,
    });
    await h.deps.metrics.appendPoints([point(500, "1"), point(401, "2"), point(10, "3")]);

    const result = await runMaintenance(deps(), { task: "purge-history", olderThanDays: 400 });

    expect(result).toEqual({ task: "purge-history", changed: 2 });
    const left = await h.deps.metrics.history({ videoId: "3", from: new Date(now - 30 * DAY), to: new Date(now) });
    expect(left).toHaveLength(1);
  });

  it("the re-encryption sweep and mirror reconciliation run to completion", async () => {
    const openId = h.sandbox.scenario.addCreator().openId;
    await h.connect(openId);
    for (const task of ["reencrypt-credentials", "reconcile-mirrors"] as const) {
      const result = await runMaintenance(deps(), { task });
      // Everything is already under the current key, mirrored, and nothing has expired.
      expect(result).toEqual({ task, changed: 0 });
    }
  });
});
