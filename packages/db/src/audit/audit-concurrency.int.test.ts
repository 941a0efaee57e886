import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTIONS } from "../collections";
import { connectDatabase, type Database } from "../database";
import { createAuditRepo, ensureAuditIndexes } from "./audit-repo";

const services = testServices();
const WRITERS = 20;

describe("audit log under concurrent appends", () => {
  const dbName = uniqueName("audit_race");
  const databases: Database[] = [];

  beforeAll(async () => {
    // One MongoClient per writer: like separate processes, they share nothing but the server.
    for (let i = 0; i < WRITERS; i += 1) databases.push(await connectDatabase({ uri: services.mongo.uri, dbName }));
    await ensureAuditIndexes(databases[0]?.db ?? expect.unreachable());
  });
  afterAll(async () => {
    await databases[0]?.db.dropDatabase();
    await Promise.all(databases.map((database) => database.close()));
  });

  it("keeps the chain valid and gap-free when 20 clients append at once", async () => {
    const stored = await Promise.all(
      databases.map((database, i) =>
        createAuditRepo(database.db).append({ actor: { type: "system", id: `writer-${i}` }, action: "test.appended" }),
      ),
    );
    expect(stored.map((entry) => entry.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: WRITERS }, (_, i) => i + 1),
    );
    const first = databases[0];
    if (!first) throw new Error("no database");
    const all = await first.db.collection(COLLECTIONS.auditLogs).find({}).sort({ seq: 1 }).toArray();
    expect(all.map((doc) => doc.actor.id).sort()).toEqual(
      Array.from({ length: WRITERS }, (_, i) => `writer-${i}`).sort(),
    );
    expect(await createAuditRepo(first.db).verify()).toEqual({ ok: true, checked: WRITERS, lastSeq: WRITERS });
  });
});
