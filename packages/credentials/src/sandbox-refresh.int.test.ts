import type { KMSClient } from "@aws-sdk/client-kms";
import { type Account, COLLECTIONS, createUsersRepo, type Database } from "@trendpot/db";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { isAppError } from "@trendpot/errors";
import {
  createTikTokClient,
  isTikTokApiError,
  type TikTokClient,
  type TikTokResponseInfo,
  type TikTokTokenSet,
} from "@trendpot/tiktok-display";
import { createTikTokSandbox, sandboxClientOptions } from "@trendpot/tiktok-sandbox";
import { createKmsClient, createKmsDataKeyProvider, TikTokTokenCipher } from "@trendpot/token-cipher";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredentialStore } from "./credential-store";
import { captureAudit, captureEvents, captureLogger, openTestDatabase } from "./test-support";
import { type TokenSet, tokenSetFromTikTok } from "./token-set";

const services = testServices();
const REDIRECT_URI = "http://127.0.0.1:9/auth/tiktok/callback";
const SCOPES = ["user.info.basic", "video.list"];
const ACCESS_TTL_MS = 7_200_000;

// One clock for the sandbox, the TikTok client and both credential stores, so "expiring" means the same instant to
// TikTok and to the store. It only ever moves forward, and never during a burst.
let clockMs = Date.parse("2026-03-01T12:00:00.000Z");
const clock = () => new Date(clockMs);

type Sandbox = Awaited<ReturnType<typeof createTikTokSandbox>>;
let sandbox: Sandbox;
let client: TikTokClient;
let env: Awaited<ReturnType<typeof openTestDatabase>>;
let secondProcess: Database;
const kmsClients: KMSClient[] = [];
// What the client saw, next to what the sandbox logged: the client records a call before it returns it.
const clientCalls: TikTokResponseInfo[] = [];

beforeAll(async () => {
  sandbox = await createTikTokSandbox({
    now: () => clockMs,
    accessTokenTtlSec: ACCESS_TTL_MS / 1000,
    // The bursts must be limited by the store, not by the sandbox's rate limiter.
    rateLimit: { perMinute: 100_000, perDay: 1_000_000 },
  });
  client = createTikTokClient({
    ...sandboxClientOptions(sandbox),
    now: clock,
    onResponse: (info) => void clientCalls.push(info),
  });
  env = await openTestDatabase();
  secondProcess = await env.connectAgain();
});
afterAll(async () => {
  await env.close();
  await sandbox.close();
  for (const kms of kmsClients) kms.destroy();
});

/** The mapping the composition root does between the client's answer and the store's token set. */
function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * What the api and the worker share for one refresh burst: the real TikTok refresh, the captured hooks, and a gate
 * that holds TikTok's answer until one process has found the other's lease. Without the gate the whole refresh may
 * finish before the second process even looks, and the burst would not exercise the cross-process path at all.
 */
function burstHarness() {
  const contended = deferred();
  const issued: TokenSet[] = [];
  const audit = captureAudit();
  const events = captureEvents();
  const logger = captureLogger((step) => step.outcome === "lease_busy" && contended.resolve());
  let started = 0;
  return {
    events,
    issued,
    audit,
    logger,
    refresh: async (refreshToken: string): Promise<TokenSet> => {
      started += 1;
      // A second refresh in flight is the bug under test: let both through so the assertions report it, not a hang.
      if (started > 1) contended.resolve();
      await contended.promise;
      const tokens = tokenSetFromTikTok(await client.refreshAccessToken(refreshToken));
      issued.push(tokens);
      return tokens;
    },
  };
}

/** One "process": its own MongoClient, its own KMS client and cipher (so its own data-key cache), one store. */
function startProcess(database: Database, harness: ReturnType<typeof burstHarness>) {
  const kms = createKmsClient({
    region: services.kms.region,
    endpoint: services.kms.endpoint,
    credentials: services.kms.credentials,
  });
  kmsClients.push(kms);
  const cipher = new TikTokTokenCipher({
    provider: createKmsDataKeyProvider(kms),
    currentKeyId: services.kms.keyAlias,
    logger: harness.logger,
  });
  const store = createCredentialStore({
    db: database.db,
    cipher,
    now: clock,
    refresh: harness.refresh,
    audit: harness.audit.write,
    events: harness.events,
    logger: harness.logger,
  });
  return { store, cipher };
}

type Process = ReturnType<typeof startProcess>;

