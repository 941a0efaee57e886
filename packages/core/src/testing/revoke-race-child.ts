// One of the two processes of the revoke-versus-refresh race test (src/revoke-race.int.test.ts).
//   revoker: revokes every account, in `_id` order, four at a time, as the api and the webhook job do
//   worker:  until told to stop on stdin, refreshes tokens (a real rotation at the sandbox every time) and stores
//            ingestion pages (token → TikTok's video list → the page write) on the accounts about to be revoked
// It prints one JSON line: what it did, with the time window of each operation.
import { createInterface } from "node:readline";
import { type Credentials, createCredentials } from "@trendpot/credentials";
import { connectDatabase, createAuditRepo, createAuditWriter, createMetricsRepo, createVideosRepo } from "@trendpot/db";
import { createEventPublisher } from "@trendpot/jobs";
import { createTikTokClient } from "@trendpot/tiktok-display";
import { sandboxClientOptions } from "@trendpot/tiktok-sandbox";
import { Redis } from "ioredis";
import { z } from "zod";
import { revokeAccount } from "../revoke-account";
import { createKmsFromConfig, createTokenCipherFromConfig } from "../token-cipher-factory";

const InputSchema = z.object({
  role: z.enum(["revoker", "worker"]),
  mongoUri: z.string(),
  dbName: z.string(),
  redisUrl: z.string(),
  stream: z.string(),
  kms: z.object({
    endpoint: z.string().optional(),
    region: z.string(),
    keyAlias: z.string(),
    credentials: z.object({ accessKeyId: z.string(), secretAccessKey: z.string() }).optional(),
  }),
  tiktok: z.object({ url: z.string(), clientKey: z.string(), clientSecret: z.string() }),
  accountIds: z.array(z.string()),
});
type Input = z.infer<typeof InputSchema>;

export interface OpRecord {
  kind: "revoke" | "refresh" | "page";
  accountId: string;
  start: number;
  end: number;
  outcome: string;
}

const input = InputSchema.parse(JSON.parse(process.argv[2] ?? "{}"));

async function main(run: Input): Promise<OpRecord[]> {
  const database = await connectDatabase({ uri: run.mongoUri, dbName: run.dbName, appName: run.role });
  const redis = new Redis(run.redisUrl, { maxRetriesPerRequest: 1 });
  const tiktok = createTikTokClient(sandboxClientOptions(run.tiktok));
  const cipher = createTokenCipherFromConfig({
    config: {
      TIKTOK_TOKEN_ENC_KEY_ID: run.kms.keyAlias,
      TIKTOK_TOKEN_PREVIOUS_KEY_IDS: [],
      AWS_REGION: run.kms.region,
      KMS_ENDPOINT: run.kms.endpoint,
      TOKEN_DATA_KEY_CACHE_TTL_MS: 60_000,
      TOKEN_DATA_KEY_CACHE_MAX_USES: 1_000,
    },
    kms: createKmsFromConfig({ AWS_REGION: run.kms.region, KMS_ENDPOINT: run.kms.endpoint }, run.kms.credentials),
  });
  const audit = createAuditWriter(createAuditRepo(database.db));
  const events = createEventPublisher(redis, { stream: run.stream });
  const credentials = createCredentials({ db: database.db, cipher, tiktok, audit, events });
  try {
    return run.role === "revoker"
      ? await revokeAll(run, credentials, { database, audit, events })
      : await workUntilStopped(credentials, { database });
  } finally {
    redis.disconnect();
    await database.close();
  }
}

type Database = Awaited<ReturnType<typeof connectDatabase>>;

async function revokeAll(
  run: Input,
  credentials: Credentials,
  deps: {
    database: Database;
    audit: ReturnType<typeof createAuditWriter>;
    events: ReturnType<typeof createEventPublisher>;
  },
): Promise<OpRecord[]> {
  const ops: OpRecord[] = [];
  const queue = [...run.accountIds].sort();
  const revokeDeps = {
    accounts: credentials.accounts,
    videos: createVideosRepo(deps.database.db),
    metrics: createMetricsRepo(deps.database.db),
    credentials,
    queues: [],
    events: deps.events,
    audit: deps.audit,
  };
  const lane = async () => {
    for (let accountId = queue.shift(); accountId !== undefined; accountId = queue.shift()) {
      const start = Date.now();
      const result = await revokeAccount(revokeDeps, {
        accountId,
        actor: { type: "api_key", id: "race" },
        reason: "race test",
        requestId: `race_${accountId}`,
        revokeAtTikTok: true,
      });
      ops.push({
        kind: "revoke",
        accountId,
        start,
        end: Date.now(),
        outcome: result ? result.tiktokRevoke : "missing",
      });
    }
  };
  await Promise.all(Array.from({ length: 4 }, lane));
  return ops;
}

async function workUntilStopped(credentials: Credentials, deps: { database: Database }) {
  const ops: OpRecord[] = [];
  const videos = createVideosRepo(deps.database.db);
  let stopped = false;
  createInterface({ input: process.stdin }).on("line", (line) => {
    if (line.trim() === "stop") stopped = true;
  });
  let counter = 0;
  const lane = async (laneId: number) => {
    while (!stopped) {
      // The accounts next in line to be revoked: where a refresh or a page can collide with a revocation.
      const next = await credentials.accounts.list({ status: "active", limit: 8 });
      const account = next.items[(counter++ * 7 + laneId) % Math.max(next.items.length, 1)];
      if (!account) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      const kind = counter % 2 === 0 ? "refresh" : "page";
      const start = Date.now();
      const context = { requestId: `race_${kind}_${counter}`, operation: `race.${kind}` };
      let outcome = "ok";
      try {
        if (kind === "refresh") {
          await credentials.refreshNow(account._id, context);
        } else {
          const page = await credentials.withDisplay(account._id, context, (display) =>
            display.listVideos({ maxCount: 20, fields: ["id", "create_time", "share_url", "title"] }),
          );
          const at = new Date();
          const written = await videos.upsertForActiveAccount(
            account._id,
            page.videos.map((video) => ({
              id: video.id,
              accountId: account._id,
              userId: account.userId,
              title: video.title ?? "",
              description: "",
              createTime: video.createTime,
              shareUrl: video.shareUrl ?? "",
            })),
            at,
          );
          outcome = written.stored ? "ok" : "not_active";
        }
      } catch (error) {
        outcome = (error as { code?: string }).code ?? (error as Error).name;
      }
      ops.push({ kind, accountId: account._id, start, end: Date.now(), outcome });
    }
  };
  await Promise.all(Array.from({ length: 6 }, (_, i) => lane(i)));
  return ops;
}

main(input).then(
  (ops) => {
    // A pipe is written asynchronously: exit only once the whole report has been handed to it.
    process.stdout.write(`${JSON.stringify({ role: input.role, ops })}\n`, () => process.exit(0));
  },
  (error: unknown) => {
    process.stderr.write(`${input.role} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
