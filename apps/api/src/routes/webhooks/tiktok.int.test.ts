import { signWebhook, webhookBody } from "@trendpot/tiktok-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, WEBHOOK_SECRET } from "../../test-support/harness";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
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
  return { body, signature: signWebhook(input.secret ?? WEBHOOK_SECRET, timestamp, body) };
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
    ["a wrong secret", () => delivery({ openId: "open_bad1", secret: "not-the-secret-0123456789" })],
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
  ])("refuses %s with 401 and no side effects", async (_name, make) => {
    const d = make();
    const response = await post(d);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    const openId = JSON.parse(d.body).user_openid as string;
    expect(await jobsFor(openId)).toEqual([]);
    expect(await t.deps.db.collection("webhook_deliveries").countDocuments({ openId })).toBe(0);
  });

  it("refuses a signed body of the wrong shape or for another app with 400", async () => {
    const timestamp = nowSec();
    const junk = "{not json";
    expect((await post({ body: junk, signature: signWebhook(WEBHOOK_SECRET, timestamp, junk) })).statusCode).toBe(400);
    const other = delivery({ openId: "open_other", clientKey: "another_app" });
    expect((await post(other)).statusCode).toBe(400);
    expect(await jobsFor("open_other")).toEqual([]);
  });

  it("works with the sandbox's own delivery over HTTP", async () => {
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
