import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectInBrowser, launchBrowser } from "../harness/browser";
import {
  accountOfUser,
  creatorOpenId,
  getAccount,
  leakedStrings,
  listVideos,
  parseLogLines,
  readAllEvents,
  syncAndWait,
} from "../harness/checks";
import { type Stack, startStack } from "../harness/stack";
import { connectAndIngest, refreshMetrics, storedPointsByVideo } from "./journey-connect";
import { expectRevoked, exportAudit, storyOf } from "./journey-revoke";

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ name: "journeys" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("journey 1: connect → ingest → refresh → revoke → audit", () => {
  it("takes a creator through the whole story, with no token in any log", async () => {
    const userId = "user_j1";
    const openId = creatorOpenId(stack, "kofi.cooks");
    const account = await connectAndIngest(stack, browser, { userId, openId });
    const videoIds = (await listVideos(stack, account.id)).map((v) => v.id);

    // Two refreshes with TikTok's numbers moving in between: the second observation must land in the history.
    await refreshMetrics(stack, account.id, videoIds);
    const [watched] = videoIds;
    stack.sandbox.scenario.updateVideo(watched ?? "", { stats: { views: 987_654, likes: 4_321 }, growth: false });
    stack.sandbox.scenario.addVideos(openId, 1);
    await syncAndWait(stack, account.id, "ingestion");
    const grown = (await listVideos(stack, account.id)).map((v) => v.id);
    expect(grown).toHaveLength(videoIds.length + 1);
    await refreshMetrics(stack, account.id, grown);
    const points = await storedPointsByVideo(stack, videoIds);
    for (const id of videoIds) expect(points.get(id), `points of ${id}`).toBeGreaterThanOrEqual(2);

    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const history = await stack.api.get<{ points: { views: number; likes: number }[] }>(
      `/v1/videos/${watched}/metrics?from=${from}&to=${to}`,
    );
    expect(history.status, history.text).toBe(200);
    expect(history.body.points.at(-1)).toMatchObject({ views: 987_654, likes: 4_321 });
    const metricsEvents = (await readAllEvents(stack)).filter(
      ({ event }) => event.type === "metrics" && event.accountId === account.id,
    );
    expect(metricsEvents.length).toBeGreaterThanOrEqual(2);

    const revoke = await stack.api.post(`/v1/accounts/${account.id}/revoke`, { reason: "creator asked support" });
    expect(revoke.status, revoke.text).toBe(200);
    await expectRevoked(stack, account.id, userId);
    // TikTok was told too (and, as TikTok does, confirms with an authorization.removed webhook).
    expect(stack.sandbox.scenario.requests().some((r) => r.endpoint === "revoke" && r.status === 200)).toBe(true);

    const entries = storyOf(await exportAudit(stack), { accountId: account.id, userId });
    const story = entries.map((e) => e.action);
    const expected = ["connect_session.created", "consent.granted", "sync.triggered", "account.revoked"];
    expect(story.filter((action) => expected.includes(action)).filter(dedupeRuns)).toEqual(expected);
    expect(story.at(-1)).toBe("account.revoked");
    // The platform's revoke is recorded with its key and reason; TikTok's confirming webhook may land before or
    // after it (the sandbox posts it as soon as the revoke call is answered), as a second entry.
    const platformRevoke = entries.find((e) => e.action === "account.revoked" && e.actor.type === "api_key");
    expect(platformRevoke).toMatchObject({ actor: { id: "e2e-platform" }, reason: "creator asked support" });
  });

  it("never writes an issued token or code to the api's or the worker's log, and logs carry trace ids", async () => {
    const tokens = stack.sandbox.scenario.issuedTokens();
    expect(tokens.length).toBeGreaterThan(0);
    for (const process of [stack.apiProcess(), stack.workerProcess()]) {
      const text = process.log();
      expect(leakedStrings(text, tokens), `${process.name} log`).toEqual([]);
    }
    // Job lines (they name the request that caused the job) run inside the worker's consumer span, and request
    // lines inside the api's server span: each of them must name its trace.
    const jobLines = parseLogLines(stack.workerProcess().log()).filter((line) => typeof line.requestId === "string");
    const requestLines = parseLogLines(stack.apiProcess().log()).filter((line) => line.msg === "request completed");
    for (const lines of [jobLines, requestLines]) {
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((line) => typeof line.trace_id !== "string")).toEqual([]);
    }
  });
});

