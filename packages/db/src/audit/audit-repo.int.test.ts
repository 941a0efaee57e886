import { createHash } from "node:crypto";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { isAppError } from "@trendpot/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntryInput } from "../audit-entry";
import { COLLECTIONS } from "../collections";
import { connectDatabase, type Database } from "../database";
import { type AuditRepo, createAuditRepo, createAuditWriter, ensureAuditIndexes } from "./audit-repo";
import { canonicalJson, GENESIS_HASH } from "./canonical-json";

const services = testServices();
const T0 = Date.parse("2026-05-01T00:00:00.000Z");

async function collect(stream: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const chunk of stream) out += chunk;
  return out;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

function entry(i: number, overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    actor: { type: i % 2 ? "api_key" : "system", id: i % 2 ? "platform" : "token-refresh" },
    action: i % 3 ? "token.refreshed" : "consent.granted",
    target: { accountId: `acc_${i % 4}`, userId: `user_${i % 4}` },
    requestId: `req_${i}`,
    details: { attempt: i, scopes: ["user.info.basic", "video.list"] },
    ...overrides,
  };
}

describe("audit log", () => {
  let database: Database;
  let repo: AuditRepo;
  let tick = 0;
  const raw = () => database.db.collection<{ seq: number; action: string; _id: string }>(COLLECTIONS.auditLogs);

  beforeAll(async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("audit") });
    await ensureAuditIndexes(database.db);
    repo = createAuditRepo(database.db, {
      now: () => {
        tick += 1;
        return new Date(T0 + tick * 60_000);
      },
    });
    const writer = createAuditWriter(repo);
    for (let i = 1; i <= 12; i += 1) await writer(entry(i));
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it("links entries into a verifiable chain starting at the genesis hash", async () => {
    const first = await raw().findOne({ seq: 1 });
    expect(first).toMatchObject({ prevHash: GENESIS_HASH });
    expect(String(first?._id)).toMatch(/^aud_/);
    expect(await repo.verify()).toEqual({ ok: true, checked: 12, lastSeq: 12 });
    expect(await repo.verify({ fromSeq: 5, toSeq: 9 })).toEqual({ ok: true, checked: 5, lastSeq: 9 });
    expect(await repo.verify({ from: new Date(T0 + 3 * 60_000), to: new Date(T0 + 6 * 60_000) })).toEqual({
      ok: true,
      checked: 4,
      lastSeq: 6,
    });
  });

  it("rejects invalid entries and secret-looking keys it cannot store portably", async () => {
    const bad = [
      entry(1, { action: "Not A Verb" }),
      entry(1, { details: { $where: "x" } }),
      entry(1, { details: { "a.b": 1 } }),
      entry(1, { details: { n: Number.NaN } }),
      { ...entry(1), actor: { type: "root", id: "x" } } as unknown as AuditEntryInput,
    ];
    for (const input of bad) expect(isAppError(await caught(repo.append(input)), "VALIDATION_FAILED")).toBe(true);
    expect(await raw().countDocuments({})).toBe(12);
  });

  it("queries by actor, action, account, user and time, newest first, paging by seq", async () => {
    const byAccount: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await repo.query({ accountId: "acc_1", limit: 2, ...(cursor ? { cursor } : {}) });
      byAccount.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor;
    } while (cursor);
    expect(byAccount).toEqual([9, 5, 1]);
    expect(
      (await repo.query({ actorId: "token-refresh", action: "consent.granted", limit: 50 })).items.map((e) => e.seq),
    ).toEqual([12, 6]);
    expect((await repo.query({ userId: "user_2", limit: 50 })).items.map((e) => e.seq)).toEqual([10, 6, 2]);
    const timed = await repo.query({ from: new Date(T0 + 2 * 60_000), to: new Date(T0 + 4 * 60_000), limit: 50 });
    expect(timed.items.map((e) => e.seq)).toEqual([4, 3, 2]);
    expect(isAppError(await caught(repo.query({ limit: 5, cursor: "bm90LWpzb24" })), "VALIDATION_FAILED")).toBe(true);
    expect(
      isAppError(
        await caught(repo.query({ limit: 5, cursor: Buffer.from('{"seq":-1}').toString("base64url") })),
        "VALIDATION_FAILED",
      ),
    ).toBe(true);
  });

  it("exports NDJSON lines that re-verify offline", async () => {
    const text = await collect(
      repo.exportStream({ from: new Date(T0 + 2 * 60_000), to: new Date(T0 + 5 * 60_000), format: "ndjson" }),
    );
    const lines = text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => l.seq)).toEqual([2, 3, 4, 5]);
    for (const line of lines) {
      const { hash, ...rest } = line;
      const recomputed = createHash("sha256").update(String(line.prevHash)).update(canonicalJson(rest)).digest("hex");
      expect(recomputed).toBe(hash);
    }
    expect(lines[1]?.prevHash).toBe(lines[0]?.hash);
  });

  it("exports CSV with a header row and escaped, formula-guarded cells", async () => {
    const text = await collect(
      repo.exportStream({ format: "csv", from: new Date(T0 + 60_000), to: new Date(T0 + 2 * 60_000) }),
    );
    const rows = text.split("\r\n");
    expect(rows[0]).toBe(
      "seq,id,at,actor_type,actor_id,action,account_id,user_id,open_id,reason,request_id,details,prev_hash,hash",
    );
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatch(
      /^1,aud_[\w-]+,2026-05-01T00:01:00\.000Z,api_key,platform,token\.refreshed,acc_1,user_1,,,req_1,"\{""attempt"":1,/,
    );
    expect(rows[3]).toBe("");
  });
});

