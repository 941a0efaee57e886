import { describe, expect, it } from "vitest";
import { buildAuthorizeUrl } from "./authorize-url";

const challenge = "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3";
const params = {
  scopes: ["user.info.basic", "video.list"],
  redirectUri: "https://app.example/callback",
  state: "st_123",
  codeChallenge: challenge,
};

describe("buildAuthorizeUrl", () => {
  it("builds the v2 authorize URL with client_key, comma-joined scopes and S256 PKCE", () => {
    const url = new URL(buildAuthorizeUrl("https://www.tiktok.com", "ck_1", params));
    expect(`${url.origin}${url.pathname}`).toBe("https://www.tiktok.com/v2/auth/authorize/");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_key: "ck_1",
      scope: "user.info.basic,video.list",
      response_type: "code",
      redirect_uri: "https://app.example/callback",
      state: "st_123",
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    expect(url.searchParams.has("client_id")).toBe(false);
  });

  it("keeps a base path prefix and tolerates a trailing slash", () => {
    const url = new URL(buildAuthorizeUrl("http://127.0.0.1:4000/tiktok/", "ck_1", params));
    expect(url.pathname).toBe("/tiktok/v2/auth/authorize/");
  });

  it("trims and de-duplicates scopes", () => {
    const url = new URL(
      buildAuthorizeUrl("https://a.test", "ck", { ...params, scopes: [" video.list", "video.list", ""] }),
    );
    expect(url.searchParams.get("scope")).toBe("video.list");
  });

  it.each([
    ["no scopes", { scopes: [] }, /scope/],
    ["an empty state", { state: "" }, /state/],
    ["a base64url challenge", { codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" }, /hex/],
    ["a relative redirect URI", { redirectUri: "/callback" }, /absolute/],
    ["a non-http redirect URI", { redirectUri: "javascript:alert(1)" }, /http/],
  ])("rejects %s", (_label, override, message) => {
    expect(() => buildAuthorizeUrl("https://a.test", "ck", { ...params, ...override })).toThrow(message);
  });
});
