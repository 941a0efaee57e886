import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { isAppError } from "@trendpot/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTIONS } from "../collections";
import { connectDatabase, type Database } from "../database";
import {
  createOAuthStatesRepo,
  ensureOAuthStatesIndexes,
  hashOAuthState,
  type OAuthStatesRepo,
} from "./oauth-states-repo";

const services = testServices();
// Near the real now: TTL indexes delete documents whose time has passed, whatever a test thinks "now" is.
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000);
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("oauth states repository", () => {
  let database: Database;
  let repo: OAuthStatesRepo;
  const create = (state: string, ttlSeconds = 600) =>
    repo.create({
      stateHash: hashOAuthState(state),
      sessionId: "cs_test",
      userId: "user_1",
      verifierCiphertext: "v1:opaque-ciphertext",
      requestedScopes: ["user.info.basic", "video.list"],
      redirectUri: "https://api.example.com/v1/connect/callback",
      createdAt: T0,
      expiresAt: later(ttlSeconds),
    });

  beforeAll(async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("oauth_states") });
    await ensureOAuthStatesIndexes(database.db);
    repo = createOAuthStatesRepo(database.db);
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it("hashes the state (golden) and never stores the raw value", async () => {
    expect(hashOAuthState("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    await create("raw-state-value-1");
    const stored = await database.db.collection(COLLECTIONS.oauthStates).find({}).toArray();
    expect(JSON.stringify(stored)).not.toContain("raw-state-value-1");
  });

  it("consumes a state once; the second consume says it was used", async () => {
    await create("once");
    const first = await repo.consume(hashOAuthState("once"), later(30));
    expect(first).toMatchObject({ ok: true, state: { sessionId: "cs_test", consumedAt: later(30) } });
    expect(await repo.consume(hashOAuthState("once"), later(31))).toEqual({ ok: false, reason: "used" });
  });

  it("lets exactly one of several concurrent consumers win", async () => {
    await create("race");
    const results = await Promise.all(Array.from({ length: 8 }, () => repo.consume(hashOAuthState("race"), later(5))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === "used")).toHaveLength(7);
  });

  it("refuses expired and unknown states with the reason", async () => {
    await create("short", 60);
    expect(await repo.consume(hashOAuthState("short"), later(60))).toEqual({ ok: false, reason: "expired" });
    expect(await repo.consume(hashOAuthState("never-issued"), later(1))).toEqual({ ok: false, reason: "unknown" });
    expect(await repo.consume(`${hashOAuthState("once")}:consumed`, later(1))).toEqual({
      ok: false,
      reason: "unknown",
    });
    const stillUnconsumed = await database.db
      .collection(COLLECTIONS.oauthStates)
      .findOne({ _id: hashOAuthState("short") } as never);
    expect(stillUnconsumed?.consumedAt).toBeUndefined();
  });

  it("refuses a raw state or an expiry before creation", async () => {
    const raw = await repo
      .create({
        stateHash: "not-a-hash",
        sessionId: "cs",
        userId: "u",
        verifierCiphertext: "c",
        requestedScopes: [],
        redirectUri: "https://x",
        createdAt: T0,
        expiresAt: later(1),
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(isAppError(raw, "VALIDATION_FAILED")).toBe(true);
    const backwards = await create("backwards", -1).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isAppError(backwards, "VALIDATION_FAILED")).toBe(true);
  });

  it("turns a corrupt state into DB_DOCUMENT_INVALID", async () => {
    await create("corrupt");
    await database.db
      .collection(COLLECTIONS.oauthStates)
      .updateOne({ _id: hashOAuthState("corrupt") } as never, { $unset: { userId: "" } });
    const error = await repo.consume(hashOAuthState("corrupt"), later(1)).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isAppError(error, "DB_DOCUMENT_INVALID")).toBe(true);
  });
});
