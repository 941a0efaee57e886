import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TikTokClient } from "./client";
import { isTikTokApiError, type TikTokApiError } from "./errors";
import { computeCodeChallenge, createCodeVerifier } from "./pkce";
import {
  ALL_SCOPES,
  authorizeCreator,
  connectCreator,
  REDIRECT_URI,
  SANDBOX_NOW_MS,
  type Sandbox,
  sandboxClient,
  startSandbox,
} from "./sandbox.test-support";
import { rejectionOf } from "./test-support";

let sandbox: Sandbox;
let client: TikTokClient;

beforeAll(async () => {
  sandbox = await startSandbox({ accessTokenTtlSec: 7200, refreshTokenTtlSec: 15_552_000 });
  client = sandboxClient(sandbox);
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.scenario.clearFaults());

describe("authorization code exchange (sandbox)", () => {
  it("completes the PKCE flow and returns tokens with exact expiry instants", async () => {
    const creator = sandbox.scenario.addCreator();
    const { code, codeVerifier, state, returnedState } = await authorizeCreator(sandbox, client, creator.openId);
    expect(returnedState).toBe(state);
    const tokens = await client.exchangeCode({ code, redirectUri: REDIRECT_URI, codeVerifier });
    expect(tokens.openId).toBe(creator.openId);
    expect([...tokens.grantedScopes].sort()).toEqual([...ALL_SCOPES].sort());
    expect(tokens.accessTokenExpiresAt).toEqual(new Date(SANDBOX_NOW_MS + 7_200_000));
    expect(tokens.refreshTokenExpiresAt).toEqual(new Date(SANDBOX_NOW_MS + 15_552_000_000));
    expect(sandbox.scenario.issuedTokens()).toEqual(expect.arrayContaining([tokens.accessToken, tokens.refreshToken]));
    await expect(client.getUserInfo(tokens.accessToken, [])).resolves.toMatchObject({ openId: creator.openId });
  });

  it("reports a partial grant as the granted subset", async () => {
    const creator = sandbox.scenario.addCreator();
    const granted = ["user.info.basic", "video.list"];
    const { code, codeVerifier } = await authorizeCreator(sandbox, client, creator.openId, ALL_SCOPES, granted);
    const tokens = await client.exchangeCode({ code, redirectUri: REDIRECT_URI, codeVerifier });
    expect([...tokens.grantedScopes].sort()).toEqual(granted);
  });

  it("rejects a verifier that does not match the challenge with invalid_request", async () => {
    const creator = sandbox.scenario.addCreator();
    const { code } = await authorizeCreator(sandbox, client, creator.openId);
    const error = (await rejectionOf(
      client.exchangeCode({ code, redirectUri: REDIRECT_URI, codeVerifier: createCodeVerifier() }),
    )) as TikTokApiError;
    expect(error.tiktokCode).toBe("invalid_request");
    expect(error.code).toBe("TIKTOK_REQUEST_REJECTED");
    expect(error.endpoint).toBe("oauth.token");
  });

  it("rejects a base64url (RFC 7636) challenge at the exchange, as TikTok does", async () => {
    const creator = sandbox.scenario.addCreator();
    const codeVerifier = createCodeVerifier();
    const hexUrl = new URL(
      client.buildAuthorizeUrl({
        scopes: ALL_SCOPES,
        redirectUri: REDIRECT_URI,
        state: "s",
        codeChallenge: computeCodeChallenge(codeVerifier),
      }),
    );
    const base64url = Buffer.from(computeCodeChallenge(codeVerifier), "hex").toString("base64url");
    hexUrl.searchParams.set("code_challenge", base64url);
    const location = new URL(
      await sandbox.scenario.authorize({ authorizeUrl: hexUrl.toString(), openId: creator.openId }),
    );
    const error = await rejectionOf(
      client.exchangeCode({ code: location.searchParams.get("code") ?? "", redirectUri: REDIRECT_URI, codeVerifier }),
    );
    expect(isTikTokApiError(error, "invalid_request")).toBe(true);
  });

  it("refuses a code used twice with invalid_grant", async () => {
    const creator = sandbox.scenario.addCreator();
    const { code, codeVerifier } = await authorizeCreator(sandbox, client, creator.openId);
    await client.exchangeCode({ code, redirectUri: REDIRECT_URI, codeVerifier });
    const error = (await rejectionOf(
      client.exchangeCode({ code, redirectUri: REDIRECT_URI, codeVerifier }),
    )) as TikTokApiError;
    expect(error.tiktokCode).toBe("invalid_grant");
    expect(error.code).toBe("TIKTOK_AUTH_FAILED");
    expect(error.retryable).toBe(false);
  });

  it("reads OAuth errors sent with HTTP 200", async () => {
    sandbox.scenario.setFaults({ oauthErrorsWithStatus200: true });
    const error = (await rejectionOf(client.refreshAccessToken("rft.not-issued"))) as TikTokApiError;
    expect(error.tiktokCode).toBe("invalid_grant");
    expect(error.httpStatus).toBe(200);
  });
});

describe("refresh and revoke (sandbox)", () => {
  it("rotates the refresh token and rejects the old one with invalid_grant", async () => {
    const { openId, tokens } = await connectCreator(sandbox, client);
    const refreshed = await client.refreshAccessToken(tokens.refreshToken);
    expect(refreshed.openId).toBe(openId);
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    await expect(client.getUserInfo(refreshed.accessToken, [])).resolves.toMatchObject({ openId });
    const error = (await rejectionOf(client.refreshAccessToken(tokens.refreshToken))) as TikTokApiError;
    expect(error.tiktokCode).toBe("invalid_grant");
    expect(error.code).toBe("TIKTOK_AUTH_FAILED");
    await expect(client.refreshAccessToken(refreshed.refreshToken)).resolves.toMatchObject({ openId });
  });

  it("an expired access token fails with access_token_invalid and a refresh recovers", async () => {
    const { openId, tokens } = await connectCreator(sandbox, client);
    sandbox.scenario.expireAccessTokens(openId);
    const error = (await rejectionOf(client.getUserInfo(tokens.accessToken, []))) as TikTokApiError;
    expect(error.tiktokCode).toBe("access_token_invalid");
    expect(error.code).toBe("TIKTOK_AUTH_FAILED");
    expect(error.httpStatus).toBe(401);
    expect(error.logId).toEqual(expect.any(String));
    const refreshed = await client.refreshAccessToken(tokens.refreshToken);
    await expect(client.getUserInfo(refreshed.accessToken, [])).resolves.toMatchObject({ openId });
  });

  it("revokes an access token, after which it no longer works", async () => {
    const { tokens } = await connectCreator(sandbox, client);
    await expect(client.revokeToken(tokens.accessToken)).resolves.toBeUndefined();
    const error = await rejectionOf(client.getUserInfo(tokens.accessToken, []));
    expect(isTikTokApiError(error, "access_token_invalid")).toBe(true);
  });

  it("a wrong client secret is invalid_client", async () => {
    const wrong = sandboxClient(sandbox, { clientSecret: "not-the-secret" });
    const error = (await rejectionOf(wrong.refreshAccessToken("rft.whatever"))) as TikTokApiError;
    expect(error.tiktokCode).toBe("invalid_client");
    expect(error.code).toBe("TIKTOK_AUTH_FAILED");
  });
});
