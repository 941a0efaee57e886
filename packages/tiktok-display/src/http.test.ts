import { AppError } from "@trendpot/errors";
import { describe, expect, it } from "vitest";
import type { TikTokEndpoint } from "./endpoints";
import type { TikTokApiError } from "./errors";
import type { TikTokResponseInfo } from "./http";
import {
  displayError,
  FIXED_NOW,
  fakeFetch,
  jsonResponse,
  ok,
  rejectionOf,
  testClient,
  textResponse,
} from "./test-support";
import type { FetchLike } from "./transport";

const listPage = ok({ videos: [], cursor: 0, has_more: false });

async function listError(respond: () => Response | Promise<Response>): Promise<TikTokApiError> {
  const { fetch } = fakeFetch(respond);
  return (await rejectionOf(testClient(fetch).listVideos("act.t", { fields: [] }))) as TikTokApiError;
}

describe("response normalization", () => {
  it("429 with the Display error and no reset headers: rate limited, retryable, no hint", async () => {
    const error = await listError(() => jsonResponse(displayError("rate_limit_exceeded", "slow down", "L429"), 429));
    expect(error.tiktokCode).toBe("rate_limit_exceeded");
    expect(error.code).toBe("TIKTOK_RATE_LIMITED");
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.logId).toBe("L429");
  });

  it("429 with x-ratelimit-reset in epoch seconds surfaces the wait", async () => {
    const reset = String(FIXED_NOW.getTime() / 1000 + 30);
    const error = await listError(() =>
      jsonResponse(displayError("rate_limit_exceeded"), 429, { "x-ratelimit-reset": reset }),
    );
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.details?.retryAfterMs).toBe(30_000);
  });

  it("429 with Retry-After and a non-JSON body is still rate limited", async () => {
    const error = await listError(
      () => new Response("Too Many Requests", { status: 429, headers: { "retry-after": "12" } }),
    );
    expect(error.tiktokCode).toBe("rate_limit_exceeded");
    expect(error.code).toBe("TIKTOK_RATE_LIMITED");
    expect(error.retryAfterMs).toBe(12_000);
  });

  it("an HTML 502 page from a gateway is a retryable unavailability", async () => {
    const error = await listError(() => textResponse("<html><body>Bad Gateway</body></html>", 502));
    expect(error.tiktokCode).toBe("http_error");
    expect(error.httpStatus).toBe(502);
    expect(error.code).toBe("TIKTOK_UNAVAILABLE");
    expect(error.retryable).toBe(true);
  });

  it("an HTML page with status 200 is a malformed response", async () => {
    const error = await listError(() => textResponse("<html>maintenance</html>", 200));
    expect(error.tiktokCode).toBe("malformed_response");
    expect(error.code).toBe("TIKTOK_BAD_RESPONSE");
    expect(error.details?.reason).toBe("body is not JSON");
  });

  it("truncated JSON is a malformed response", async () => {
    const error = await listError(() => textResponse('{"data":{"videos":[{"id":"1"', 200, "application/json"));
    expect(error.tiktokCode).toBe("malformed_response");
  });

  it("an empty 200 body is malformed for a Display call", async () => {
    const error = await listError(() => new Response(null, { status: 200 }));
    expect(error.tiktokCode).toBe("malformed_response");
    expect(error.details?.invalidFields).toEqual(["(body)"]);
  });

  it("a non-2xx answer with an ok envelope is still an error", async () => {
    const error = await listError(() => jsonResponse(listPage, 404));
    expect(error.tiktokCode).toBe("http_error");
    expect(error.code).toBe("TIKTOK_REQUEST_REJECTED");
  });

  it("normalizes invalid_param to invalid_params", async () => {
    const error = await listError(() => jsonResponse(displayError("invalid_param"), 400));
    expect(error.tiktokCode).toBe("invalid_params");
  });

  it("falls back to the x-tt-logid header for the log id", async () => {
    const error = await listError(() =>
      jsonResponse({ data: {}, error: { code: "internal_error", message: "" } }, 500, { "x-tt-logid": "hdr_log" }),
    );
    expect(error.logId).toBe("hdr_log");
    expect(error.code).toBe("TIKTOK_UNAVAILABLE");
  });

  it("a network failure is typed and retryable", async () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const error = await listError(() => Promise.reject(new TypeError("fetch failed", { cause })));
    expect(error.tiktokCode).toBe("network_error");
    expect(error.code).toBe("TIKTOK_UNAVAILABLE");
    expect(error.retryable).toBe(true);
    expect(error.details?.causeCode).toBe("ECONNREFUSED");
  });

  it("a body that fails mid-read is a network error", async () => {
    const stream = new ReadableStream({
      pull(controller) {
        controller.error(new Error("socket hang up"));
      },
    });
    const error = await listError(() => new Response(stream, { status: 200 }));
    expect(error.tiktokCode).toBe("network_error");
  });
});

