import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { type CommandStartedEvent, type Document, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccountsRepo } from "./accounts/accounts-repo";
import { createAuditRepo } from "./audit/audit-repo";
import { createConnectSessionsRepo } from "./connect-sessions/connect-sessions-repo";
import { ensureIndexes } from "./indexes";
import { createMetricsRepo } from "./metrics/metrics-repo";
import { createOAuthStatesRepo, hashOAuthState } from "./oauth-states/oauth-states-repo";
import { createProfileHistoryRepo } from "./profile-history/profile-history-repo";
import { createSyncRunsRepo } from "./sync-runs/sync-runs-repo";
import { VIDEO_SORTS } from "./videos/video-schema";
import { createVideosRepo } from "./videos/videos-repo";

const services = testServices();
const QUERY_COMMANDS = new Set(["find", "aggregate", "count", "update", "delete", "findAndModify", "distinct"]);
/** Fields the driver adds to a command that `explain` does not take. */
const SESSION_FIELDS = ["$db", "lsid", "$clusterTime", "txnNumber", "$readPreference", "readConcern", "writeConcern"];

/** Every stage name of a plan tree (explain output of find, aggregate, update, delete, count). */
function stages(plan: unknown): string[] {
  if (Array.isArray(plan)) return plan.flatMap(stages);
  if (plan === null || typeof plan !== "object") return [];
  const node = plan as Record<string, unknown>;
  const own = typeof node.stage === "string" ? [node.stage] : [];
  return [...own, ...Object.values(node).flatMap(stages)];
}

/** One explain per statement: an update or delete command may carry several, explain takes one. */
function explainable(command: Document): Document[] {
  const base = Object.fromEntries(Object.entries(command).filter(([key]) => !SESSION_FIELDS.includes(key)));
  if (Array.isArray(base.updates)) return base.updates.map((u: Document) => ({ ...base, updates: [u] }));
  if (Array.isArray(base.deletes)) return base.deletes.map((d: Document) => ({ ...base, deletes: [d] }));
  return [base];
}

// The queries are not listed by hand: the repositories run what the routes and jobs run, the driver reports each
// command, and every one of them is explained. A collection scan on any is a missing or unused index.
describe("every query the repositories run uses an index", () => {
  const client = new MongoClient(services.mongo.uri, { monitorCommands: true });
  const db = client.db(uniqueName("plans"));
  const seen: Document[] = [];
  const record = (event: CommandStartedEvent) => {
    if (QUERY_COMMANDS.has(event.commandName) && event.databaseName === db.databaseName) seen.push(event.command);
  };

  beforeAll(async () => {
    await client.connect();
    await ensureIndexes(db);
    // A few documents, so that the planner has real collections and indexes to choose from.
    const t0 = new Date();
    await createVideosRepo(db).upsertMany(
      Array.from({ length: 20 }, (_, i) => ({
        id: `7${String(i).padStart(18, "0")}`,
        accountId: `acc_${i % 2}`,
        userId: `user_${i % 2}`,
        title: `Video ${i}`,
        description: "plain",
        createTime: new Date(t0.getTime() - i * 60_000),
        shareUrl: `https://www.tiktok.com/@creator/video/7${String(i).padStart(18, "0")}`,
        metrics: { views: i, likes: i, comments: i, shares: i, at: t0 },
      })),
    );
    client.on("commandStarted", record);
  });
  afterAll(async () => {
    client.off("commandStarted", record);
    await db.dropDatabase();
    await client.close();
  });

  it("explains each captured command and finds no COLLSCAN", async () => {
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    const accounts = createAccountsRepo(db);
    await accounts.list({ limit: 50 });
    await accounts.list({ limit: 50, status: "active", cursor: "acc_0" });
    await accounts.list({ limit: 50, userId: "user_0" });
    await accounts.getById("acc_0");
    await accounts.getByOpenId("open_0");
    await accounts.getByUserId("user_0");
    await accounts.countByStatus();
    await accounts.listActive();
    await accounts.countRefreshExpiringWithin(86_400_000);
    await accounts.oldestMetricsSyncedAt();
    await accounts.listTokensExpiringBefore(now);
    await accounts.listWithCredentials({ limit: 100 });

    const videos = createVideosRepo(db);
    for (const sort of VIDEO_SORTS) {
      for (const order of ["asc", "desc"] as const) {
        const page = await videos.listByAccount({ accountId: "acc_0", sort, order, limit: 5 });
        if (page.nextCursor)
          await videos.listByAccount({ accountId: "acc_0", sort, order, limit: 5, cursor: page.nextCursor });
      }
    }
    await videos.getById("7000000000000000000");
    await videos.listForRefresh("acc_0");
    await videos.newestCreateTime("acc_0");
    await videos.accountTotals("acc_0");
    await videos.countByAccount("acc_0");
    await videos.applyMetrics([
      { videoId: "7000000000000000000", views: 9, likes: 9, comments: 9, shares: 9, at: new Date() },
    ]);
    await videos.markRemoved("acc_1", ["7000000000000000001"]);

    const metrics = createMetricsRepo(db);
    await metrics.appendPoints([
      { videoId: "7000000000000000000", accountId: "acc_0", views: 1, likes: 1, comments: 1, shares: 1, at: now },
    ]);
    await metrics.history({ videoId: "7000000000000000000", from: new Date(now.getTime() - 86_400_000), to: now });
    await metrics.accountDailyTotals({ accountId: "acc_0", from: day, to: day });
    await metrics.purgeOlderThan(day);

    const runs = createSyncRunsRepo(db);
    const run = await runs.start({ accountId: "acc_0", kind: "ingestion", trigger: "schedule", startedAt: now });
    await runs.finish(run._id, { outcome: "ok", finishedAt: now });
    await runs.listByAccount({ accountId: "acc_0", limit: 20 });
    await runs.listRecent(20);

    const profiles = createProfileHistoryRepo(db);
    await profiles.record({ accountId: "acc_0", at: now, followerCount: 1 });
    await profiles.history({ accountId: "acc_0", from: new Date(now.getTime() - 86_400_000), to: now, bucket: "day" });
    await profiles.purgeAccount("acc_other");

    const audit = createAuditRepo(db);
    await audit.append({
      actor: { type: "system", id: "plans" },
      action: "test.planned",
      target: { accountId: "acc_0" },
    });
    await audit.query({ limit: 50 });
    await audit.query({ limit: 50, actorId: "plans" });
    await audit.query({ limit: 50, action: "test.planned" });
    await audit.query({ limit: 50, accountId: "acc_0" });
    await audit.query({ limit: 50, userId: "user_0" });
    await audit.query({ limit: 50, from: new Date(now.getTime() - 3_600_000), to: now });

    const states = createOAuthStatesRepo(db);
    await states.consume(hashOAuthState("none"), now);
    const sessions = createConnectSessionsRepo(db);
    const session = await sessions.create({
      userId: "user_0",
      createdAt: now,
      expiresAt: new Date(now.getTime() + 60_000),
    });
    await sessions.markStarted(session._id, now);
    await sessions.complete(session._id, { result: "connected", accountId: "acc_0" }, now);

    expect(seen.length).toBeGreaterThan(40);
    const scans: string[] = [];
    for (const command of seen) {
      for (const statement of explainable(command)) {
        const plan = await db.command({ explain: statement, verbosity: "queryPlanner" });
        if (stages(plan).includes("COLLSCAN")) scans.push(JSON.stringify(statement).slice(0, 300));
      }
    }
    expect(scans, "queries that scan a whole collection").toEqual([]);
  });
});
