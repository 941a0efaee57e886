import { describe, expect, it } from "vitest";
import { jobIdFor } from "./job-ids";

const all = (ids: string[]) => ids.every((id) => !id.includes(":") && `${Number.parseInt(id, 10)}` !== id);

describe("jobIdFor", () => {
  it("is deterministic and readable for plain ids", () => {
    expect(jobIdFor.ingestion("acc_1", "consent", "req-9")).toBe("ingest.acc_1.consent.req-9");
    expect(jobIdFor.ingestion("acc_1", "consent", "req-9")).toBe(jobIdFor.ingestion("acc_1", "consent", "req-9"));
    expect(jobIdFor.webhook("d_1")).toBe("webhook.d_1");
    expect(jobIdFor.metricsPlan(123)).toBe("metrics-plan.123");
    expect(jobIdFor.tokenRefresh("acc_1", 4)).toBe("token.acc_1.4");
  });

  it("tells different work apart", () => {
    const ids = [
      jobIdFor.ingestion("acc_1", "consent", "a"),
      jobIdFor.ingestion("acc_1", "manual", "a"),
      jobIdFor.ingestion("acc_2", "consent", "a"),
      jobIdFor.ingestion("acc_1", "consent", "b"),
      jobIdFor.metricsBatch("acc_1", 1, ["1", "2"]),
      jobIdFor.metricsBatch("acc_1", 2, ["1", "2"]),
      jobIdFor.metricsBatch("acc_1", 1, ["1", "3"]),
      jobIdFor.profileRefresh("acc_1", 1),
      jobIdFor.maintenance("purge-history", "2026-03-10"),
      jobIdFor.maintenance("reconcile-mirrors", "2026-03-10"),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("ignores the order of a batch's ids", () => {
    expect(jobIdFor.metricsBatch("acc_1", 7, ["3", "1", "2"])).toBe(jobIdFor.metricsBatch("acc_1", 7, ["1", "2", "3"]));
  });

  it("never contains ':' or parses as an integer, whatever the input; unsafe parts are digested, not joined", () => {
    const ids = [
      jobIdFor.ingestion("acc:1", "consent", "urn:req:1"),
      jobIdFor.maintenance("purge-history", "2026-03-10T00:00:00.000Z"),
      jobIdFor.webhook("a b:c"),
      jobIdFor.tokenRefresh("x", "1:2:3"),
    ];
    expect(all(ids)).toBe(true);
    expect(jobIdFor.webhook("a.b")).not.toBe(jobIdFor.webhook("a_b"));
    expect(jobIdFor.ingestion("a.b", "c", "d")).not.toBe(jobIdFor.ingestion("a", "b.c", "d"));
    expect(jobIdFor.webhook("x".repeat(500))).toMatch(/^webhook\.~[A-Za-z0-9_-]{22}$/);
  });
});
