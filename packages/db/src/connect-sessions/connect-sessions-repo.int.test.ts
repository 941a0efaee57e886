import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { isAppError } from "@trendpot/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTIONS } from "../collections";
import { connectDatabase, type Database } from "../database";
import {
  type ConnectSessionsRepo,
  createConnectSessionsRepo,
  ensureConnectSessionsIndexes,
} from "./connect-sessions-repo";

const services = testServices();
// Near the real now: TTL indexes delete documents whose time has passed, whatever a test thinks "now" is.
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000);
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("connect sessions repository", () => {
  let database: Database;
  let repo: ConnectSessionsRepo;
  const create = (ttlSeconds = 1800) =>
    repo.create({
      userId: "user_1",
      returnUrl: "https://app.example.com/done",
      createdAt: T0,
      expiresAt: later(ttlSeconds),
    });

  beforeAll(async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("connect_sessions") });
    await ensureConnectSessionsIndexes(database.db);
    repo = createConnectSessionsRepo(database.db);
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it("mints unguessable prefixed ids", async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => create()));
    for (const session of ids) expect(session._id).toMatch(/^cs_[A-Za-z0-9_-]{24}$/);
    expect(new Set(ids.map((s) => s._id)).size).toBe(5);
    expect(await repo.get(ids[0]?._id ?? "")).toEqual(ids[0]);
    expect(await repo.get("cs_missing")).toBeNull();
  });

  it("starts a pending session once; a second start is refused as used", async () => {
    const session = await create();
    expect(await repo.markStarted(session._id, later(10))).toMatchObject({
      ok: true,
      session: { status: "started", startedAt: later(10) },
    });
    expect(await repo.markStarted(session._id, later(11))).toEqual({ ok: false, reason: "used" });
  });

  it("lets one of several concurrent starts win", async () => {
    const session = await create();
    const results = await Promise.all(Array.from({ length: 6 }, () => repo.markStarted(session._id, later(1))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await repo.get(`${session._id}:started`)).toBeNull();
    const outcomes = await Promise.all(
      (["connected", "denied", "error", "connected"] as const).map((result) =>
        repo.complete(session._id, { result }, later(2)),
      ),
    );
    expect(outcomes.filter((r) => r.ok)).toHaveLength(1);
  });

  it("refuses expired and unknown sessions with the reason", async () => {
    const session = await create(60);
    expect(await repo.markStarted(session._id, later(60))).toEqual({ ok: false, reason: "expired" });
    expect(await repo.markStarted("cs_nope", later(1))).toEqual({ ok: false, reason: "unknown" });
    expect((await repo.get(session._id))?.status).toBe("pending");
  });

  it("completes a started session once with its outcome", async () => {
    const session = await create();
    expect(await repo.complete(session._id, { result: "connected", accountId: "acc_1" }, later(5))).toEqual({
      ok: false,
      reason: "not_started",
    });
    await repo.markStarted(session._id, later(1));
    const done = await repo.complete(
      session._id,
      { result: "partial", accountId: "acc_1", code: "scopes_missing" },
      later(90),
    );
    expect(done).toMatchObject({
      ok: true,
      session: { status: "completed", completedAt: later(90), outcome: { result: "partial", accountId: "acc_1" } },
    });
    expect(await repo.complete(session._id, { result: "error" }, later(91))).toEqual({
      ok: false,
      reason: "already_completed",
    });
    expect(await repo.complete("cs_nope", { result: "error" })).toEqual({ ok: false, reason: "unknown" });
  });

  it("marks a denied consent as failed", async () => {
    const session = await create();
    await repo.markStarted(session._id, later(1));
    expect(await repo.complete(session._id, { result: "denied", code: "access_denied" }, later(2))).toMatchObject({
      ok: true,
      session: { status: "failed" },
    });
  });

  it("validates input and turns a corrupt document into a typed error", async () => {
    const bad = await repo.create({ userId: "", createdAt: T0, expiresAt: later(1) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(bad, "VALIDATION_FAILED")).toBe(true);
    const session = await create();
    await database.db
      .collection(COLLECTIONS.connectSessions)
      .updateOne({ _id: session._id } as never, { $set: { status: "weird" } });
    const error = await repo.get(session._id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(error, "DB_DOCUMENT_INVALID")).toBe(true);
  });
});
