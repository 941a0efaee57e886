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
    // Writes must survive a primary failover on a replica set; retried writes are idempotent by design here, and a
    // read that meets an election is retried once on the new primary (both are driver defaults, made explicit).
    retryWrites: true,
    retryReads: true,
    // Acknowledged only once a majority has it on disk: a write that only the old primary had is rolled back after
    // a failover, and every collection here (credentials, the audit chain, accounts, videos) would lose data that
    // way. The deadline bounds the wait when too few members are up to form a majority.
    writeConcern: { w: "majority", journal: true, wtimeoutMS: 10_000 },
    // Reads see only majority-committed data, so nothing read can be rolled back under the reader.
    readConcern: { level: "majority" },
  });
  await client.connect();
  const db = client.db(input.dbName);
  return { client, db, close: () => client.close() };
}

/** Cheap liveness probe for readiness checks. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.command({ ping: 1 });
}
