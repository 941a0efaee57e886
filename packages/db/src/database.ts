import { type Db, MongoClient } from "mongodb";

/**
 * What the connected server can do. The same code runs on MongoDB and on FerretDB v1 (used where no mongod is
 * available): FerretDB v1 has no TTL or partial indexes, no transactions, no change streams, no $lookup, and
 * computes only the first accumulator of a $group. So expiry is always enforced by queries (TTL indexes are an
 * extra where supported), nothing uses transactions, and aggregations use one accumulator per $group stage.
 */
export interface DbCapabilities {
  server: "mongodb" | "ferretdb";
  ttlIndexes: boolean;
}

export interface Database {
  client: MongoClient;
  db: Db;
  capabilities: DbCapabilities;
  close(): Promise<void>;
}

/** Connects, detects capabilities. Nothing connects at import time; the composition root calls this. */
export async function connectDatabase(input: { uri: string; dbName: string; appName?: string }): Promise<Database> {
  const client = new MongoClient(input.uri, {
    appName: input.appName ?? "trendpot",
    serverSelectionTimeoutMS: 10_000,
    // Writes must survive a primary failover on a replica set; retried writes are idempotent by design here.
    retryWrites: true,
  });
  await client.connect();
  const db = client.db(input.dbName);
  const capabilities = await detectCapabilities(db);
  return { client, db, capabilities, close: () => client.close() };
}

export async function detectCapabilities(db: Db): Promise<DbCapabilities> {
  const info = await db.admin().command({ buildInfo: 1 });
  // FerretDB answers buildInfo with its own fields (ferretdbVersion, ferretdbFeatures).
  const isFerret = "ferretdbVersion" in info || "ferretdbFeatures" in info;
  return { server: isFerret ? "ferretdb" : "mongodb", ttlIndexes: !isFerret };
}

/** Cheap liveness probe for readiness checks. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.command({ ping: 1 });
}
