// Token cipher benchmark: KMS calls per 1,000 decrypts and decrypts/s, with and without the data-key cache.
// Run from the repository root (starts MongoDB, Redis and the KMS emulator, then this script):
//   node --import tsx packages/dev-services/src/cli.ts run -- node --import tsx bench/src/token-cipher.ts
import { performance } from "node:perf_hooks";
import { createKmsClient, createKmsDataKeyProvider, type StoredToken, TikTokTokenCipher } from "@trendpot/token-cipher";
import { type Row, report } from "./report-support";

const DECRYPTS = 1_000;
const RUNS = 5;
// The writer rotates its data key every 100 messages, so the 1,000 ciphertexts span 10 data keys, as tokens
// written over time by several processes would.
const MESSAGES_PER_DATA_KEY = 100;

interface RunResult {
  kmsCalls: number;
  perSecond: number;
}

function env(name: string): string | undefined {
  const value = process.env[name];
  return value && value.trim() !== "" ? value : undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function decryptAll(cipher: TikTokTokenCipher, stored: StoredToken[]): Promise<RunResult> {
  const before = cipher.stats().kmsCalls;
  const started = performance.now();
  for (let i = 0; i < stored.length; i += 1) {
    await cipher.decrypt(stored[i], {
      accountId: `acc_bench${i}`,
      kind: "access",
      requestId: `bench_${i}`,
      operation: "bench",
    });
  }
  const seconds = (performance.now() - started) / 1000;
  return { kmsCalls: cipher.stats().kmsCalls - before, perSecond: stored.length / seconds };
}

async function main(): Promise<void> {
  const keyId = env("TIKTOK_TOKEN_ENC_KEY_ID") ?? "alias/trendpot/tiktok-display-oauth";
  const accessKeyId = env("AWS_ACCESS_KEY_ID");
  const secretAccessKey = env("AWS_SECRET_ACCESS_KEY");
  const kms = createKmsClient({
    region: env("AWS_REGION") ?? "us-east-1",
    endpoint: env("KMS_ENDPOINT"),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  });
  const provider = createKmsDataKeyProvider(kms);
  const writer = new TikTokTokenCipher({
    provider,
    currentKeyId: keyId,
    cache: { maxUsesPerKey: MESSAGES_PER_DATA_KEY },
  });
  const stored: StoredToken[] = [];
  for (let i = 0; i < DECRYPTS; i += 1) {
    stored.push(
      await writer.encrypt(`act.bench-token-${i}-${"x".repeat(60)}`, { accountId: `acc_bench${i}`, kind: "access" }),
    );
  }
  const cold: RunResult[] = [];
  const warm: RunResult[] = [];
  const none: RunResult[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const cached = new TikTokTokenCipher({ provider, currentKeyId: keyId });
    cold.push(await decryptAll(cached, stored));
    warm.push(await decryptAll(cached, stored));
    none.push(await decryptAll(new TikTokTokenCipher({ provider, currentKeyId: keyId, cache: false }), stored));
  }
  kms.destroy();
  console.log(
    `token-cipher: ${DECRYPTS} decrypts × ${RUNS} runs, ${DECRYPTS / MESSAGES_PER_DATA_KEY} data keys, key ${keyId}`,
  );
  const scenarios = [
    { name: "cache, cold (new cipher)", results: cold },
    { name: "cache, warm (steady state)", results: warm },
    { name: "no cache", results: none },
  ];
  const rows: Row[] = scenarios.flatMap(({ name, results }) => [
    {
      metric: `${name}: KMS calls per 1,000 decrypts (median)`,
      unit: "calls",
      measured: median(results.map((r) => (r.kmsCalls * 1000) / DECRYPTS)),
    },
    {
      metric: `${name}: decrypts per second (median)`,
      unit: "decrypts/s",
      measured: median(results.map((r) => r.perSecond)),
    },
  ]);
  report("token-cipher", rows, {
    settings: { decrypts: DECRYPTS, runs: RUNS, messagesPerDataKey: MESSAGES_PER_DATA_KEY, keyId },
    decryptsPerSecondByRun: Object.fromEntries(
      scenarios.map(({ name, results }) => [name, results.map((r) => Math.round(r.perSecond))]),
    ),
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
