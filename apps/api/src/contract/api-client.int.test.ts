import { ApiError, createApiClient } from "@trendpot/api-client";
import { freePort } from "@trendpot/dev-services";
import { videosUpdateEventsJsonSchema, videosUpdateStream } from "@trendpot/jobs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pathOf, startConsent } from "../test-support/consent-driver";
import { createTestApp, KEYS, RETURN_ORIGIN, type TestApp } from "../test-support/harness";

// The platform's main flows through @trendpot/api-client only, against the api listening on a real port. The
// creator's browser steps (hand-off page, TikTok's sandbox, callback) are the one part no API client makes.
let t: TestApp;
let baseUrl: string;
const client = (role: keyof typeof KEYS) => createApiClient({ baseUrl, apiKey: KEYS[role], timeoutMs: 5_000 });

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  t = await createTestApp({ baseUrl });
  await t.app.listen({ port, host: "127.0.0.1" });
});
afterAll(async () => {
  await t?.close();
});

/** What the worker would have stored after ingestion: three videos with their latest metrics. */
async function ingestVideos(accountId: string, userId: string): Promise<string[]> {
  const ids = ["7311000000000000001", "7311000000000000002", "7311000000000000003"];
  const at = new Date();
  await t.deps.videos.upsertMany(
    ids.map((id, index) => ({
      id,
      accountId,
      userId,
      title: `video ${index}`,
      description: `video ${index} #test`,
      createTime: new Date(at.getTime() - index * 60_000),
      shareUrl: `https://www.tiktok.com/@creator/video/${id}`,
      metrics: { views: 100 * (index + 1), likes: index, comments: 0, shares: 0, at },
    })),
  );
  return ids;
}

describe("the platform's flows through the typed client", () => {
  it("connect session → consent → accounts and videos → revoke → audit log", async () => {
    const platform = client("platform");
    const userId = "user_client_e2e";

    const session = await platform.post("/v1/connect-sessions", {
      body: { userId, returnUrl: `${RETURN_ORIGIN}/tiktok/done` },
    });
    expect(session.connectUrl).toBe(`${baseUrl}/connect/tiktok?session=${session.id}`);
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());

    const creator = t.sandbox.scenario.addCreator();
    const started = await startConsent(t, session.id);
    const location = await t.sandbox.scenario.authorize({ authorizeUrl: started.authorizeUrl, openId: creator.openId });
    const callback = await t.app.inject({ method: "GET", url: pathOf(location), headers: { cookie: started.cookie } });
    expect(callback.statusCode).toBe(302);

    const account = await platform.get("/v1/users/{userId}/account", { path: { userId } });
    expect(account).toMatchObject({ userId, status: "active", openId: creator.openId });
    const listed = await platform.get("/v1/accounts", { query: { userId, status: "active" } });
    expect(listed.items.map((item) => item.id)).toEqual([account.id]);

    const videoIds = await ingestVideos(account.id, userId);
    const page1 = await platform.get("/v1/accounts/{id}/videos", {
      path: { id: account.id },
      query: { sort: "views", order: "desc", limit: 2 },
    });
    expect(page1.items.map((video) => video.id)).toEqual([videoIds[2], videoIds[1]]);
    expect(page1.nextCursor).toBeDefined();
    const page2 = await platform.get("/v1/accounts/{id}/videos", {
      path: { id: account.id },
      query: { sort: "views", order: "desc", limit: 2, cursor: page1.nextCursor },
    });
    expect(page2.items.map((video) => video.id)).toEqual([videoIds[0]]);
    const video = await platform.get("/v1/videos/{videoId}", { path: { videoId: videoIds[0] ?? "" } });
    expect(video.metrics).toMatchObject({ views: 100 });

    const revoked = await platform.post("/v1/accounts/{id}/revoke", {
      path: { id: account.id },
      body: { reason: "creator asked support" },
    });
    expect(revoked).toMatchObject({ accountId: account.id, status: "revoked", alreadyRevoked: false, prunedVideos: 3 });
    expect(await platform.get("/v1/accounts/{id}", { path: { id: account.id } })).toMatchObject({ status: "revoked" });

    // The events the revocation published (core's revokeAccount, the real producer) match the published schema.
    const ajv = new Ajv2020({ strict: true });
    addFormats(ajv);
    const validate = ajv.compile(videosUpdateEventsJsonSchema());
    const entries = await t.deps.redis.xrange(videosUpdateStream(t.config.REDIS_PREFIX), "-", "+");
    const payloads = entries.map(([, fields]) => JSON.parse(fields[fields.indexOf("payload") + 1] ?? "null"));
    expect(payloads.map((payload) => payload.type)).toEqual(expect.arrayContaining(["prune", "account_status"]));
    for (const payload of payloads) expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);

    const audit = await client("compliance").get("/v1/audit-logs", { query: { accountId: account.id } });
    const actions = audit.items.map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(["consent.granted", "account.revoked"]));
    const revokedEntry = audit.items.find((entry) => entry.action === "account.revoked");
    expect(revokedEntry).toMatchObject({ reason: "creator asked support", actor: { type: "api_key" } });
    const verified = await client("compliance").get("/v1/audit-logs/verify");
    expect(verified.ok).toBe(true);
  });

  it("turns the API's refusals into typed errors with the stable code and request id", async () => {
    const forbidden = await client("platform")
      .get("/v1/audit-logs")
      .catch((error: unknown) => error);
    expect(forbidden).toBeInstanceOf(ApiError);
    expect(forbidden).toMatchObject({ status: 403, code: "FORBIDDEN", requestId: expect.stringMatching(/\S/) });

    const missing = await client("ops")
      .get("/v1/accounts/{id}", { path: { id: "acc_doesnotexist" } })
      .catch((error: unknown) => error);
    expect(missing).toMatchObject({ status: 404, code: "NOT_FOUND" });

    const invalid = await client("platform")
      .post("/v1/connect-sessions", { body: { userId: "" } })
      .catch((error: unknown) => error);
    expect(invalid).toMatchObject({ status: 400, code: "VALIDATION_FAILED" });

    const unauthenticated = await createApiClient({ baseUrl, apiKey: "tp_not_a_configured_key_000000000000" })
      .get("/v1/accounts")
      .catch((error: unknown) => error);
    expect(unauthenticated).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    expect((unauthenticated as Error).message).not.toContain("tp_not_a_configured_key");
  });
});