describe("timeouts", () => {
  const neverResolves: FetchLike = () => new Promise<Response>(() => {});

  it("a fetch that never resolves (and ignores the signal) times out as a typed retryable error", async () => {
    const error = (await rejectionOf(
      testClient(neverResolves, { timeoutMs: 20 }).getUserInfo("act.t", []),
    )) as TikTokApiError;
    expect(error.tiktokCode).toBe("timeout");
    expect(error.code).toBe("TIKTOK_UNAVAILABLE");
    expect(error.retryable).toBe(true);
    expect(error.details?.timeoutMs).toBe(20);
  });

  it("a body that never finishes times out too", async () => {
    const stalled = new ReadableStream({ start() {} });
    const { fetch } = fakeFetch(() => new Response(stalled, { status: 200 }));
    const error = (await rejectionOf(testClient(fetch, { timeoutMs: 20 }).getUserInfo("act.t", []))) as TikTokApiError;
    expect(error.tiktokCode).toBe("timeout");
  });

  it("passes an abort signal to fetch", async () => {
    let signal: AbortSignal | null | undefined;
    const fetch: FetchLike = async (_url, init) => {
      signal = init.signal;
      return jsonResponse(listPage);
    };
    await testClient(fetch).listVideos("act.t", { fields: [] });
    expect(signal).toBeInstanceOf(AbortSignal);
  });
});

describe("hooks", () => {
  it("wrapRequest runs around every call and sees the typed rejection", async () => {
    const seen: Array<{ endpoint: TikTokEndpoint; error?: unknown }> = [];
    const { fetch } = fakeFetch((_request, index) =>
      index === 0 ? jsonResponse(listPage) : jsonResponse(displayError("rate_limit_exceeded"), 429),
    );
    const client = testClient(fetch, {
      wrapRequest: async (info, perform) => {
        try {
          const value = await perform();
          seen.push({ endpoint: info.endpoint });
          return value;
        } catch (error) {
          seen.push({ endpoint: info.endpoint, error });
          throw error;
        }
      },
    });
    await client.listVideos("act.t", { fields: [] });
    await rejectionOf(client.listVideos("act.t", { fields: [] }));
    expect(seen[0]).toEqual({ endpoint: "video.list" });
    expect(seen[1]?.error).toMatchObject({ tiktokCode: "rate_limit_exceeded", httpStatus: 429 });
  });

  it("an error thrown by wrapRequest (e.g. the budget) propagates and no HTTP call is made", async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(listPage));
    const budgetError = new AppError("BUDGET_EXHAUSTED");
    const client = testClient(fetch, { wrapRequest: () => Promise.reject(budgetError) });
    await expect(client.listVideos("act.t", { fields: [] })).rejects.toBe(budgetError);
    expect(requests).toHaveLength(0);
  });

  it("onResponse reports endpoint, status, outcome and TikTok's log id for successes and failures", async () => {
    const infos: TikTokResponseInfo[] = [];
    const { fetch } = fakeFetch((_request, index) =>
      index === 0
        ? jsonResponse(listPage, 200, { "x-tt-logid": "log_ok" })
        : jsonResponse(displayError("access_token_invalid"), 401),
    );
    const client = testClient(fetch, { onResponse: (info) => infos.push(info) });
    await client.listVideos("act.t", { fields: [] });
    await rejectionOf(client.getUserInfo("act.t", []));
    expect(infos.map(({ durationMs: _ignored, ...rest }) => rest)).toEqual([
      { endpoint: "video.list", httpStatus: 200, outcome: "ok", logId: "log_ok" },
      { endpoint: "user.info", httpStatus: 401, outcome: "access_token_invalid", logId: "log_err" },
    ]);
    for (const info of infos) expect(info.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("onResponse reports transport failures without a status", async () => {
    const infos: TikTokResponseInfo[] = [];
    const fetch: FetchLike = () => Promise.reject(new TypeError("fetch failed"));
    await rejectionOf(testClient(fetch, { onResponse: (info) => infos.push(info) }).fetchOEmbed("https://x.test/v"));
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatchObject({ endpoint: "oembed", outcome: "network_error" });
    expect(infos[0]).not.toHaveProperty("httpStatus");
  });

  it("a throwing onResponse does not change the result", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(listPage));
    const client = testClient(fetch, {
      onResponse: () => {
        throw new Error("telemetry down");
      },
    });
    await expect(client.listVideos("act.t", { fields: [] })).resolves.toMatchObject({ hasMore: false });
  });
});
