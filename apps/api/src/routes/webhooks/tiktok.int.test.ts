import { createRecordingMetrics } from "@trendpot/telemetry/testing";
import { signWebhook, webhookBody } from "@trendpot/tiktok-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config";
import { createTestApp, type TestApp, WEBHOOK_SECRET } from "../../test-support/harness";

let t: TestApp;
const recording = createRecordingMetrics();
beforeAll(async () => {
  t = await createTestApp({ metrics: recording.metrics });
});
afterAll(async () => {
  await t?.close();
});

const nowSec = () => Math.floor(Date.now() / 1000);

function delivery(input: {
  openId: string;
  event?: string;
  content?: unknown;
  t?: number;
  secret?: string;
  clientKey?: string;
}) {
  const timestamp = input.t ?? nowSec();
  const body = webhookBody(
    input.clientKey ?? t.config.TIKTOK_CLIENT_KEY,
    { event: input.event ?? "authorization.removed", openId: input.openId, content: input.content ?? { reason: 1 } },
    timestamp,
  );
  // TikTok signs with the app's client secret.
  return { body, signature: signWebhook(input.secret ?? t.sandbox.clientSecret, timestamp, body) };
}

const post = (d: { body: string; signature?: string }) =>
  t.app.inject({
    method: "POST",
    url: "/webhooks/tiktok",
    headers: { "content-type": "application/json", ...(d.signature ? { "tiktok-signature": d.signature } : {}) },
    payload: d.body,
  });

async function jobsFor(openId: string) {
  const jobs = await t.deps.queues.webhooks.getJobs(["waiting", "delayed", "prioritized", "active"]);
  return jobs.filter((job) => job.data.openId === openId);
}

describe("POST /webhooks/tiktok", () => {
  it("accepts a delivery signed with TIKTOK_WEBHOOK_SECRET as well as one signed with the client secret", async () => {
    const response = await post(delivery({ openId: "open_whsec", secret: WEBHOOK_SECRET }));
    expect(response.statusCode).toBe(200);
    expect(await jobsFor("open_whsec")).toHaveLength(1);
  });

  it("accepts a signed authorization.removed and queues it for the worker with the reason code", async () => {
    const response = await post(delivery({ openId: "open_valid", content: { reason: 2 } }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ received: true, duplicate: false });
    const jobs = await jobsFor("open_valid");
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.data).toMatchObject({ event: "authorization.removed", openId: "open_valid", reasonCode: 2 });
  });

  it("deduplicates a redelivery: 200, one job, one delivery record", async () => {
    const d = delivery({ openId: "open_dup" });
    expect((await post(d)).json().duplicate).toBe(false);
    const again = await post(d);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ received: true, duplicate: true });
    expect(await jobsFor("open_dup")).toHaveLength(1);
    expect(await t.deps.db.collection("webhook_deliveries").countDocuments({ openId: "open_dup" })).toBe(1);
  });

  it.each([
    ["a key that is neither secret", () => delivery({ openId: "open_bad1", secret: "not-the-secret-0123456789" })],
    ["a stale timestamp", () => delivery({ openId: "open_bad2", t: nowSec() - 3_600 })],
    ["a timestamp from the future", () => delivery({ openId: "open_bad3", t: nowSec() + 3_600 })],
    ["no signature", () => ({ ...delivery({ openId: "open_bad4" }), signature: undefined })],
    ["a malformed signature", () => ({ ...delivery({ openId: "open_bad5" }), signature: "t=abc,s=xyz" })],
    [
      "an altered body",
      () => {
        const d = delivery({ openId: "open_bad6" });
        return { ...d, body: d.body.replace("open_bad6", "open_evil") };
      },
    ],
  ])("refuses %s with 401, counts it and has no side effects", async (_name, make) => {
    const d = make();
    const refusedBefore = recording.sum("webhookRefused");
    const response = await post(d);
    expect(recording.sum("webhookRefused")).toBe(refusedBefore + 1);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    const openId = JSON.parse(d.body).user_openid as string;
    expect(await jobsFor(openId)).toEqual([]);
    expect(await t.deps.db.collection("webhook_deliveries").countDocuments({ openId })).toBe(0);
  });

  it("refuses a signed body of the wrong shape or for another app with 400", async () => {
    const timestamp = nowSec();
    const junk = "{not json";
    const signed = { body: junk, signature: signWebhook(t.sandbox.clientSecret, timestamp, junk) };
    expect((await post(signed)).statusCode).toBe(400);
    const other = delivery({ openId: "open_other", clientKey: "another_app" });
    expect((await post(other)).statusCode).toBe(400);
    expect(await jobsFor("open_other")).toEqual([]);
  });

  it("counts each refusal by reason", async () => {
    const before = (reason: string) => recording.sum("webhookRefused", { reason });
    const counts = { mismatch: before("mismatch"), missing: before("missing"), stale: before("stale") };
    await post(delivery({ openId: "open_count1", secret: "neither-secret-0123456789" }));
    await post({ ...delivery({ openId: "open_count2" }), signature: undefined });
    await post(delivery({ openId: "open_count3", t: nowSec() - 3_600 }));
    expect(recording.sum("webhookRefused", { reason: "mismatch" })).toBe(counts.mismatch + 1);
    expect(recording.sum("webhookRefused", { reason: "missing" })).toBe(counts.missing + 1);
    expect(recording.sum("webhookRefused", { reason: "stale" })).toBe(counts.stale + 1);
    expect(t.logs.join("")).not.toContain(t.sandbox.clientSecret);
    expect(t.logs.join("")).not.toContain(WEBHOOK_SECRET);
  });

  it("signs as TikTok does: the sandbox's own delivery over HTTP is verified with the client secret", async () => {
    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const result = await t.sandbox.scenario.sendWebhook({
      event: "authorization.removed",
      openId: "open_http",
      content: { reason: 5 },
      url: `${address}/webhooks/tiktok`,
    });
    expect(result.status).toBe(200);
    expect((await jobsFor("open_http"))[0]?.data.reasonCode).toBe(5);
  });
});

