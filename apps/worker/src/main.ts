import { ConfigError } from "@trendpot/config";
import { connectDatabase } from "@trendpot/db";
import { Redis } from "ioredis";
import { pino } from "pino";
import { loadConfig } from "./config";

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ name: "worker", level: config.LOG_LEVEL });
  const database = await connectDatabase({
    uri: config.MONGODB_URI,
    dbName: config.MONGODB_DB,
    appName: "trendpot-worker",
  });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  logger.info({ mongo: database.capabilities.server }, "worker started");
  const shutdown = async (signal: string) => {
    logger.info({ signal }, "worker shutting down");
    redis.disconnect();
    await database.close();
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
