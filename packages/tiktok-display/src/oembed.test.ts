import { isAppError } from "@trendpot/errors";
import { describe, expect, it } from "vitest";
import type { TikTokApiError } from "./errors";
import { fakeFetch, jsonResponse, rejectionOf, testClient, textResponse } from "./test-support";

const videoUrl = "https://www.tiktok.com/@scout2015/video/6718335390845095173";

describe("fetchOEmbed", () => {
  it("GETs /oembed with the encoded URL and returns the parsed object untouched", async () => {
    const body = { version: "1.0", type: "video", html: "<blockquote>…</blockquote>", width: "100%" };
    const { fetch, requests } = fakeFetch(() => jsonResponse(body));
    await expect(testClient(fetch).fetchOEmbed(videoUrl)).resolves.toEqual(body);
    expect(`${requests[0]?.url.origin}${requests[0]?.url.pathname}`).toBe("https://embed.test/oembed");
    expect(requests[0]?.url.searchParams.get("url")).toBe(videoUrl);
    expect(requests[0]?.headers.authorization).toBeUndefined();
  });

  it.each([
    ["an array", () => jsonResponse([1, 2])],
    ["a string", () => jsonResponse("hello")],
    ["null", () => jsonResponse(null)],
    ["an HTML page", () => textResponse("<!doctype html><html></html>")],
    ["an empty body", () => new Response("", { status: 200 })],
  ])("rejects %s as malformed", async (_label, respond) => {
    const { fetch } = fakeFetch(respond);
    const error = (await rejectionOf(testClient(fetch).fetchOEmbed(videoUrl))) as TikTokApiError;
    expect(error.tiktokCode).toBe("malformed_response");
    expect(error.endpoint).toBe("oembed");
  });

  it("reports a removed video's 404 as a rejected request", async () => {
    const { fetch } = fakeFetch(() => jsonResponse({ code: 400, message: "Something went wrong" }, 404));
    const error = (await rejectionOf(testClient(fetch).fetchOEmbed(videoUrl))) as TikTokApiError;
    expect(error.tiktokCode).toBe("http_error");
    expect(error.httpStatus).toBe(404);
    expect(error.code).toBe("TIKTOK_REQUEST_REJECTED");
  });

  it("refuses a non-http URL without calling TikTok", async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse({}));
    const error = await rejectionOf(testClient(fetch).fetchOEmbed("javascript:alert(1)"));
    expect(isAppError(error, "VALIDATION_FAILED")).toBe(true);
    expect(requests).toHaveLength(0);
  });
});
