import { uniqueName } from "@trendpot/dev-services/testing";
import { createTikTokClient, type TikTokClient } from "@trendpot/tiktok-display";
import { createTikTokSandbox, sandboxClientOptions } from "@trendpot/tiktok-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsentGrant, type Credentials, createCredentials } from "./credentials";
import { dumpDatabase, localCipher, openTestDatabase } from "./test-support";
import { consentGrant } from "./testing";

const REDIRECT_URI = "http://127.0.0.1:9/auth/tiktok/callback";
const SCOPES = ["user.info.basic", "video.list"];
const CONTEXT = { requestId: "req_credentials", operation: "credentials.test" };

type Sandbox = Awaited<ReturnType<typeof createTikTokSandbox>>;
let sandbox: Sandbox;
let client: TikTokClient;
let env: Awaited<ReturnType<typeof openTestDatabase>>;
let credentials: Credentials;

beforeAll(async () => {
  sandbox = await createTikTokSandbox({ rateLimit: { perMinute: 100_000, perDay: 1_000_000 } });
  client = createTikTokClient(sandboxClientOptions(sandbox));
  env = await openTestDatabase();
  credentials = createCredentials({ db: env.database.db, cipher: localCipher(), tiktok: client });
});
afterAll(async () => {
  await env.close();
  await sandbox.close();
});

function consent(openId: string): Promise<ConsentGrant> {
  return consentGrant(credentials, {
    client,
    page: sandbox.scenario,
    openId,
    scopes: SCOPES,
    redirectUri: REDIRECT_URI,
  });
}

async function connectCreator(videos = 2) {
  const creator = sandbox.scenario.addCreator();
  sandbox.scenario.addVideos(creator.openId, videos);
  const grant = await consent(creator.openId);
  const account = await credentials.connect({ grant, userId: uniqueName("user"), requestedScopes: SCOPES });
  return { creator, grant, account };
}

/** Every token the sandbox issued that appears in `text`. */
function leakedTokens(text: string): string[] {
  return sandbox.scenario.issuedTokens().filter((token) => text.includes(token));
}

describe("createCredentials", () => {
  it("a grant carries the identity, the scopes and a profile read, but no token", async () => {
    const creator = sandbox.scenario.addCreator({ displayName: "Grant Holder" });
    const grant = await consent(creator.openId);
    expect(grant).toMatchObject({ openId: creator.openId, grantedScopes: SCOPES });
    expect(await grant.display.getUserInfo(["open_id", "display_name"])).toMatchObject({
      openId: creator.openId,
      displayName: "Grant Holder",
    });
    expect(leakedTokens(JSON.stringify(grant))).toEqual([]);
    expect(Object.isFrozen(grant)).toBe(true);
  });

  it("connect stores the grant's tokens sealed, and the account's calls then work", async () => {
    const { creator, account } = await connectCreator(3);
    expect(account).toMatchObject({ openId: creator.openId, grantedScopes: SCOPES, status: "active" });
    expect(leakedTokens(await dumpDatabase(env.database))).toEqual([]);
    const page = await credentials.withDisplay(account._id, CONTEXT, (display) =>
      display.listVideos({ maxCount: 20, fields: ["id"] }),
    );
    expect(page.videos).toHaveLength(3);
  });

  it("connect refuses a grant that exchangeCode did not hand out, and writes nothing", async () => {
    const forged: ConsentGrant = {
      openId: uniqueName("open"),
      grantedScopes: SCOPES,
      display: { getUserInfo: () => Promise.reject(new Error("unused")) },
    };
    await expect(
      credentials.connect({ grant: forged, userId: uniqueName("user"), requestedScopes: SCOPES }),
    ).rejects.toMatchObject({ code: "INTERNAL" });
    expect(await credentials.accounts.getByOpenId(forged.openId)).toBeNull();
  });

  it("withDisplay refreshes once when TikTok calls the token invalid, then runs the call again", async () => {
    const { creator, account } = await connectCreator();
    sandbox.scenario.expireAccessTokens(creator.openId);
    sandbox.scenario.clearRequests();
    let runs = 0;
    const user = await credentials.withDisplay(account._id, CONTEXT, (display) => {
      runs += 1;
      return display.getUserInfo(["open_id"]);
    });
    expect(user.openId).toBe(creator.openId);
    expect(runs).toBe(2);
    const calls = sandbox.scenario.requests().map((request) => request.path);
    expect(calls).toEqual(["/v2/user/info/", "/v2/oauth/token/", "/v2/user/info/"]);
    const stored = await credentials.accounts.getById(account._id);
    expect(stored?.credentialsVersion).toBe(account.credentialsVersion + 1);
  });

  it("withDisplay gives up after one refresh: a second rejection propagates", async () => {
    const { creator, account } = await connectCreator();
    let runs = 0;
    const failing = credentials.withDisplay(account._id, CONTEXT, async (display) => {
      runs += 1;
      // Each run's token is made invalid before it is used: the refreshed one too.
      sandbox.scenario.expireAccessTokens(creator.openId);
      return display.getUserInfo(["open_id"]);
    });
    await expect(failing).rejects.toMatchObject({ tiktokCode: "access_token_invalid" });
    expect(runs).toBe(2);
  });

  it("refreshNow says until when the new token holds, and never returns the token", async () => {
    const { account } = await connectCreator();
    const refreshed = await credentials.refreshNow(account._id, CONTEXT);
    expect(Object.keys(refreshed)).toEqual(["expiresAt"]);
    expect(refreshed.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("revokeAtTikTok revokes the account's token at TikTok", async () => {
    const { account } = await connectCreator();
    await credentials.revokeAtTikTok(account._id, CONTEXT);
    const revoked = credentials.withDisplay(account._id, CONTEXT, (display) => display.getUserInfo(["open_id"]));
    // The refresh token went with it: the retry's refresh is refused too.
    await expect(revoked).rejects.toBeTruthy();
    expect(sandbox.scenario.requests().some((request) => request.path === "/v2/oauth/revoke/")).toBe(true);
  });
});
