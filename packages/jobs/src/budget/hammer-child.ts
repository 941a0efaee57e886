// A stand-alone process for the multi-process test: hammers a shared budget and prints what it was granted.
// Input: a JSON argument. Output: one JSON line { stamps, maxHolding } on stdout.
import { Redis } from "ioredis";
import { createTikTokBudget } from "./budget";

interface HammerInput {
  url: string;
  keyPrefix: string;
  perMinute: number;
  perDay: number;
  maxInFlight: number;
  windowMs: number;
  calls: number;
  concurrency: number;
  holdMs: number;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? "{}") as HammerInput;
  const redis = new Redis(input.url);
  const subscriber = redis.duplicate();
  const budget = createTikTokBudget({ redis, subscriber, ...input, reserve: { token: 0, ingestion: 0 } });
  // An observer independent of the budget: incremented after a grant, decremented before the release.
  const holdersKey = `${input.keyPrefix}:holders`;
  const stamps: number[] = [];
  let maxHolding = 0;
  let next = 0;
  const worker = async () => {
    while (next < input.calls) {
      next += 1;
      const lease = await budget.acquire({ priority: "metrics" });
      stamps.push(lease.acquiredAt);
      maxHolding = Math.max(maxHolding, await redis.incr(holdersKey));
      await new Promise((resolve) => setTimeout(resolve, input.holdMs));
      await redis.decr(holdersKey);
      await lease.release();
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, worker));
  await Promise.all([redis.quit(), subscriber.quit()]);
  process.stdout.write(`${JSON.stringify({ stamps, maxHolding })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
