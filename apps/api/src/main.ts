import { ConfigError } from "@trendpot/config";
import { pino } from "pino";
import { buildApp } from "./app";
import { loadConfig } from "./config";
import { createDeps } from "./deps";

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ name: "api", level: config.LOG_LEVEL });
  const resources = await createDeps(config, logger);
  const app = await buildApp(resources);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down: draining in-flight requests");
    await app.close();
    await resources.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  logger.info({ address }, "api listening");
}

main().catch((error: unknown) => {
  // A bad environment is an operator error: print the one clear message, not a stack trace.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