describe("audit log tampering", () => {
  let database: Database;
  let repo: AuditRepo;
  const raw = () => database.db.collection<{ seq: number; action: string; reason?: string }>(COLLECTIONS.auditLogs);

  beforeAll(async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("audit_tamper") });
    await ensureAuditIndexes(database.db);
    repo = createAuditRepo(database.db);
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it("detects an entry edited directly in MongoDB at its seq, and a re-hashed edit at the next seq", async () => {
    for (let i = 1; i <= 8; i += 1) await repo.append(entry(i, { reason: `r${i}` }));
    const original = await raw().findOne({ seq: 4 });
    await raw().updateOne({ seq: 4 }, { $set: { reason: "nothing to see" } });
    expect(await repo.verify()).toEqual({ ok: false, checked: 3, firstBrokenSeq: 4, reason: "hash_mismatch" });
    expect(await repo.verify({ fromSeq: 5 })).toEqual({ ok: true, checked: 4, lastSeq: 8 });

    const edited = await raw().findOne({ seq: 4 });
    const { hash: _old, ...rest } = edited as unknown as Record<string, unknown>;
    const forged = createHash("sha256").update(String(rest.prevHash)).update(canonicalJson(rest)).digest("hex");
    await raw().updateOne({ seq: 4 }, { $set: { hash: forged } });
    expect(await repo.verify()).toEqual({ ok: false, checked: 4, firstBrokenSeq: 5, reason: "prev_hash_mismatch" });
    expect(await repo.verify({ fromSeq: 5 })).toEqual({
      ok: false,
      checked: 0,
      firstBrokenSeq: 5,
      reason: "prev_hash_mismatch",
    });

    await raw().replaceOne({ seq: 4 }, original ?? expect.unreachable());
    expect(await repo.verify()).toEqual({ ok: true, checked: 8, lastSeq: 8 });
  });

  it("detects a deleted entry as a seq gap, also when a range starts right after it", async () => {
    await raw().deleteOne({ seq: 7 });
    expect(await repo.verify({ fromSeq: 5 })).toEqual({ ok: false, checked: 2, firstBrokenSeq: 7, reason: "seq_gap" });
    expect(await repo.verify({ fromSeq: 8 })).toEqual({ ok: false, checked: 0, firstBrokenSeq: 7, reason: "seq_gap" });
    expect(await repo.verify({ fromSeq: 1, toSeq: 3 })).toEqual({ ok: true, checked: 3, lastSeq: 3 });
  });

  it("detects a truncated tail when the expected end is given", async () => {
    await raw().deleteOne({ seq: 8 });
    expect(await repo.verify({ fromSeq: 1, toSeq: 3 })).toEqual({ ok: true, checked: 3, lastSeq: 3 });
    expect(await repo.verify({ fromSeq: 5, toSeq: 6 })).toEqual({ ok: true, checked: 2, lastSeq: 6 });
    expect(await repo.verify({ fromSeq: 6, toSeq: 8 })).toMatchObject({
      ok: false,
      firstBrokenSeq: 7,
      reason: "seq_gap",
    });
  });

  it("treats a structurally corrupted entry as a hash mismatch in verify and a typed error on read", async () => {
    await raw().updateOne({ seq: 2 }, { $set: { action: 42 } } as never);
    expect(await repo.verify({ toSeq: 3 })).toEqual({
      ok: false,
      checked: 1,
      firstBrokenSeq: 2,
      reason: "hash_mismatch",
    });
    expect(isAppError(await caught(repo.query({ limit: 50 })), "DB_DOCUMENT_INVALID")).toBe(true);
    expect(isAppError(await caught(collect(repo.exportStream({ format: "ndjson" }))), "DB_DOCUMENT_INVALID")).toBe(
      true,
    );
  });
});
