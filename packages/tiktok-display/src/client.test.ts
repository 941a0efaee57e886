import { isAppError } from "@trendpot/errors";
import { describe, expect, it } from "vitest";
import { createTikTokClient } from "./client";
import { fakeFetch, jsonResponse, ok } from "./test-support";

function validationError(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("createTikTokClient", () => {
  it("defaults to TikTok's v2 API host and www.tiktok.com for authorize and oEmbed", async () => {
    const { fetch, requests } = fakeFetch((request) =>
      request.url.pathname === "/oembed" ? jsonResponse({}) : jsonResponse(ok({ user: { open_id: "o" } })),
    );
    const client = createTikTokClient({ clientKey: "ck", clientSecret: "cs", fetch });
    await client.getUserInfo("act.t", []);
    await client.fetchOEmbed("https://www.tiktok.com/@a/video/1");
    const pkce = client.createPkcePair();
    const authorize = new URL(
      client.buildAuthorizeUrl({
        scopes: ["video.list"],
        redirectUri: "https://a/cb",
        state: "s",
        codeChallenge: pkce.codeChallenge,
      }),
    );
    expect(requests.map((r) => r.url.origin)).toEqual(["https://open.tiktokapis.com", "https://www.tiktok.com"]);
    expect(`${authorize.origin}${authorize.pathname}`).toBe("https://www.tiktok.com/v2/auth/authorize/");
  });

  it("keeps a path prefix on the API base URL", async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(ok({ user: { open_id: "o" } })));
    const client = createTikTokClient({
      clientKey: "ck",
      clientSecret: "cs",
      fetch,
      apiBaseUrl: "http://127.0.0.1:1/tt/",
    });
    await client.getUserInfo("act.t", []);
    expect(requests[0]?.url.pathname).toBe("/tt/v2/user/info/");
  });

  it.each([
    ["an empty client key", { clientKey: " " }, /clientKey/],
    ["an empty client secret", { clientSecret: "" }, /clientSecret/],
    ["a relative API base URL", { apiBaseUrl: "/api" }, /apiBaseUrl/],
    ["a non-http oEmbed base URL", { oembedBaseUrl: "ftp://x" }, /oembedBaseUrl/],
    ["a zero timeout", { timeoutMs: 0 }, /timeoutMs/],
  ])("rejects %s", (_label, override, message) => {
    const error = validationError(() => createTikTokClient({ clientKey: "ck", clientSecret: "cs", ...override }));
    expect(isAppError(error, "VALIDATION_FAILED")).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
