/**
 * Throughput of the oEmbed sanitizer: payloads sanitized per second for accepted, rejected and mixed workloads.
 * Run from the repository root: `node --import tsx bench/src/sanitizer.ts [runs] [secondsPerRun]`.
 */
import { sanitizeOEmbed, sanitizePlainText, sanitizeProfile } from "@trendpot/oembed-sanitizer";
import { GENUINE_CORPUS, generatePayloads, HOSTILE_CORPUS } from "@trendpot/oembed-sanitizer/corpus";
import { type Row, report } from "./report-support";

const RUNS = Number(process.argv[2] ?? 7);
const SECONDS_PER_RUN = Number(process.argv[3] ?? 1);
const WARM_UP_SECONDS = 2;

interface Workload {
  name: string;
  items: readonly unknown[];
  run: (item: unknown) => unknown;
  /** How many of the items the sanitizer must accept; checked once so the benchmark measures the right path. */
  expectAccepted: (accepted: number, total: number) => boolean;
}

const generated = generatePayloads(20_260_101, 2_000);
const benign = generated.filter((entry) => !entry.hostile).map((entry) => entry.payload);
const plantedAttacks = generated.filter((entry) => entry.hostile).map((entry) => entry.payload);
const genuine = GENUINE_CORPUS.map((entry) => entry.payload);
const hostile = HOSTILE_CORPUS.map((entry) => entry.payload);
// Roughly what ingestion sees: almost every embed genuine, a few hostile.
const mixed = [...genuine, ...benign.slice(0, 900), ...hostile.slice(0, 100)];

const oembed = (item: unknown) => sanitizeOEmbed(item).ok;
const workloads: Workload[] = [
  { name: "accepted: genuine corpus", items: genuine, run: oembed, expectAccepted: (a, t) => a === t },
  { name: "accepted: generated benign", items: benign, run: oembed, expectAccepted: (a, t) => a === t },
  { name: "rejected: hostile corpus", items: hostile, run: oembed, expectAccepted: (a) => a === 0 },
  { name: "rejected: generated attacks", items: plantedAttacks, run: oembed, expectAccepted: (a) => a === 0 },
  { name: "mixed: ~90% accepted", items: mixed, run: oembed, expectAccepted: (a, t) => a > t * 0.85 },
  {
    name: "profile (display name, bio, avatars)",
    items: benign.map((payload) => ({
      display_name: `<b>${String(payload.author_name)}</b>`,
      bio_description: String(payload.title),
      avatar_url: payload.thumbnail_url,
    })),
    run: (item) => sanitizeProfile(item),
    expectAccepted: () => true,
  },
  {
    name: "plain text (title)",
    items: benign.map((payload) => payload.title),
    run: (item) => sanitizePlainText(item, { maxLength: 4_000 }),
    expectAccepted: () => true,
  },
];

function runFor(workload: Workload, seconds: number): number {
  const deadline = performance.now() + seconds * 1_000;
  const started = performance.now();
  let count = 0;
  while (performance.now() < deadline) {
    for (const item of workload.items) workload.run(item);
    count += workload.items.length;
  }
  return count / ((performance.now() - started) / 1_000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const format = (value: number) => Math.round(value).toLocaleString("en-US").padStart(10);

console.log(`oembed-sanitizer benchmark: node ${process.version}, ${RUNS} runs × ${SECONDS_PER_RUN}s, median`);
const rows: Row[] = [];
const spread: Record<string, { items: number; min: number; max: number }> = {};
for (const workload of workloads) {
  const accepted = workload.items.filter((item) => workload.run(item) !== false).length;
  if (!workload.expectAccepted(accepted, workload.items.length)) {
    throw new Error(
      `${workload.name}: ${accepted}/${workload.items.length} accepted, not the workload it claims to be`,
    );
  }
  runFor(workload, WARM_UP_SECONDS);
  const rates = Array.from({ length: RUNS }, () => runFor(workload, SECONDS_PER_RUN));
  console.log(
    `${workload.name.padEnd(38)} ${format(median(rates))} /s  (min ${format(Math.min(...rates))}, max ${format(Math.max(...rates))}, n=${workload.items.length})`,
  );
  rows.push({ metric: `${workload.name} (median)`, unit: "payloads/s", measured: median(rates) });
  spread[workload.name] = { items: workload.items.length, min: Math.min(...rates), max: Math.max(...rates) };
}
report("sanitizer", rows, {
  settings: { runs: RUNS, secondsPerRun: SECONDS_PER_RUN, warmUpSeconds: WARM_UP_SECONDS, node: process.version },
  workloads: spread,
});
