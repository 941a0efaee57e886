import { hashOAuthState } from "@trendpot/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createSession, pathOf, runConsent, startConsent } from "../../test-support/consent-driver";
import { dumpDatabase } from "../../test-support/db-dump";
import { createTestApp, RETURN_ORIGIN, TEST_SCOPES, type TestApp } from "../../test-support/harness";

let t: TestApp;
const responses: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

function keep<T extends { body: string; headers: Record<string, unknown> }>(response: T): T {
  responses.push(response.body, JSON.stringify(response.headers));
  return response;
}

describe("hand-off page", () => {
  it("states the consent copy and every scope, under a CSP without script", async () => {
    const { body } = await createSession(t);
    expect(body.connectUrl).toBe(`${t.config.PUBLIC_BASE_URL}/connect/tiktok?session=${body.id}`);
    const page = keep(await t.app.inject({ method: "GET", url: `/connect/tiktok?session=${body.id}` }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("ingest approved TikTok videos and refresh their metrics periodically");
    for (const scope of TEST_SCOPES) expect(page.body).toContain(`<strong>${scope}</strong>`);
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('name="viewport"');
    expect(page.body).not.toContain("<script");
    const csp = String(page.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("script-src");
    expect(csp).toContain(`form-action 'self' ${new URL(t.sandbox.url).origin}`);
    expect(String(page.headers["set-cookie"])).toMatch(/tp_csrf=.*HttpOnly; SameSite=Lax/);
  });

  it("refuses unknown, expired and used sessions with a clear page", async () => {
    expect((await t.app.inject({ method: "GET", url: "/connect/tiktok?session=cs_nope" })).statusCode).toBe(410);
    expect((await t.app.inject({ method: "GET", url: "/connect/tiktok" })).statusCode).toBe(410);
    const { body } = await createSession(t);
    await startConsent(t, body.id);
    const again = await t.app.inject({ method: "GET", url: `/connect/tiktok?session=${body.id}` });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain("This link has expired");
  });

  it("expires sessions after their lifetime", async () => {
    const { body } = await createSession(t);
    t.advanceClock(16 * 60_000);
    try {
      expect((await t.app.inject({ method: "GET", url: `/connect/tiktok?session=${body.id}` })).statusCode).toBe(410);
    } finally {
      t.advanceClock(-16 * 60_000);
    }
  });
});

describe("Continue (CSRF, PKCE, state)", () => {
  it("redirects to TikTok with the scope bundle, hex PKCE and a state stored only as its hash", async () => {
    const { body } = await createSession(t);
    const { cont, authorizeUrl } = await startConsent(t, body.id);
    expect(cont.statusCode).toBe(302);
    const url = new URL(authorizeUrl);
    expect(url.origin).toBe(new URL(t.sandbox.url).origin);
    expect(url.searchParams.get("client_key")).toBe(t.sandbox.clientKey);
    expect(url.searchParams.get("scope")).toBe(TEST_SCOPES.join(","));
    expect(url.searchParams.get("redirect_uri")).toBe(t.config.redirectUri);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[0-9a-f]{64}$/);
    const state = url.searchParams.get("state") ?? "";
    const stored = await t.deps.db.collection("oauth_states").findOne({ _id: hashOAuthState(state) as never });
    expect(stored?.sessionId).toBe(body.id);
    expect(JSON.stringify(stored)).not.toContain(state);
    expect(String(cont.headers["set-cookie"])).toContain(`tp_connect=${body.id}`);
  });

  it.each([
    ["no cookie", (cookie: string) => ({ cookie: "", csrf: undefined as string | undefined, _c: cookie })],
    ["a forged token", (cookie: string) => ({ cookie, csrf: "1999999999999.forged", _c: cookie })],
  ])("rejects a form post with %s (403 page, session still usable)", async (_name, variant) => {
    const { body } = await createSession(t);
    const page = await t.app.inject({ method: "GET", url: `/connect/tiktok?session=${body.id}` });
    const realCsrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    const v = variant(cookiesOf(page.headers));
    const cont = await t.app.inject({
      method: "POST",
      url: "/connect/tiktok/continue",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: v.cookie },
      payload: new URLSearchParams({ session: body.id, csrf: v.csrf ?? realCsrf }).toString(),
    });
    expect(cont.statusCode).toBe(403);
    expect(cont.headers.location).toBeUndefined();
    expect((await t.app.inject({ method: "GET", url: `/connect/tiktok?session=${body.id}` })).statusCode).toBe(200);
  });

  it("does not accept one session's CSRF token for another session", async () => {
    const a = await createSession(t);
    const b = await createSession(t);
    const page = await t.app.inject({ method: "GET", url: `/connect/tiktok?session=${a.body.id}` });
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    const cont = await t.app.inject({
      method: "POST",
      url: "/connect/tiktok/continue",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(page.headers) },
      payload: new URLSearchParams({ session: b.body.id, csrf }).toString(),
    });
    expect(cont.statusCode).toBe(403);
  });

  it("is single use: a second Continue gets the expired page", async () => {
    const { body } = await createSession(t);
    const first = await startConsent(t, body.id);
    expect(first.cont.statusCode).toBe(302);
    const page = await t.app.inject({ method: "GET", url: `/connect/tiktok?session=${body.id}` });
    expect(page.statusCode).toBe(410);
  });
});

