import { consentGrant } from "@trendpot/credentials/testing";
import { COLLECTIONS } from "@trendpot/db";
import { uniqueName } from "@trendpot/dev-services/testing";
import { isAppError } from "@trendpot/errors";
import { readEvents, videosUpdateStream } from "@trendpot/jobs";
import { createLogger } from "@trendpot/telemetry";
import { createRecordingMetrics } from "@trendpot/telemetry/testing";
import { createTikTokSandbox, type TikTokSandbox } from "@trendpot/tiktok-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices, type Services } from "./services";
import { servicesTestConfig, testKmsCredentials } from "./services-test-support";

let sandbox: TikTokSandbox;
let config: ReturnType<typeof servicesTestConfig>;
const opened: Services[] = [];

beforeAll(async () => {
  sandbox = await createTikTokSandbox({});
  config = servicesTestConfig({ sandbox, MONGODB_DB: uniqueName("core_reauth") });
});
afterAll(async () => {
  await opened[0]?.db.dropDatabase();
  for (const services of opened) await services.close();
  await sandbox?.close();
});

/** One app's services, as its deps.ts builds them: the same composition root, its own metrics. */
async function boot(appName: string) {
  const recording = createRecordingMetrics();
  const logger = createLogger({ name: appName, level: "silent" });
  const services = await createServices(config, {
    appName,
    logger,
    metrics: recording.metrics,
    kmsCredentials: testKmsCredentials(),
  });
  opened.push(services);
  return { services, recording };
}

/** A creator connected through the sandbox who has since revoked the app: every token of theirs is refused. */
async function revokedCreator(services: Services) {
  const creator = sandbox.scenario.addCreator();
  const scopes = ["user.info.basic"];
  const grant = await consentGrant(services.credentials, {
    client: services.tiktok,
    page: sandbox.scenario,
    openId: creator.openId,
    scopes,
    redirectUri: "http://127.0.0.1:9/cb",
  });
  const account = await services.credentials.connect({ grant, userId: uniqueName("user"), requestedScopes: scopes });
  sandbox.scenario.revokeAuthorization(creator.openId);
  return account;
}

async function expectOnePath(services: Services, recording: ReturnType<typeof createRecordingMetrics>, id: string) {
  expect(await services.accounts.getById(id)).toMatchObject({ status: "needs_reauth" });
  const audits = await services.db
    .collection(COLLECTIONS.auditLogs)
    .find({ action: "token.refresh_failed", "target.accountId": id })
    .toArray();
  expect(audits).toEqual([
    expect.objectContaining({ actor: { type: "system", id: "token-refresh" }, reason: "invalid_grant" }),
  ]);
  const stream = await readEvents(services.redis, videosUpdateStream(config.REDIS_PREFIX));
  const statusEvents = stream.events.filter((e) => e.event.type === "account_status" && e.event.accountId === id);
  expect(statusEvents.map((e) => e.event)).toEqual([
    expect.objectContaining({ status: "needs_reauth", reason: "invalid_grant" }),
  ]);
  expect(recording.sum("tokenRefresh", { outcome: "reauth_required" })).toBe(1);
}

describe("a refused refresh token takes one path in both apps", () => {
  it("api (a creator's request) and worker (the proactive refresh job): needs_reauth, audit, event, metric", async () => {
    const api = await boot("trendpot-api");
    const worker = await boot("trendpot-worker");
    const viaApi = await revokedCreator(api.services);
    const viaWorker = await revokedCreator(worker.services);

    // TikTok refuses the access token, the one refresh is refused too.
    const apiCall = api.services.credentials.withDisplay(
      viaApi._id,
      { requestId: "req_api", operation: "profile.read" },
      (display) => display.getUserInfo(["open_id"]),
    );
    await expect(apiCall).rejects.toSatisfy((e) => isAppError(e) && e.code === "ACCOUNT_NEEDS_REAUTH");
    const workerCall = worker.services.credentials.refreshNow(viaWorker._id, {
      requestId: "job_refresh",
      operation: "token.refresh",
    });
    await expect(workerCall).rejects.toSatisfy((e) => isAppError(e) && e.code === "ACCOUNT_NEEDS_REAUTH");

    await expectOnePath(api.services, api.recording, viaApi._id);
    await expectOnePath(worker.services, worker.recording, viaWorker._id);
  });
});