/** A new creator goes through the real consent: PKCE, authorize page, callback code, exchange, stored encrypted. */
async function connectCreator(app: Process): Promise<{ account: Account; tokens: TikTokTokenSet }> {
  const creator = sandbox.scenario.addCreator();
  const { codeVerifier, codeChallenge } = client.createPkcePair();
  const state = uniqueName("state");
  const authorizeUrl = client.buildAuthorizeUrl({ scopes: SCOPES, redirectUri: REDIRECT_URI, state, codeChallenge });
  const callback = new URL(await sandbox.scenario.authorize({ authorizeUrl, openId: creator.openId }));
  expect(callback.searchParams.get("state")).toBe(state);
  const code = callback.searchParams.get("code");
  if (code === null) throw new Error("the sandbox redirected without a code");
  const tokens = await client.exchangeCode({ code, redirectUri: REDIRECT_URI, codeVerifier });
  expect(tokens.openId).toBe(creator.openId);
  const account = await app.store.upsertFromConsent({
    openId: tokens.openId,
    userId: uniqueName("user"),
    grantedScopes: tokens.grantedScopes,
    requestedScopes: SCOPES,
    tokens: tokenSetFromTikTok(tokens),
  });
  return { account, tokens };
}

/** Moves the shared clock to 30 s before the access token expires: inside the store's 60 s refresh window. */
function makeExpiring(tokens: TikTokTokenSet): void {
  clockMs = tokens.accessTokenExpiresAt.getTime() - 30_000;
}

/** Forgets earlier calls, so the counts that follow cover the burst only. */
function startCounting(): void {
  sandbox.scenario.clearRequests();
  clientCalls.length = 0;
}

function tokenCallsSeenByClient() {
  return clientCalls.filter((c) => c.endpoint === "oauth.token");
}

function refreshCallsAtSandbox() {
  return sandbox.scenario.requests().filter((r) => r.endpoint === "token" && r.grantType === "refresh_token");
}

/** Every tiktok_accounts and users document, raw from MongoDB, as one string to search for plaintext. */
async function dumpAccountsAndUsers(): Promise<string> {
  const db = env.database.db;
  const [accounts, users] = await Promise.all([
    db.collection(COLLECTIONS.tiktokAccounts).find({}).toArray(),
    db.collection(COLLECTIONS.users).find({}).toArray(),
  ]);
  return JSON.stringify([...accounts, ...users]);
}

async function expectNoPlaintextStored(account: Account): Promise<void> {
  const dump = await dumpAccountsAndUsers();
  // Guards against a vacuous scan: the account and its user mirror are in the dump.
  expect(dump).toContain(account._id);
  expect(dump).toContain(account.userId);
  const secrets = sandbox.scenario.issuedTokens();
  expect(secrets.length).toBeGreaterThan(0);
  expect(secrets.filter((secret) => dump.includes(secret))).toEqual([]);
}

function expectNoPlaintextLogged(harness: ReturnType<typeof burstHarness>): void {
  const logs = JSON.stringify(harness.logger.lines);
  expect(sandbox.scenario.issuedTokens().filter((secret) => logs.includes(secret))).toEqual([]);
}

