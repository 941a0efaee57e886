import { createHash } from "node:crypto";
import { DecryptCommand, GenerateDataKeyCommand, InvalidCiphertextException, KMSClient } from "@aws-sdk/client-kms";
import { Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import { MongoClient, MongoServerError } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testServices, uniqueName } from "./testing";

const services = testServices();

describe("MongoDB (real server through the official driver)", () => {
  const client = new MongoClient(services.mongo.uri);
  const db = client.db(uniqueName("devsvc"));
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it("is a genuine mongod running as a replica set", async () => {
    expect(["external", "mongodb-memory-server"]).toContain(services.mongo.kind);
    const info = await client.db("admin").command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info).not.toHaveProperty("ferretdbVersion");
    const hello = await client.db("admin").command({ hello: 1 });
    expect(hello.setName).toEqual(expect.any(String));
    expect(hello.isWritablePrimary).toBe(true);
  });

  it("commits a transaction across two collections, and aborts one without a trace", async () => {
    const a = db.collection<{ _id: string; n: number }>("tx_a");
    const b = db.collection<{ _id: string; n: number }>("tx_b");
    await Promise.all([a.insertOne({ _id: "seed", n: 0 }), b.insertOne({ _id: "seed", n: 0 })]);
    await client.withSession((session) =>
      session.withTransaction(async () => {
        await a.insertOne({ _id: "x", n: 1 }, { session });
        await b.insertOne({ _id: "x", n: 1 }, { session });
      }),
    );
    const aborted = await client
      .withSession((session) =>
        session.withTransaction(async () => {
          await a.insertOne({ _id: "y", n: 2 }, { session });
          throw new Error("abort");
        }),
      )
      .catch((error: unknown) => error);
    expect((aborted as Error).message).toBe("abort");
    expect(await a.countDocuments({ _id: { $in: ["x", "y"] } })).toBe(1);
    expect(await b.countDocuments({ _id: "x" })).toBe(1);
  });

  it("builds TTL and partial indexes", async () => {
    const expiring = db.collection<{ expiresAt: Date; status?: string }>("expiring");
    await expiring.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await expiring.createIndex({ status: 1 }, { unique: true, partialFilterExpression: { status: { $eq: "active" } } });
    await expiring.insertOne({ expiresAt: new Date(), status: "active" });
    await expiring.insertOne({ expiresAt: new Date(), status: "gone" });
    await expiring.insertOne({ expiresAt: new Date(), status: "gone" });
    const failure = await expiring.insertOne({ expiresAt: new Date(), status: "active" }).catch((e: unknown) => e);
    expect((failure as MongoServerError).code).toBe(11000);
    const indexes = await expiring.indexes();
    expect(indexes.find((index) => index.name === "expiresAt_1")?.expireAfterSeconds).toBe(0);
  });

  it("enforces a unique index with the duplicate-key error", async () => {
    const users = db.collection<{ openId: string }>("users");
    await users.createIndex({ openId: 1 }, { unique: true });
    await users.insertOne({ openId: "open-1" });
    const failure = await users.insertOne({ openId: "open-1" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MongoServerError);
    expect((failure as MongoServerError).code).toBe(11000);
    expect(await users.countDocuments()).toBe(1);
  });

  it("upserts with $setOnInsert and $inc atomically", async () => {
    const counters = db.collection<{ _id: string; createdBy: string; count: number }>("counters");
    const first = await counters.findOneAndUpdate(
      { _id: "video-1" },
      { $setOnInsert: { createdBy: "first" }, $inc: { count: 1 } },
      { upsert: true, returnDocument: "after" },
    );
    const second = await counters.findOneAndUpdate(
      { _id: "video-1" },
      { $setOnInsert: { createdBy: "second" }, $inc: { count: 1 } },
      { upsert: true, returnDocument: "after" },
    );
    expect(first).toEqual({ _id: "video-1", createdBy: "first", count: 1 });
    expect(second).toEqual({ _id: "video-1", createdBy: "first", count: 2 });
  });

  it("runs an aggregation with several accumulators", async () => {
    const videos = db.collection<{ account: string; views: number }>("videos");
    await videos.insertMany([
      { account: "a", views: 10 },
      { account: "a", views: 5 },
      { account: "b", views: 7 },
      { account: "c", views: 1 },
    ]);
    const totals = await videos
      .aggregate<{ _id: string; views: number; top: number; n: number }>([
        { $match: { views: { $gte: 5 } } },
        { $group: { _id: "$account", views: { $sum: "$views" }, top: { $max: "$views" }, n: { $sum: 1 } } },
        { $sort: { views: -1 } },
      ])
      .toArray();
    expect(totals).toEqual([
      { _id: "a", views: 15, top: 10, n: 2 },
      { _id: "b", views: 7, top: 7, n: 1 },
    ]);
  });
});

