import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import {
  type AuditLogEntry,
  type AuditRepo,
  COLLECTIONS,
  chainHash,
  connectDatabase,
  createAuditRepo,
  type Database,
} from "@trendpot/db";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AuditAnchor, checkpointAuditHead, verifyAnchoredAuditChain } from "./audit-anchors";
import { type AuditMac, createKmsAuditMac } from "./audit-mac";

const HOUR = 3_600_000;
let kms: KMSClient;
let mac: AuditMac;
let database: Database;
let audit: AuditRepo;
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);

beforeAll(async () => {
  const services = testServices();
  kms = new KMSClient({
    endpoint: services.kms.endpoint,
    region: services.kms.region,
    ...(services.kms.credentials ? { credentials: services.kms.credentials } : {}),
  });
  // An HMAC key of this file's own: GenerateMac/VerifyMac need KeyUsage GENERATE_VERIFY_MAC.
  const key = await kms.send(new CreateKeyCommand({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" }));
  mac = createKmsAuditMac(kms, String(key.KeyMetadata?.KeyId));
});
beforeEach(async () => {
  await database?.close();
  database = await connectDatabase({ uri: testServices().mongo.uri, dbName: uniqueName("anchors") });
  audit = createAuditRepo(database.db, { now });
  offsetMs = 0;
});
afterAll(async () => {
  await database?.close();
  kms?.destroy();
});

const deps = () => ({ db: database.db, audit, mac, now });
const logs = () => database.db.collection<AuditLogEntry>(COLLECTIONS.auditLogs);

async function appendEntries(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await audit.append({ actor: { type: "system", id: "test" }, action: "sync.triggered", reason: `entry ${i}` });
  }
}

/** What someone with write access to MongoDB can do: edit entries from `fromSeq` on and re-hash the chain. */
async function rewriteTail(fromSeq: number, reason: string): Promise<void> {
  const entries = await logs()
    .find({ seq: { $gte: fromSeq } })
    .sort({ seq: 1 })
    .toArray();
  const before = await logs().findOne({ seq: fromSeq - 1 });
  let prevHash = String(before?.hash);
  for (const entry of entries) {
    const { hash: _old, ...rest } = entry;
    const unhashed = { ...rest, reason, prevHash };
    const hash = chainHash(prevHash, unhashed);
    await logs().replaceOne({ _id: entry._id }, { ...unhashed, hash });
    prevHash = hash;
  }
}

describe("audit head anchors (KMS HMAC on a real MongoDB)", () => {
  it("a rewritten, re-hashed tail passes the chain check alone but fails against the anchor", async () => {
    await appendEntries(5);
    const anchor = await checkpointAuditHead(deps());
    expect(anchor).toMatchObject({ seq: 5, keyId: mac.keyId });
    await appendEntries(2);
    expect(await verifyAnchoredAuditChain(deps(), { maxAnchorAgeMs: HOUR })).toMatchObject({
      ok: true,
      lastSeq: 7,
      anchoredSeq: 5,
    });

    await rewriteTail(4, "nothing to see here");
    // The attack the chain alone cannot see: every link is consistent again.
    expect(await audit.verify({})).toMatchObject({ ok: true, lastSeq: 7 });
    expect(await verifyAnchoredAuditChain(deps(), { maxAnchorAgeMs: HOUR })).toMatchObject({
      ok: false,
      problem: "anchor_mismatch",
      seq: 5,
    });
  });

  it("refuses an anchor the database writer made up, and a copied anchor moved to another head", async () => {
    await appendEntries(3);
    const real = await checkpointAuditHead(deps());
    await appendEntries(1);
    await rewriteTail(2, "edited");
    const tail = await logs().findOne({ seq: 4 });
    const anchors = database.db.collection<AuditAnchor>(COLLECTIONS.auditAnchors);
    // A fresh anchor over the rewritten head, with a MAC the writer cannot compute without KMS.
    if (!real || !tail) throw new Error("setup: no anchor or no tail");
    await anchors.insertOne({
      ...real,
      _id: "anc_4",
      seq: 4,
      hash: tail.hash,
      mac: Buffer.alloc(32).toString("base64"),
    });
    expect(await verifyAnchoredAuditChain(deps(), { maxAnchorAgeMs: HOUR })).toMatchObject({
      ok: false,
      problem: "anchor_forged",
    });
    // The genuine MAC of seq 3 reused for seq 4's new hash does not verify either.
    await anchors.updateOne({ _id: "anc_4" }, { $set: { mac: real.mac } });
    expect(await verifyAnchoredAuditChain(deps(), { maxAnchorAgeMs: HOUR })).toMatchObject({
      ok: false,
      problem: "anchor_forged",
    });
  });

  it("deleting recent anchors shows up as entries older than the interval left unanchored", async () => {
    await appendEntries(2);
    await checkpointAuditHead(deps());
    await appendEntries(2);
    await checkpointAuditHead(deps());
    await database.db.collection(COLLECTIONS.auditAnchors).deleteOne({ seq: 4 });
    offsetMs = 2 * HOUR;
    expect(await verifyAnchoredAuditChain(deps(), { maxAnchorAgeMs: HOUR })).toMatchObject({
      ok: false,
      problem: "anchor_stale",
    });
  });

  it("never anchors a chain that no longer verifies, and anchors each head once", async () => {
    await appendEntries(3);
    const [first, second] = await Promise.all([checkpointAuditHead(deps()), checkpointAuditHead(deps())]);
    expect(first?.mac).toBe(second?.mac);
    expect(await database.db.collection(COLLECTIONS.auditAnchors).countDocuments()).toBe(1);
    await appendEntries(1);
    await logs().updateOne({ seq: 4 }, { $set: { reason: "edited without re-hashing" } });
    await expect(checkpointAuditHead(deps())).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await database.db.collection(COLLECTIONS.auditAnchors).countDocuments()).toBe(1);
  });
});