describe("getFreshAccessToken against the TikTok sandbox, two processes", () => {
  it("50 concurrent callers on an expiring token: one refresh at TikTok, one token for all, rotated pair stored", async () => {
    const harness = burstHarness();
    const api = startProcess(env.database, harness);
    const worker = startProcess(secondProcess, harness);
    const { account, tokens: original } = await connectCreator(api);
    makeExpiring(original);
    startCounting();

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? api : worker).store.getFreshAccessToken(account._id, {
          requestId: `req_burst_${i}`,
          operation: "sandbox.burst",
        }),
      ),
    );

    const refreshCalls = refreshCallsAtSandbox();
    expect(refreshCalls).toHaveLength(1);
    expect(refreshCalls[0]).toMatchObject({ status: 200, openId: original.openId });
    expect(tokenCallsSeenByClient()).toEqual([expect.objectContaining({ outcome: "ok", httpStatus: 200 })]);
    expect(harness.issued).toHaveLength(1);
    expect(harness.logger.steps.filter((e) => e.outcome === "refreshed")).toHaveLength(1);
    expect(harness.logger.steps.some((e) => e.outcome === "lease_busy")).toBe(true);

    const rotated = harness.issued[0] as TokenSet;
    expect(rotated.accessToken).not.toBe(original.accessToken);
    expect(rotated.refreshToken).not.toBe(original.refreshToken);
    expect(new Set(results.map((r) => r.accessToken))).toEqual(new Set([rotated.accessToken]));
    expect(new Set(results.map((r) => r.expiresAt.getTime()))).toEqual(new Set([clockMs + ACCESS_TTL_MS]));

    // TikTok accepts the handed-out token and refuses the refresh token it replaced.
    await expect(client.getUserInfo(rotated.accessToken, [])).resolves.toMatchObject({ openId: original.openId });
    const oldRefresh = await client.refreshAccessToken(original.refreshToken).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isTikTokApiError(oldRefresh, "invalid_grant")).toBe(true);

    // The rotated refresh token is what the store holds, on the account and in the user's mirror.
    const stored = await worker.store.accounts.getById(account._id);
    expect(stored).toMatchObject({
      status: "active",
      credentialsVersion: account.credentialsVersion + 1,
      credentials: { keyId: services.kms.keyAlias, accessExpiresAt: rotated.accessExpiresAt },
    });
    const context = { accountId: account._id, requestId: "req_check", operation: "sandbox.check" };
    expect(await worker.cipher.decrypt(stored?.credentials?.refreshToken, { ...context, kind: "refresh" })).toBe(
      rotated.refreshToken,
    );
    expect(await api.cipher.decrypt(stored?.credentials?.accessToken, { ...context, kind: "access" })).toBe(
      rotated.accessToken,
    );
    const user = await createUsersRepo(env.database.db).getById(account.userId);
    expect(user?.mirrorVersion).toBe(account.credentialsVersion + 1);
    expect(user?.credentialsMirror?.refreshToken).toEqual(stored?.credentials?.refreshToken);

    // And TikTok still honours it: the next refresh, from the other process, goes through with the stored token.
    const next = await worker.store.refreshNow(account._id, context);
    expect(refreshCallsAtSandbox().filter((r) => r.status === 200)).toHaveLength(2);
    expect(next.accessToken).toBe(harness.issued[1]?.accessToken);

    await expectNoPlaintextStored(account);
    expectNoPlaintextLogged(harness);
  });

  it("10 concurrent callers after the creator revoked access: one refresh, ACCOUNT_NEEDS_REAUTH for all, audited", async () => {
    const harness = burstHarness();
    const api = startProcess(env.database, harness);
    const worker = startProcess(secondProcess, harness);
    const { account, tokens } = await connectCreator(api);
    sandbox.scenario.revokeAuthorization(tokens.openId);
    makeExpiring(tokens);
    startCounting();

    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? api : worker).store.getFreshAccessToken(account._id, {
          requestId: `req_revoked_${i}`,
          operation: "sandbox.revoked",
        }),
      ),
    );

    const refreshCalls = refreshCallsAtSandbox();
    expect(refreshCalls).toHaveLength(1);
    expect(refreshCalls[0]).toMatchObject({ errorCode: "invalid_grant", openId: tokens.openId });
    expect(tokenCallsSeenByClient()).toEqual([expect.objectContaining({ outcome: "invalid_grant" })]);
    expect(harness.logger.steps.some((e) => e.outcome === "lease_busy")).toBe(true);
    expect(harness.logger.steps.filter((e) => e.outcome === "invalid_grant")).toHaveLength(1);
    const codes = outcomes.map((o) =>
      o.status === "rejected" && isAppError(o.reason) ? o.reason.code : `unexpected ${o.status}`,
    );
    expect(codes).toEqual(Array.from({ length: 10 }, () => "ACCOUNT_NEEDS_REAUTH"));

    const stored = await api.store.accounts.getById(account._id);
    expect(stored).toMatchObject({
      status: "needs_reauth",
      credentialsVersion: account.credentialsVersion,
      sync: { lastError: { code: "invalid_grant", at: clock() } },
    });
    expect(stored?.sync?.lastError?.message).toEqual(expect.any(String));
    expect(harness.audit.entries).toEqual([
      expect.objectContaining({
        action: "token.refresh_failed",
        actor: { type: "system", id: "token-refresh" },
        reason: "invalid_grant",
        target: { accountId: account._id, userId: account.userId, openId: account.openId },
      }),
    ]);
    expect(harness.events.published).toEqual([
      expect.objectContaining({ type: "account_status", accountId: account._id, status: "needs_reauth" }),
    ]);

    await expectNoPlaintextStored(account);
    expectNoPlaintextLogged(harness);
    expect(JSON.stringify(harness.audit.entries)).not.toContain(tokens.refreshToken);
  });
});
