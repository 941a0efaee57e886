import { metrics } from "@opentelemetry/api";
import { ConfigError } from "@trendpot/config";
import { QUEUE_NAMES } from "@trendpot/jobs";
import {
  createLogger,
  createTikTokMetrics,
  registerGauges,
  startTelemetry,
  telemetryOptionsFromConfig,
} from "@trendpot/telemetry";
import { loadConfig } from "./config";

async function main(): Promise<void> {
  const config = loadConfig();
  // Telemetry first: the http, mongodb and ioredis instrumentations only patch modules loaded after it.
  const telemetry = await startTelemetry(
    telemetryOptionsFromConfig(config, { name: "trendpot-worker", version: config.SERVICE_VERSION }),
  );
  const logger = createLogger({ name: "worker", level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const tiktokMetrics = createTikTokMetrics(undefined, { queues: Object.values(QUEUE_NAMES) });
  const { startWorker } = await import("./start");
  const worker = await startWorker(config, { logger, metrics: tiktokMetrics });
  const gauges = registerGauges(metrics.getMeter("trendpot-worker"), worker.gaugeSources, { logger });
  logger.info({ livenessUrl: worker.livenessUrl, prometheusUrl: telemetry.prometheusUrl }, "worker started");
  const shutdown = async (signal: string) => {
    logger.info({ signal }, "worker shutting down");
    gauges.unregister();
    await worker.stop();
    await telemetry.shutdown();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
