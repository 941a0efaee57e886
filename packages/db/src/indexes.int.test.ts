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
});