/** Keeps the first of consecutive equal actions (several sync triggers read as one step of the story). */
function dedupeRuns(action: string, index: number, all: string[]): boolean {
  return index === 0 || all[index - 1] !== action;
}

describe("journey 2: deny, partial grant, reconnect", () => {
  it("stores nothing when the creator denies consent", async () => {
    const userId = "user_j2_deny";
    const outcome = await connectInBrowser(stack, browser, {
      userId,
      openId: creatorOpenId(stack, "mei.runs"),
      deny: true,
    });
    expect(outcome.heading).toBe("TikTok was not connected");
    expect(await accountOfUser(stack, userId)).toBeUndefined();
    expect(await stack.db.collection("users").countDocuments({ _id: userId as never })).toBe(0);
  });

  it("records a partial grant, shows what is missing and ingests nothing without video.list", async () => {
    const userId = "user_j2_partial";
    const outcome = await connectInBrowser(stack, browser, {
      userId,
      openId: creatorOpenId(stack, "mei.runs"),
      grant: ["user.info.basic", "user.info.profile"],
    });
    expect(outcome.heading).toBe("Your TikTok account is connected");
    expect(outcome.text).toContain("Some permissions were not granted");
    expect(outcome.text).toContain("video.list");
    const account = await accountOfUser(stack, userId);
    expect(account?.grantedScopes.sort()).toEqual(["user.info.basic", "user.info.profile"]);
    expect(account?.missingScopes).toContain("video.list");
    const sync = await stack.api.post(`/v1/accounts/${account?.id}/sync`, { kind: "ingestion" });
    expect(sync.status).toBe(409);
    expect(await stack.db.collection("videos").countDocuments({ accountId: account?.id })).toBe(0);
    const listCalls = stack.sandbox.scenario.requests().filter((r) => r.endpoint === "video.list");
    expect(listCalls.filter((r) => r.openId === account?.openId)).toEqual([]);
  });

  it("reconnects after a revoke: same account, active again, new tokens, videos back", async () => {
    const userId = "user_j2_reconnect";
    const openId = creatorOpenId(stack, "luna.makes");
    const first = await connectAndIngest(stack, browser, { userId, openId });
    const oldCredentials = (await stack.db.collection("tiktok_accounts").findOne({ _id: first.id as never }))
      ?.credentials;
    expect(oldCredentials).toBeDefined();
    const revoke = await stack.api.post(`/v1/accounts/${first.id}/revoke`, { reason: "testing reconnect" });
    expect(revoke.status).toBe(200);
    await expectRevoked(stack, first.id, userId);

    const again = await connectAndIngest(stack, browser, { userId, openId });
    expect(again.id).toBe(first.id);
    expect(again.status).toBe("active");
    const stored = await stack.db.collection("tiktok_accounts").findOne({ _id: first.id as never });
    expect(stored?.credentials).toBeDefined();
    expect(JSON.stringify(stored?.credentials)).not.toBe(JSON.stringify(oldCredentials));
    const user = await stack.db.collection("users").findOne({ _id: userId as never });
    expect(user?.credentialsMirror).toBeDefined();
    const story = storyOf(await exportAudit(stack), { accountId: first.id }).map((e) => e.action);
    expect(story.filter((a) => a === "consent.granted")).toHaveLength(2);
    expect(story.indexOf("account.revoked")).toBeLessThan(story.lastIndexOf("consent.granted"));
  });
});

describe("journey 3: TikTok's authorization.removed webhook", () => {
  it("revokes like a manual revoke, with actor tiktok in the audit log", async () => {
    const userId = "user_j3";
    const creator = stack.sandbox.scenario.addCreator({ username: "webhook.case" });
    stack.sandbox.scenario.addVideos(creator.openId, 5);
    const account = await connectAndIngest(stack, browser, { userId, openId: creator.openId });
    stack.sandbox.scenario.revokeAuthorization(creator.openId);
    const delivery = await stack.sandbox.scenario.sendWebhook({
      event: "authorization.removed",
      openId: creator.openId,
      content: { reason: 1 },
    });
    expect(delivery.status).toBe(200);
    await expectRevoked(stack, account.id, userId);
    expect(await stack.db.collection("videos").countDocuments({ accountId: account.id })).toBe(0);
    const revokedEntry = storyOf(await exportAudit(stack), { accountId: account.id }).find(
      (e) => e.action === "account.revoked",
    );
    expect(revokedEntry?.actor.type).toBe("tiktok");
    expect(revokedEntry?.reason).toContain("authorization.removed");
    expect((await getAccount(stack, account.id)).status).toBe("revoked");
  });
});