describe("POST /webhooks/tiktok without TIKTOK_WEBHOOK_SECRET", () => {
  it("verifies with the client secret alone and refuses the webhook secret", async () => {
    const bare = await createTestApp({ env: { TIKTOK_WEBHOOK_SECRET: "", CONSENT_SECRET: "c".repeat(32) } });
    try {
      expect(bare.config.TIKTOK_WEBHOOK_SECRET).toBeUndefined();
      const make = (secret: string, openId: string) => {
        const timestamp = nowSec();
        const body = webhookBody(
          bare.config.TIKTOK_CLIENT_KEY,
          { event: "authorization.removed", openId, content: {} },
          timestamp,
        );
        return bare.app.inject({
          method: "POST",
          url: "/webhooks/tiktok",
          headers: { "content-type": "application/json", "tiktok-signature": signWebhook(secret, timestamp, body) },
          payload: body,
        });
      };
      expect((await make(bare.sandbox.clientSecret, "open_bare_ok")).statusCode).toBe(200);
      expect((await make(WEBHOOK_SECRET, "open_bare_refused")).statusCode).toBe(401);
    } finally {
      await bare.close();
    }
  });

  it("refuses to boot with neither TIKTOK_WEBHOOK_SECRET nor CONSENT_SECRET", () => {
    const env = {
      MONGODB_URI: "mongodb://127.0.0.1:1",
      REDIS_URL: "redis://127.0.0.1:1",
      TIKTOK_CLIENT_KEY: "key",
      TIKTOK_CLIENT_SECRET: "client-secret-value",
      TIKTOK_REDIRECT_URI: "https://api.example.com/auth/tiktok/callback",
      TIKTOK_TOKEN_ENC_KEY_ID: "alias/trendpot/tiktok-display-oauth",
    };
    expect(() => loadConfig(env)).toThrow(/CONSENT_SECRET/);
    expect(() => loadConfig({ ...env, CONSENT_SECRET: "c".repeat(32) })).not.toThrow();
  });
});