describe("Redis (real server, BullMQ end to end)", () => {
  const connection = new Redis(services.redis.url, { maxRetriesPerRequest: null });
  const prefix = uniqueName("devsvc");
  afterAll(async () => {
    const keys = await connection.keys(`${prefix}:*`);
    if (keys.length > 0) await connection.del(...keys);
    connection.disconnect();
  });

  it("runs a job through a queue and a worker", async () => {
    const queue = new Queue("echo", { connection, prefix });
    const events = new QueueEvents("echo", { connection: connection.duplicate(), prefix });
    const worker = new Worker("echo", async (job) => ({ doubled: (job.data as { n: number }).n * 2 }), {
      connection: connection.duplicate(),
      prefix,
    });
    try {
      await events.waitUntilReady();
      const job = await queue.add("double", { n: 21 });
      const result = await job.waitUntilFinished(events, 20_000);
      expect(result).toEqual({ doubled: 42 });
      expect(await queue.getJobCounts("completed")).toEqual({ completed: 1 });
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
    }
  });
});

describe("KMS (real emulator through @aws-sdk/client-kms)", () => {
  let kms: KMSClient;
  beforeAll(() => {
    kms = new KMSClient({
      endpoint: services.kms.endpoint,
      region: services.kms.region,
      credentials: services.kms.credentials,
    });
  });
  afterAll(() => kms.destroy());

  it("generates a data key and decrypts it back under its encryption context", async () => {
    const context = { accountId: "acc_1", kind: "access" };
    const generated = await kms.send(
      new GenerateDataKeyCommand({ KeyId: services.kms.keyAlias, KeySpec: "AES_256", EncryptionContext: context }),
    );
    expect(generated.Plaintext?.length).toBe(32);
    const decrypted = await kms.send(
      new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: context }),
    );
    expect(hash(decrypted.Plaintext)).toBe(hash(generated.Plaintext));
  });

  it("rejects a tampered ciphertext", async () => {
    const generated = await kms.send(new GenerateDataKeyCommand({ KeyId: services.kms.keyAlias, KeySpec: "AES_256" }));
    const tampered = Uint8Array.from(generated.CiphertextBlob ?? []);
    const last = tampered.length - 1;
    tampered[last] = (tampered[last] ?? 0) ^ 0xff;
    await expect(kms.send(new DecryptCommand({ CiphertextBlob: tampered }))).rejects.toBeInstanceOf(
      InvalidCiphertextException,
    );
  });

  it("rejects the right ciphertext under the wrong encryption context", async () => {
    const generated = await kms.send(
      new GenerateDataKeyCommand({
        KeyId: services.kms.keyAlias,
        KeySpec: "AES_256",
        EncryptionContext: { accountId: "acc_1" },
      }),
    );
    await expect(
      kms.send(
        new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: { accountId: "acc_2" } }),
      ),
    ).rejects.toBeInstanceOf(InvalidCiphertextException);
  });
});

function hash(bytes: Uint8Array | undefined): string {
  return createHash("sha256")
    .update(bytes ?? new Uint8Array())
    .digest("hex");
}
