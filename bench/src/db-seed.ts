// Seeds a database with N accounts × M videos and their metrics history for the api benchmarks.
//   MONGODB_URI=… tsx bench/src/db-seed.ts [--db NAME] [--accounts N] [--videos M] [--days D]
import { pathToFileURL } from "node:url";
import {
  COLLECTIONS,
  connectDatabase,
  createSyncRunsRepo,
  createVideosRepo,
  type Database,
  ensureMetricsIndexes,
  ensureSyncRunsIndexes,
  ensureVideosIndexes,
  type MetricPoint,
  type MetricsBucket,
  utcDay,
  type VideoUpsert,
} from "@trendpot/db";
import { createRandom } from "@trendpot/tiktok-sandbox";

export interface SeedOptions {
  accounts: number;
  videosPerAccount: number;
  /** Days of history per video, ending at `now` (default 7). */
  days?: number;
  /** Points per video and day (default 4, i.e. every 6 hours). */
  pointsPerDay?: number;
  now?: Date;
  /** Seed of the pseudo-random counts, so two runs produce the same data. */
  seed?: number;
}

export interface SeedResult {
  accountIds: string[];
  videos: number;
  buckets: number;
}

type Db = Database["db"];

const DAY_MS = 86_400_000;
const BATCH = 500;

/**
 * Seeds videos (through the repository, so documents have exactly the shapes the api reads), metrics buckets
 * and one finished ingestion run per account. Account documents are not written: they belong to the accounts
 * repository. Ids are deterministic, so seeding twice is idempotent for videos and refuses duplicate buckets.
 */
export async function seedDatabase(db: Db, options: SeedOptions): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const days = options.days ?? 7;
  const random = createRandom(options.seed ?? 42);
  await ensureVideosIndexes(db);
  await ensureMetricsIndexes(db);
  await ensureSyncRunsIndexes(db);
  const videos = createVideosRepo(db);
  const runs = createSyncRunsRepo(db);
  const accountIds: string[] = [];
  let buckets = 0;
  for (let a = 0; a < options.accounts; a += 1) {
    const accountId = `acc_bench_${a}`;
    accountIds.push(accountId);
    const batch = Array.from({ length: options.videosPerAccount }, (_, v) => benchVideo(accountId, a, v, now, random));
    for (let i = 0; i < batch.length; i += BATCH) await videos.upsertMany(batch.slice(i, i + BATCH), now);
    buckets += await seedHistory(db, batch, { days, pointsPerDay: options.pointsPerDay ?? 4, now });
    const run = await runs.start({ accountId, kind: "ingestion", trigger: "consent", startedAt: now });
    await runs.finish(run._id, { outcome: "ok", finishedAt: now, counts: { videos: batch.length } });
  }
  return { accountIds, videos: options.accounts * options.videosPerAccount, buckets };
}

function benchVideo(accountId: string, a: number, v: number, now: Date, random: () => number): VideoUpsert {
  const id = `7${String(a).padStart(6, "0")}${String(v).padStart(8, "0")}`;
  const views = Math.floor(random() * 1_000_000);
  return {
    id,
    accountId,
    userId: `user_bench_${a}`,
    title: `Bench video ${v}`,
    description: `Seeded for benchmarks (${accountId})`,
    createTime: new Date(now.getTime() - (v + 1) * 3_600_000),
    shareUrl: `https://www.tiktok.com/@bench${a}/video/${id}`,
    durationSec: 15 + (v % 45),
    metrics: {
      views,
      likes: Math.floor(views / 10),
      comments: Math.floor(views / 100),
      shares: Math.floor(views / 500),
      at: now,
    },
  };
}

async function seedHistory(
  db: Db,
  videos: VideoUpsert[],
  input: { days: number; pointsPerDay: number; now: Date },
): Promise<number> {
  const col = db.collection<MetricsBucket>(COLLECTIONS.videoMetrics);
  const docs: MetricsBucket[] = [];
  for (const video of videos) {
    const byDay = new Map<string, MetricPoint[]>();
    for (const point of growthPoints(video.metrics?.views ?? 0, input)) {
      const day = utcDay(point.at);
      byDay.set(day, [...(byDay.get(day) ?? []), point]);
    }
    for (const [day, points] of byDay) {
      const lastAt = points.at(-1)?.at ?? input.now;
      docs.push({
        _id: `${video.id}:${day}`,
        videoId: video.id,
        accountId: video.accountId,
        day,
        points,
        count: points.length,
        lastAt,
        updatedAt: input.now,
      });
    }
  }
  for (let i = 0; i < docs.length; i += BATCH) await col.insertMany(docs.slice(i, i + BATCH), { ordered: false });
  return docs.length;
}

/** Evenly spaced points ending at `now` with the final views, growing linearly from near zero. */
function growthPoints(finalViews: number, input: { days: number; pointsPerDay: number; now: Date }): MetricPoint[] {
  const total = input.days * input.pointsPerDay;
  const step = DAY_MS / input.pointsPerDay;
  return Array.from({ length: total }, (_, k) => {
    const views = Math.floor((finalViews * (k + 1)) / total);
    const at = new Date(input.now.getTime() - (total - 1 - k) * step);
    return {
      at,
      views,
      likes: Math.floor(views / 10),
      comments: Math.floor(views / 100),
      shares: Math.floor(views / 500),
    };
  });
}

function argValue(argv: string[], name: string, fallback: string): string {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? (argv[index + 1] ?? fallback) : fallback;
}

async function main(argv: string[]): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error("MONGODB_URI is required (e.g. from `trendpot-services env`)");
  const dbName = argValue(argv, "db", "trendpot_bench");
  const database = await connectDatabase({ uri, dbName, appName: "trendpot-bench-seed" });
  try {
    const started = Date.now();
    const result = await seedDatabase(database.db, {
      accounts: Number(argValue(argv, "accounts", "10")),
      videosPerAccount: Number(argValue(argv, "videos", "100")),
      days: Number(argValue(argv, "days", "7")),
    });
    console.log(JSON.stringify({ dbName, ...result, accountIds: result.accountIds.length, ms: Date.now() - started }));
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
