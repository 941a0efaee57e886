// Capacity: how the metrics planner's cycle and the videos page grow with the number of stored videos. Seeds
// N videos (20 per account, so 1,000,000 videos are 50,000 accounts) with bulk inserts of the repository's
// document shape into a fresh database of the real mongod, then measures, per size:
//   - one planner cycle's reads and planning, as the worker's planMetricsRefresh does them (every account's
//     refresh targets, all accounts at once, then planRefreshBatches): wall time and the heap it grows;
//   - the videos page (`listByAccount`, 50 per page, newest first: the api's read path without HTTP): p50/p99.
//   node --import tsx packages/dev-services/src/cli.ts run -- node --import tsx bench/src/capacity.ts --sizes 10000,100000,1000000
import { parseArgs } from "node:util";
import { COLLECTIONS, connectDatabase, createVideosRepo, ensureVideosIndexes, type VideoDocument } from "@trendpot/db";
import { DEFAULT_REFRESH_CADENCE, planRefreshBatches } from "@trendpot/jobs";
import { type Row, report } from "./report-support";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000" },
    "per-account": { type: "string", default: "20" },
    pages: { type: "string", default: "500" },
  },
});
const SIZES = String(values.sizes).split(",").map(Number);
const PER_ACCOUNT = Number(values["per-account"]);
const PAGES = Number(values.pages);
const uri = process.env.MONGODB_URI;
if (!uri) throw new Error("MONGODB_URI is not set: run through `packages/dev-services/src/cli.ts run --`");

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const mb = (bytes: number) => bytes / 1_048_576;

interface Measured {
  size: number;
  accounts: number;
  seedSec: number;
  cycle: { ms: number; heapMb: number; batches: number };
  pageP50Ms: number;
  pageP99Ms: number;
  rssMb: number;
}

async function measure(size: number): Promise<Measured> {
  const dbName = `bench_capacity_${size}_${Date.now().toString(36)}`;
  const database = await connectDatabase({ uri: uri ?? "", dbName, appName: "bench-capacity" });
  try {
    const { db } = database;
    await ensureVideosIndexes(db);
    const accounts = Math.ceil(size / PER_ACCOUNT);
    const now = new Date();
    const seedStarted = performance.now();
    let batch: VideoDocument[] = [];
    for (let i = 0; i < size; i += 1) {
      const a = i % accounts;
      const v = Math.floor(i / accounts);
      const id = `7${String(a).padStart(7, "0")}${String(v).padStart(8, "0")}`;
      const views = (a * 7919 + v * 104_729) % 1_000_000;
      // Ages spread over 90 days, so every cadence tier of the planner has videos in it.
      const createTime = new Date(now.getTime() - ((i * 7_919) % (90 * 86_400)) * 1_000);
      batch.push({
        _id: id,
        accountId: `acc_cap_${a}`,
        userId: `user_cap_${a}`,
        title: `Capacity video ${v}`,
        description: "Seeded for the capacity benchmark",
        createTime,
        shareUrl: `https://www.tiktok.com/@cap${a}/video/${id}`,
        metrics: { views, likes: Math.floor(views / 10), comments: Math.floor(views / 100), shares: 0, at: now },
        lastRefreshedAt: new Date(now.getTime() - (i % 7_200) * 1_000),
        firstSeenAt: now,
        updatedAt: now,
      });
      if (batch.length === 10_000) {
        await db.collection<VideoDocument>(COLLECTIONS.videos).insertMany(batch, { ordered: false });
        batch = [];
      }
    }
    if (batch.length > 0) await db.collection<VideoDocument>(COLLECTIONS.videos).insertMany(batch, { ordered: false });
    const seedSec = (performance.now() - seedStarted) / 1000;
    const videos = createVideosRepo(db);
    const ids = Array.from({ length: accounts }, (_, a) => `acc_cap_${a}`);

    const cycles: { ms: number; heapMb: number; batches: number }[] = [];
    for (let run = 0; run < 3; run += 1) {
      globalThis.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      let peak = heapBefore;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }, 20);
      const started = performance.now();
      const planned = await Promise.all(
        ids.map(async (accountId) => ({ accountId, videos: await videos.listForRefresh(accountId) })),
      );
      const plan = planRefreshBatches({
        accounts: planned,
        now: new Date(),
        callsAvailable: 1_350,
        batchSize: 20,
        cadence: DEFAULT_REFRESH_CADENCE,
      });
      const ms = performance.now() - started;
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      clearInterval(sampler);
      cycles.push({ ms, heapMb: (peak - heapBefore) / 1_048_576, batches: plan.batches.length });
    }
    const pageTimes: number[] = [];
    for (let i = 0; i < PAGES; i += 1) {
      const accountId = ids[(i * 7_919) % ids.length] ?? "acc_cap_0";
      const started = performance.now();
      await videos.listByAccount({ accountId, sort: "createTime", order: "desc", limit: 50 });
      pageTimes.push(performance.now() - started);
    }
    pageTimes.sort((x, y) => x - y);
    const cycle = [...cycles].sort((x, y) => x.ms - y.ms)[1] ?? cycles[0] ?? { ms: Number.NaN, heapMb: 0, batches: 0 };
    return {
      size,
      accounts,
      seedSec,
      cycle,
      pageP50Ms: percentile(pageTimes, 0.5),
      pageP99Ms: percentile(pageTimes, 0.99),
      rssMb: mb(process.memoryUsage().rss),
    };
  } finally {
    await database.db.dropDatabase().catch(() => undefined);
    await database.close();
  }
}

const rows: Row[] = [];
const measured: Measured[] = [];
for (const size of SIZES) {
  // A large size seeds and plans for minutes: say which one is running.
  const accounts = Math.ceil(size / PER_ACCOUNT).toLocaleString("en");
  console.log(`capacity: ${size.toLocaleString("en")} videos in ${accounts} accounts…`);
  const m = await measure(size);
  measured.push(m);
  const label = `${size.toLocaleString("en")} videos`;
  rows.push(
    { metric: `${label}: seed (bulk inserts)`, unit: "s", measured: m.seedSec },
    { metric: `${label}: planner cycle (median of 3)`, unit: "s", measured: m.cycle.ms / 1000 },
    { metric: `${label}: planner heap growth`, unit: "MB", measured: m.cycle.heapMb },
    { metric: `${label}: videos page p50 (${PAGES} pages)`, unit: "ms", measured: m.pageP50Ms },
    { metric: `${label}: videos page p99 (${PAGES} pages)`, unit: "ms", measured: m.pageP99Ms },
    { metric: `${label}: process RSS`, unit: "MB", measured: m.rssMb },
  );
}
report("capacity", rows, {
  settings: { sizes: SIZES, perAccount: PER_ACCOUNT, pages: PAGES, gcExposed: typeof globalThis.gc === "function" },
  sizes: measured.map((m) => ({ videos: m.size, accounts: m.accounts, plannerBatches: m.cycle.batches })),
});
