import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { isTikTokApiError, type TikTokApiError } from "./errors";
import {
  CLIENT_KEY,
  CLIENT_SECRET,
  FIXED_NOW,
  fakeFetch,
  jsonResponse,
  rejectionOf,
  testClient,
  textResponse,
} from "./test-support";

const tokenBody = {
  open_id: "open_1",
  scope: "user.info.basic,video.list",
  access_token: "act.access_one",
  expires_in: 7200,
  refresh_token: "rft.refresh_one",
  refresh_expires_in: 15552000,
  token_type: "Bearer",
};

describe("exchangeCode", () => {
  it("posts a form with client_key, client_secret, code, redirect_uri and the PKCE verifier", async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(tokenBody));
    await testClient(fetch).exchangeCode({
      code: "code/1+2",
      redirectUri: "https://app/cb",
      codeVerifier: "v".repeat(64),
    });
    const [request] = requests;
    expect(request?.url.toString()).toBe("https://api.test/v2/oauth/token/");
    expect(request?.method).toBe("POST");
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      client_key: CLIENT_KEY,
      client_secret: CLIENT_SECRET,
      code: "code/1+2",
      grant_type: "authorization_code",
      redirect_uri: "https://app/cb",
      code_verifier: "v".repeat(64),
    });
  });

  it("computes expiry instants from expires_in against the injected clock", async () => {
    const { fetch } = fakeFetch(() => jsonResponse({ ...tokenBody, expires_in: 86400, refresh_expires_in: 31536000 }));
    const tokens = await testClient(fetch).exchangeCode({
      code: "c",
      redirectUri: "https://app/cb",
      codeVerifier: "v",
    });
    expect(tokens.accessTokenExpiresAt).toEqual(new Date(FIXED_NOW.getTime() + 86_400_000));
    expect(tokens.refreshTokenExpiresAt).toEqual(new Date(FIXED_NOW.getTime() + 31_536_000_000));
    expect(tokens.openId).toBe("open_1");
    expect(tokens.grantedScopes).toEqual(["user.info.basic", "video.list"]);
    expect(tokens.accessToken).toBe("act.access_one");
    expect(tokens.refreshToken).toBe("rft.refresh_one");
    expect(tokens.tokenType).toBe("Bearer");
  });

  it("accepts the older data-wrapped token answer and numeric strings", async () => {
    const { fetch } = fakeFetch(() => jsonResponse({ data: { ...tokenBody, expires_in: "3600" }, message: "success" }));
    const tokens = await testClient(fetch).exchangeCode({
      code: "c",
      redirectUri: "https://app/cb",
      codeVerifier: "v",
    });
    expect(tokens.accessTokenExpiresAt).toEqual(new Date(FIXED_NOW.getTime() + 3_600_000));
  });

  it("hides tokens from JSON, String and inspect while keeping them readable", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(tokenBody));
    const tokens = await testClient(fetch).exchangeCode({
      code: "c",
      redirectUri: "https://app/cb",
      codeVerifier: "v",
    });
    for (const rendered of [JSON.stringify(tokens), String(tokens), inspect(tokens), `${tokens}`]) {
      expect(rendered).not.toContain("access_one");
      expect(rendered).not.toContain("refresh_one");
    }
    expect(JSON.parse(JSON.stringify(tokens))).toMatchObject({ openId: "open_1", accessToken: "[redacted]" });
  });

  it("turns the flat OAuth error into a typed error", async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse(
        { error: "invalid_request", error_description: "Code verifier or code challenge is invalid.", log_id: "L1" },
        400,
      ),
    );
    const error = (await rejectionOf(
      testClient(fetch).exchangeCode({ code: "c", redirectUri: "https://app/cb", codeVerifier: "v" }),
    )) as TikTokApiError;
    expect(isTikTokApiError(error, "invalid_request")).toBe(true);
    expect(error.code).toBe("TIKTOK_REQUEST_REJECTED");
    expect(error.endpoint).toBe("oauth.token");
    expect(error.httpStatus).toBe(400);
    expect(error.logId).toBe("L1");
    expect(error.details?.tiktokMessage).toBe("Code verifier or code challenge is invalid.");
  });

  it("treats an OAuth error even with HTTP 200 as an error (status codes are undocumented)", async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({ error: "invalid_client", error_description: "bad", log_id: "L2" }),
    );
    const error = (await rejectionOf(testClient(fetch).refreshAccessToken("rft.x"))) as TikTokApiError;
    expect(error.tiktokCode).toBe("invalid_client");
    expect(error.code).toBe("TIKTOK_AUTH_FAILED");
    expect(error.retryable).toBe(false);
  });

  it.each([
    ["missing access_token", { ...tokenBody, access_token: undefined }, "access_token"],
    ["missing open_id", { ...tokenBody, open_id: undefined }, "open_id"],
    ["expires_in of the wrong type", { ...tokenBody, expires_in: "soon" }, "expires_in"],
    ["a negative expires_in", { ...tokenBody, expires_in: -5 }, "expires_in"],
    ["missing refresh_token", { ...tokenBody, refresh_token: undefined }, "refresh_token"],
  ])("rejects a token answer with %s as malformed", async (_label, body, field) => {
    const { fetch } = fakeFetch(() => jsonResponse(body));
    const error = (await rejectionOf(testClient(fetch).refreshAccessToken("rft.x"))) as TikTokApiError;
    expect(error.tiktokCode).toBe("malformed_response");
    expect(error.code).toBe("TIKTOK_BAD_RESPONSE");
    expect(error.details?.invalidFields).toContain(field);
  });
});

