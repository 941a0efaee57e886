import { QUEUE_NAMES } from "@trendpot/jobs";
import { createLogger, createTikTokMetrics } from "@trendpot/telemetry";
import { loadConfig } from "../config";
import { startWorker } from "../start";
import { scaledRuntime } from "./scaled-runtime";

// A worker process for the multi-process budget test and the benchmarks: the real worker (deps, processors,
// budget) with the budget window from WORKER_CHILD_WINDOW_MS, so a scaled sandbox minute can be used.
async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const windowMs = Number(process.env.WORKER_CHILD_WINDOW_MS ?? 60_000);
  const logger = createLogger({ name: "worker-child", level: config.LOG_LEVEL });
  const metrics = createTikTokMetrics();
  const worker = await startWorker(config, {
    logger,
    metrics,
    overrides: { runtime: scaledRuntime(config, windowMs, metrics) },
    schedule: false,
    liveness: false,
    queues: [QUEUE_NAMES.ingestion, QUEUE_NAMES.metricsRefresh],
  });
  process.once("SIGTERM", () => {
    void worker.stop().then(() => process.exit(0));
  });
  process.stdout.write("worker-child ready\n");
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
