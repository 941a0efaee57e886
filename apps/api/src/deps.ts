import { connectDatabase, type Database, pingDatabase } from "@trendpot/db";
import type { FastifyBaseLogger } from "fastify";
import { Redis } from "ioredis";
import type { ApiConfig } from "./config";

/** A named dependency probe for /ready. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** Everything the HTTP app needs, built once by the composition root and handed to buildApp. */
export interface ApiDeps {
  config: ApiConfig;
  logger: FastifyBaseLogger;
  checks: ReadinessCheck[];
}

export interface ApiResources extends ApiDeps {
  database: Database;
  redis: Redis;
  close(): Promise<void>;
}

/** The composition root: connects to MongoDB and Redis and wires the rest from config. */
export async function createDeps(config: ApiConfig, logger: FastifyBaseLogger): Promise<ApiResources> {
  const database = await connectDatabase({
    uri: config.MONGODB_URI,
    dbName: config.MONGODB_DB,
    appName: "trendpot-api",
  });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
  const checks: ReadinessCheck[] = [
    { name: "mongodb", check: () => pingDatabase(database.db) },
    { name: "redis", check: async () => void (await redis.ping()) },
  ];
  return {
    config,
    logger,
    checks,
    database,
    redis,
    close: async () => {
      redis.disconnect();
      await database.close();
    },
  };
}
