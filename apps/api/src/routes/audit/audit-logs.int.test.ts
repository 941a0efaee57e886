import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/harness";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  for (let i = 0; i < 5; i += 1) {
    await t.deps.auditWriter({
      actor: { type: "api_key", id: i % 2 === 0 ? "platform-key" : "ops-key" },
      action: i % 2 === 0 ? "account.revoked" : "sync.triggered",
      target: { accountId: `acc_${i}`, userId: `user_${i}` },
      reason: `reason ${i}`,
      requestId: `req_${i}`,
    });
  }
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: "GET", url, headers: t.auth("compliance") });

describe("audit logs", () => {
  it("lists newest first with filters and a cursor", async () => {
    const all = (await get("/v1/audit-logs?action=account.revoked&limit=2")).json();
    expect(all.items.map((e: { target: { accountId: string } }) => e.target.accountId)).toEqual(["acc_4", "acc_2"]);
    const next = (await get(`/v1/audit-logs?action=account.revoked&limit=2&cursor=${all.nextCursor}`)).json();
    expect(next.items.map((e: { target: { accountId: string } }) => e.target.accountId)).toEqual(["acc_0"]);
    expect((await get("/v1/audit-logs?actor=ops-key")).json().items).toHaveLength(2);
    expect((await get("/v1/audit-logs?accountId=acc_3")).json().items[0]).toMatchObject({
      reason: "reason 3",
      requestId: "req_3",
    });
    expect((await get("/v1/audit-logs?userId=user_1")).json().items).toHaveLength(1);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await get(`/v1/audit-logs?from=${future}`)).json().items).toEqual([]);
  });

  it("exports NDJSON and CSV, and audits the export", async () => {
    const ndjson = await get("/v1/audit-logs/export?format=ndjson");
    expect(ndjson.statusCode).toBe(200);
    expect(ndjson.headers["content-type"]).toContain("application/x-ndjson");
    const lines = ndjson.body
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.map((l: { seq: number }) => l.seq)).toEqual(
      [...lines.map((l: { seq: number }) => l.seq)].sort((a, b) => a - b),
    );
    const csv = await get("/v1/audit-logs/export?format=csv");
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split("\r\n")[0]).toContain("action");
    expect(csv.body).toContain("account.revoked");
    const exports = (await get("/v1/audit-logs?action=audit.exported")).json();
    expect(exports.items.length).toBe(2);
    expect(exports.items[0].actor).toEqual({ type: "api_key", id: "compliance-key" });
  });

  it("verifies the chain, and finds an entry edited directly in the database", async () => {
    const ok = (await get("/v1/audit-logs/verify")).json();
    expect(ok.ok).toBe(true);
    const victim = await t.deps.db.collection("audit_logs").findOne({ "target.accountId": "acc_2" });
    await t.deps.db.collection("audit_logs").updateOne({ _id: victim?._id }, { $set: { reason: "nothing to see" } });
    const broken = (await get("/v1/audit-logs/verify")).json();
    expect(broken).toMatchObject({ ok: false, firstBrokenSeq: victim?.seq, reason: "hash_mismatch" });
  });

  it("rejects an inverted range", async () => {
    const response = await get("/v1/audit-logs?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z");
    expect(response.statusCode).toBe(400);
  });
});