describe("connect sessions and return URLs", () => {
  it.each([
    "http://app.trendpot.test/done",
    "https://app.trendpot.test.evil.example/done",
    "https://user:pw@app.trendpot.test/done",
    "https://app.trendpot.test\\@evil.example/",
    "javascript:alert(1)",
    "//evil.example/x",
    "https://evil.example/?next=https://app.trendpot.test",
    "https://app.trendpot.test:8443/done",
  ])("refuses the open redirect %s", async (returnUrl) => {
    const { response } = await createSession(t, { userId: "user_r", returnUrl });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("RETURN_URL_NOT_ALLOWED");
  });

  it("accepts an allowlisted origin, and localhost over http", async () => {
    expect((await createSession(t, { userId: "u", returnUrl: `${RETURN_ORIGIN}/done?x=1` })).response.statusCode).toBe(
      201,
    );
    expect((await createSession(t, { userId: "u", returnUrl: "http://localhost:5173/cb" })).response.statusCode).toBe(
      201,
    );
  });
});

describe("callback", () => {
  it("connects: tokens encrypted in both documents, ingestion queued once, consent audited", async () => {
    const creator = t.sandbox.scenario.addCreator();
    const run = await runConsent(t, { userId: "user_happy", openId: creator.openId });
    keep(run.callback);
    expect(run.callback.statusCode).toBe(200);
    expect(run.callback.body).toContain("Your TikTok account is connected");
    const account = await t.deps.accounts.getByOpenId(creator.openId);
    expect(account?.status).toBe("active");
    expect(account?.userId).toBe("user_happy");
    expect(account?.grantedScopes.sort()).toEqual([...TEST_SCOPES].sort());
    // Stamped with the ARN the configured alias resolved to at boot, so a re-pointed alias is noticed.
    expect(account?.credentials?.keyId).toBe(t.deps.cipher.currentKeyId);
    expect(account?.credentials?.keyId).toMatch(/^arn:aws:kms:/);
    expect(account?.profile?.followerCount).toBe(creator.followerCount);
    // The consent's profile read is the first point of the account's profile history.
    const now = Date.now();
    const history = await t.deps.profileHistory.history({
      accountId: account?._id ?? "",
      from: new Date(now - 86_400_000),
      to: new Date(now + 86_400_000),
      bucket: "day",
    });
    expect(history).toEqual([expect.objectContaining({ followerCount: creator.followerCount })]);
    const user = await t.deps.db.collection("users").findOne({ _id: "user_happy" as never });
    expect(user?.credentialsMirror?.accessToken?.ct).toBe(account?.credentials?.accessToken.ct);
    const jobs = await t.deps.queues.ingestion.getJobs(["waiting", "delayed", "prioritized"]);
    const mine = jobs.filter((job) => job.data.accountId === account?._id);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.id).toContain(run.sessionId);
    const audit = await t.deps.audit.query({ action: "consent.granted", accountId: account?._id ?? "", limit: 5 });
    expect(audit.items[0]?.details).toMatchObject({ grantedScopes: expect.any(Array), missingScopes: [] });
    const session = await t.deps.connectSessions.get(run.sessionId);
    expect(session?.outcome).toMatchObject({ result: "connected", accountId: account?._id });
  });

  it("redirects to the return URL with the outcome on a full grant", async () => {
    const run = await runConsent(t, { userId: "user_ret", returnUrl: `${RETURN_ORIGIN}/done?x=1` });
    expect(run.callback.statusCode).toBe(302);
    const back = new URL(String(run.callback.headers.location));
    expect(back.origin).toBe(RETURN_ORIGIN);
    expect(back.searchParams.get("tiktok")).toBe("connected");
    expect(back.searchParams.get("session")).toBe(run.sessionId);
    expect(back.searchParams.get("x")).toBe("1");
  });

  it("handles a denial: friendly outcome, nothing stored, session completed as denied", async () => {
    const creator = t.sandbox.scenario.addCreator();
    const run = await runConsent(t, {
      userId: "user_deny",
      openId: creator.openId,
      deny: true,
      returnUrl: `${RETURN_ORIGIN}/x`,
    });
    expect(new URL(run.location).searchParams.get("error")).toBe("access_denied");
    expect(run.callback.statusCode).toBe(302);
    expect(new URL(String(run.callback.headers.location)).searchParams.get("tiktok")).toBe("denied");
    expect(await t.deps.accounts.getByOpenId(creator.openId)).toBeNull();
    expect((await t.deps.connectSessions.get(run.sessionId))?.outcome?.result).toBe("denied");
    const audit = await t.deps.audit.query({ action: "consent.denied", userId: "user_deny", limit: 5 });
    expect(audit.items).toHaveLength(1);
  });

  it("shows a denial page when there is no return URL", async () => {
    const run = await runConsent(t, { userId: "user_deny2", deny: true });
    expect(run.callback.statusCode).toBe(200);
    expect(run.callback.body).toContain("TikTok was not connected");
  });

  it("records a partial grant, shows what is missing, and queues no ingestion without video.list", async () => {
    const creator = t.sandbox.scenario.addCreator();
    const granted = ["user.info.basic", "user.info.profile"];
    const run = await runConsent(t, {
      userId: "user_part",
      openId: creator.openId,
      grantedScopes: granted,
      returnUrl: `${RETURN_ORIGIN}/x`,
    });
    expect(run.callback.statusCode).toBe(200);
    expect(run.callback.body).toContain("Some permissions were not granted");
    expect(run.callback.body).toContain("<strong>video.list</strong>");
    expect(run.callback.body).toContain(`${RETURN_ORIGIN}/x?tiktok=connected`);
    const account = await t.deps.accounts.getByOpenId(creator.openId);
    expect(account?.grantedScopes.sort()).toEqual(granted);
    expect(account?.profile?.followerCount).toBeUndefined();
    const jobs = await t.deps.queues.ingestion.getJobs(["waiting", "delayed", "prioritized"]);
    expect(jobs.filter((job) => job.data.accountId === account?._id)).toHaveLength(0);
    expect((await t.deps.connectSessions.get(run.sessionId))?.outcome?.result).toBe("partial");
  });

  it("refuses a replayed callback (state reused) without touching the account", async () => {
    const creator = t.sandbox.scenario.addCreator();
    const run = await runConsent(t, { userId: "user_replay", openId: creator.openId });
    const before = await t.deps.accounts.getByOpenId(creator.openId);
    const replay = await t.app.inject({
      method: "GET",
      url: pathOf(run.location),
      headers: { cookie: run.started.cookie },
    });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain("We could not finish connecting");
    const after = await t.deps.accounts.getByOpenId(creator.openId);
    expect(after?.credentialsVersion).toBe(before?.credentialsVersion);
  });

  it.each([
    ["a forged state", "/auth/tiktok/callback?code=abc&state=forged-state-value"],
    ["no state", "/auth/tiktok/callback?code=abc"],
    ["nothing at all", "/auth/tiktok/callback"],
  ])("refuses %s with a clear page", async (_name, url) => {
    const response = await t.app.inject({ method: "GET", url });
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toContain("text/html");
  });

  it("refuses an expired state and stores nothing", async () => {
    const creator = t.sandbox.scenario.addCreator();
    const { body } = await createSession(t, { userId: "user_exp" });
    const started = await startConsent(t, body.id);
    const location = await t.sandbox.scenario.authorize({ authorizeUrl: started.authorizeUrl, openId: creator.openId });
    t.advanceClock(11 * 60_000);
    try {
      const late = await t.app.inject({ method: "GET", url: pathOf(location), headers: { cookie: started.cookie } });
      expect(late.statusCode).toBe(400);
    } finally {
      t.advanceClock(-11 * 60_000);
    }
    expect(await t.deps.accounts.getByOpenId(creator.openId)).toBeNull();
  });

  it("refuses a callback from a browser that did not start the session", async () => {
    const creator = t.sandbox.scenario.addCreator();
    const other = await createSession(t, { userId: "user_other" });
    const { body } = await createSession(t, { userId: "user_mismatch" });
    const started = await startConsent(t, body.id);
    const location = await t.sandbox.scenario.authorize({ authorizeUrl: started.authorizeUrl, openId: creator.openId });
    const response = await t.app.inject({
      method: "GET",
      url: pathOf(location),
      headers: { cookie: `tp_connect=${other.body.id}` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("another browser");
    expect(await t.deps.accounts.getByOpenId(creator.openId)).toBeNull();
  });

  it("refuses a reused code: error outcome, and the existing tokens stay", async () => {
    const creator = t.sandbox.scenario.addCreator();
    const first = await runConsent(t, { userId: "user_code", openId: creator.openId });
    const before = await t.deps.accounts.getByOpenId(creator.openId);
    const code = new URL(first.location).searchParams.get("code") ?? "";
    const { body } = await createSession(t, { userId: "user_code" });
    const started = await startConsent(t, body.id);
    const state = new URL(started.authorizeUrl).searchParams.get("state") ?? "";
    const reuse = await t.app.inject({
      method: "GET",
      url: `/auth/tiktok/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
      headers: { cookie: started.cookie },
    });
    keep(reuse);
    expect(reuse.statusCode).toBe(200);
    expect(reuse.body).toContain("Something went wrong");
    const after = await t.deps.accounts.getByOpenId(creator.openId);
    expect(after?.credentials).toEqual(before?.credentials);
    expect((await t.deps.connectSessions.get(body.id))?.outcome?.result).toBe("error");
  });

  it("reconnects an existing account: same id, history kept, new tokens", async () => {
    const creator = t.sandbox.scenario.addCreator();
    await runConsent(t, { userId: "user_again", openId: creator.openId });
    const first = await t.deps.accounts.getByOpenId(creator.openId);
    if (!first) throw new Error("first consent failed");
    await t.deps.accounts.recordSync(first._id, { videosSyncedAt: new Date("2026-01-02T00:00:00Z") });
    await t.deps.credentials.clearCredentials(first._id);
    const second = await runConsent(t, { userId: "user_again", openId: creator.openId });
    expect(second.callback.statusCode).toBe(200);
    const after = await t.deps.accounts.getByOpenId(creator.openId);
    expect(after?._id).toBe(first._id);
    expect(after?.createdAt).toEqual(first.createdAt);
    expect(after?.sync.videosSyncedAt).toEqual(new Date("2026-01-02T00:00:00Z"));
    expect(after?.credentials?.accessToken.ct).toBeDefined();
    expect(after?.credentials?.accessToken.ct).not.toBe(first.credentials?.accessToken.ct);
    expect(after?.credentialsVersion).toBeGreaterThan(first.credentialsVersion);
  });

  it("never lets a token or code reach a response, a log line or the database", async () => {
    const issued = t.sandbox.scenario.issuedTokens();
    expect(issued.length).toBeGreaterThan(5);
    const dump = await dumpDatabase(t.deps.db);
    const logs = t.logs.join("\n");
    const seen = responses.join("\n");
    for (const token of issued) {
      expect(dump).not.toContain(token);
      expect(logs).not.toContain(token);
      expect(seen).not.toContain(token);
    }
    expect(logs).toContain("/auth/tiktok/callback");
  });
});
