import { ConfigError } from "@trendpot/config";
import { createLogger, startTelemetry, telemetryOptionsFromConfig } from "@trendpot/telemetry";
import { loadConfig } from "./config";

async function main(): Promise<void> {
  const config = loadConfig();
  // Telemetry starts before the server module (fastify, mongodb, ioredis) is loaded, so those get instrumented.
  // The version /health reports (APP_VERSION or the package's), so traces and metrics name the same release.
  const telemetry = await startTelemetry(
    telemetryOptionsFromConfig(config, { name: "trendpot-api", version: config.version }),
  );
  const logger = createLogger({ name: "api", level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const { startServer } = await import("./server");
  const server = await startServer(config, logger);
  logger.info({ address: server.address, prometheusUrl: telemetry.prometheusUrl }, "api listening");
  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down: draining in-flight requests");
    await server.close();
    await telemetry.shutdown();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  // A bad environment is an operator error: print the one clear message, not a stack trace.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
