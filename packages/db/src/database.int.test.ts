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

  it("connects to a replica-set member that accepts writes (transactions need one)", async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("db") });
    const hello = await database.db.admin().command({ hello: 1 });
    expect(hello.setName).toEqual(expect.any(String));
    expect(hello.isWritablePrimary).toBe(true);
  });
});
