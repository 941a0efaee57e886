import { type Db, MongoClient } from "mongodb";

export interface Database {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

/** Connects. Nothing connects at import time; the composition root calls this. */
export async function connectDatabase(input: { uri: string; dbName: string; appName?: string }): Promise<Database> {
  const client = new MongoClient(input.uri, {
    appName: input.appName ?? "trendpot",
    serverSelectionTimeoutMS: 10_000,
    // Writes must survive a primary failover on a replica set; retried writes are idempotent by design here.
    retryWrites: true,
  });
  await client.connect();
  const db = client.db(input.dbName);
  return { client, db, close: () => client.close() };
}

/** Cheap liveness probe for readiness checks. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.command({ ping: 1 });
}
