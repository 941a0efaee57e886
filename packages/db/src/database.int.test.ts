import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { afterAll, describe, expect, it } from "vitest";
import { connectDatabase, type Database } from "./index";

const services = testServices();

describe("connectDatabase", () => {
  let database: Database | undefined;
  afterAll(async () => {
    await database?.db.dropDatabase();
    await database?.close();
  });

  it("connects and detects the server it runs on", async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("db") });
    const expected = services.mongo.kind === "ferretdb" ? "ferretdb" : "mongodb";
    expect(database.capabilities.server).toBe(expected);
    expect(database.capabilities.ttlIndexes).toBe(expected === "mongodb");
  });
});
