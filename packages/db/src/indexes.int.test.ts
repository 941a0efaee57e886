import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { MongoServerError } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTIONS, connectDatabase, type Database, ensureIndexes } from "./index";

const services = testServices();

// Regression: the api wrote audit entries before any process had created the audit indexes, so two processes
// appended the same seq and the chain broke. Every process now creates all indexes at boot.
describe("ensureIndexes", () => {
  let database: Database;
  beforeAll(async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("indexes") });
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it("creates the unique indexes the correctness guarantees rely on, and is idempotent", async () => {
    await ensureIndexes(database.db);
    await ensureIndexes(database.db);
    const audit = database.db.collection(COLLECTIONS.auditLogs);
    await audit.insertOne({ _id: "aud_a" as never, seq: 1 });
    const duplicate = await audit.insertOne({ _id: "aud_b" as never, seq: 1 }).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(MongoServerError);
    expect((duplicate as MongoServerError).code).toBe(11000);
    const accounts = database.db.collection(COLLECTIONS.tiktokAccounts);
    const accountIndexes = await accounts.indexes();
    expect(accountIndexes.some((index) => index.unique === true && "openId" in index.key)).toBe(true);
  });

  it("upgrades the indexes an earlier version left (no TTL, other names) by booting, and keeps their data", async () => {
    const older = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("indexes_old") });
    try {
      const { db } = older;
      await db.collection(COLLECTIONS.oauthStates).createIndex({ expiresAt: 1 }, { name: "expiresAt" });
      await db.collection(COLLECTIONS.connectSessions).createIndex({ expiresAt: 1 }, { name: "expiresAt" });
      await db.collection(COLLECTIONS.webhookDeliveries).createIndex({ receivedAt: 1 }, { name: "receivedAt" });
      await db.collection(COLLECTIONS.webhookDeliveries).insertOne({ _id: "kept" as never, receivedAt: new Date() });
      await ensureIndexes(db);
      await ensureIndexes(db);
      const ttl = async (collection: string) =>
        (await db.collection(collection).indexes()).filter((index) => index.expireAfterSeconds !== undefined);
      expect((await ttl(COLLECTIONS.oauthStates)).map((index) => index.name)).toEqual(["expiresAt_ttl"]);
      expect((await ttl(COLLECTIONS.connectSessions)).map((index) => index.name)).toEqual(["expiresAt_ttl"]);
      expect((await ttl(COLLECTIONS.webhookDeliveries)).map((index) => index.name)).toEqual(["receivedAt_ttl"]);
      expect(await db.collection(COLLECTIONS.webhookDeliveries).countDocuments()).toBe(1);
    } finally {
      await older.db.dropDatabase();
      await older.close();
    }
  });

  it("refuses to replace a unique index that conflicts, rather than suspend its guarantee", async () => {
    const older = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("indexes_unique") });
    try {
      await older.db
        .collection(COLLECTIONS.auditLogs)
        .createIndex({ seq: 1 }, { name: "seq_unique", unique: true, sparse: true });
      const failure = await ensureIndexes(older.db).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MongoServerError);
      const seq = (await older.db.collection(COLLECTIONS.auditLogs).indexes()).find(
        (index) => index.name === "seq_unique",
      );
      expect(seq).toMatchObject({ unique: true, sparse: true });
    } finally {
      await older.db.dropDatabase();
      await older.close();
    }
  });
});
