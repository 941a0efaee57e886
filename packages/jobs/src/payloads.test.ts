import { type AppError, isAppError } from "@trendpot/errors";
import { describe, expect, it } from "vitest";
import { QUEUE_NAMES } from "./names";
import { parseJobPayload } from "./payloads";

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (isAppError(error, "VALIDATION_FAILED")) return error;
    throw error;
  }
  throw new Error("expected VALIDATION_FAILED");
}

describe("parseJobPayload", () => {
  it("accepts every job's valid payload", () => {
    expect(
      parseJobPayload("tiktok-ingestion", "ingest", { accountId: "acc_1", reason: "consent", requestId: "r-1" }),
    ).toEqual({
      accountId: "acc_1",
      reason: "consent",
      requestId: "r-1",
    });
    expect(parseJobPayload("tiktok-metrics-refresh", "plan", {})).toEqual({});
    const batch = { accountId: "acc_1", videoIds: ["7318"], cycle: 12 };
    expect(parseJobPayload("tiktok-metrics-refresh", "refresh-batch", batch)).toEqual(batch);
    expect(parseJobPayload("tiktok-metrics-refresh", "refresh-profile", { accountId: "acc_1" })).toEqual({
      accountId: "acc_1",
    });
    expect(
      parseJobPayload("tiktok-token-refresh", "refresh-token", { accountId: "a", reason: "expiring" }).reason,
    ).toBe("expiring");
    // Only the sweep enqueues refreshes; a reason nothing produces is refused rather than carried along.
    expect(() =>
      parseJobPayload("tiktok-token-refresh", "refresh-token", { accountId: "a", reason: "proactive" }),
    ).toThrow();
    expect(
      parseJobPayload("tiktok-maintenance", "maintenance", { task: "purge-history", olderThanDays: 90 }).task,
    ).toBe("purge-history");
    const webhook = {
      deliveryId: "d1",
      event: "authorization.removed",
      openId: "open-1",
      reasonCode: 1,
      receivedAt: "2026-03-10T12:00:00Z",
    };
    expect(parseJobPayload("tiktok-webhooks", "webhook-event", webhook)).toEqual(webhook);
  });

  it("rejects a bad field naming the queue, the job and the field, not retryable", () => {
    const error = failure(() => parseJobPayload("tiktok-ingestion", "ingest", { accountId: "acc_1", reason: "whim" }));
    expect(error.message).toContain("tiktok-ingestion/ingest");
    expect(error.message).toContain("reason");
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ queue: QUEUE_NAMES.ingestion, name: "ingest", issues: [{ path: "reason" }] });
  });

  it("rejects metrics jobs of 0 or more than 100 ids (five calls), and ids that could break keys", () => {
    const base = { accountId: "acc_1", cycle: 1 };
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i));
    expect(
      failure(() => parseJobPayload("tiktok-metrics-refresh", "refresh-batch", { ...base, videoIds: [] })).message,
    ).toContain("videoIds");
    expect(() =>
      parseJobPayload("tiktok-metrics-refresh", "refresh-batch", { ...base, videoIds: ids(100) }),
    ).not.toThrow();
    expect(() => parseJobPayload("tiktok-metrics-refresh", "refresh-batch", { ...base, videoIds: ids(101) })).toThrow(
      /videoIds/,
    );
    expect(() => parseJobPayload("tiktok-metrics-refresh", "refresh-batch", { ...base, videoIds: ["a:b"] })).toThrow(
      /videoIds\.0/,
    );
    expect(() => parseJobPayload("tiktok-metrics-refresh", "refresh-profile", { accountId: "acc:1" })).toThrow(
      /accountId/,
    );
  });

  it("rejects unknown fields, unknown maintenance tasks and bad dates", () => {
    expect(() => parseJobPayload("tiktok-metrics-refresh", "plan", { extra: 1 })).toThrow(/extra/);
    expect(() => parseJobPayload("tiktok-maintenance", "maintenance", { task: "drop-everything" })).toThrow(/task/);
    expect(() => parseJobPayload("tiktok-maintenance", "maintenance", { task: "purge-history" })).toThrow(
      /olderThanDays/,
    );
    const webhook = { deliveryId: "d1", event: "authorization.removed", openId: "o", receivedAt: "yesterday" };
    expect(() => parseJobPayload("tiktok-webhooks", "webhook-event", webhook)).toThrow(/receivedAt/);
    expect(() => parseJobPayload("tiktok-ingestion", "ingest", "acc_1")).toThrow(/\(root\)/);
  });

  it("rejects a job name the queue does not know", () => {
    const error = failure(() => parseJobPayload("tiktok-ingestion", "refresh-batch" as "ingest", {}));
    expect(error.message).toContain("tiktok-ingestion/refresh-batch");
  });
});