describe("refreshAccessToken", () => {
  it("sends grant_type=refresh_token and returns the rotated refresh token", async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse({ ...tokenBody, refresh_token: "rft.rotated" }));
    const tokens = await testClient(fetch).refreshAccessToken("rft.old");
    const form = Object.fromEntries(new URLSearchParams(requests[0]?.body));
    expect(form).toEqual({
      client_key: CLIENT_KEY,
      client_secret: CLIENT_SECRET,
      grant_type: "refresh_token",
      refresh_token: "rft.old",
    });
    expect(tokens.refreshToken).toBe("rft.rotated");
  });

  it("surfaces invalid_grant for a dead refresh token as an auth failure", async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({ error: "invalid_grant", error_description: "Refresh token is invalid.", log_id: "L3" }, 400),
    );
    const error = (await rejectionOf(testClient(fetch).refreshAccessToken("rft.old"))) as TikTokApiError;
    expect(error.tiktokCode).toBe("invalid_grant");
    expect(error.code).toBe("TIKTOK_AUTH_FAILED");
  });
});

describe("revokeToken", () => {
  it.each([
    ["an empty body", () => new Response(null, { status: 200 })],
    ["{}", () => jsonResponse({})],
    ["an ok envelope", () => jsonResponse({ data: {}, error: { code: "ok", message: "", log_id: "L" } })],
  ])("resolves on %s", async (_label, respond) => {
    const { fetch, requests } = fakeFetch(respond);
    await expect(testClient(fetch).revokeToken("act.revoke_me")).resolves.toBeUndefined();
    expect(requests[0]?.url.toString()).toBe("https://api.test/v2/oauth/revoke/");
    expect(Object.fromEntries(new URLSearchParams(requests[0]?.body))).toEqual({
      client_key: CLIENT_KEY,
      client_secret: CLIENT_SECRET,
      token: "act.revoke_me",
    });
  });

  it("rejects with the OAuth error on failure", async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({ error: "invalid_request", error_description: "", log_id: "L" }, 400),
    );
    const error = (await rejectionOf(testClient(fetch).revokeToken("act.x"))) as TikTokApiError;
    expect(error.tiktokCode).toBe("invalid_request");
    expect(error.endpoint).toBe("oauth.revoke");
  });

  it("rejects a non-JSON success body as malformed", async () => {
    const { fetch } = fakeFetch(() => textResponse("<html>ok</html>"));
    const error = (await rejectionOf(testClient(fetch).revokeToken("act.x"))) as TikTokApiError;
    expect(error.tiktokCode).toBe("malformed_response");
  });
});
