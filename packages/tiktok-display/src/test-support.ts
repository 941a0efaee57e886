import { createTikTokClient, type TikTokClient, type TikTokClientOptions } from "./client";
import type { FetchLike } from "./transport";

/** A request as the fake fetch saw it. */
export interface RecordedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export const CLIENT_KEY = "ck_test_key";
export const CLIENT_SECRET = "cs_test_secret_0123456789";
export const FIXED_NOW = new Date("2026-01-02T03:04:05.000Z");

/** A fetch that records each request and answers with `respond`. */
export function fakeFetch(respond: (request: RecordedRequest, index: number) => Response | Promise<Response>) {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    const request: RecordedRequest = {
      url,
      method: init.method ?? "GET",
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: typeof init.body === "string" ? init.body : undefined,
    };
    requests.push(request);
    return respond(request, requests.length - 1);
  };
  return { fetch, requests };
}

/** A JSON response. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A raw text response. */
export function textResponse(text: string, status = 200, contentType = "text/html"): Response {
  return new Response(text, { status, headers: { "content-type": contentType } });
}

/** TikTok's Display envelope around `data`. */
export function ok(data: unknown): Record<string, unknown> {
  return { data, error: { code: "ok", message: "", log_id: "log_ok" } };
}

/** TikTok's Display envelope carrying an error. */
export function displayError(code: string, message = "", logId = "log_err"): Record<string, unknown> {
  return { data: {}, error: { code, message, log_id: logId } };
}

/** A client on fake hosts with a fixed clock. */
export function testClient(fetch: FetchLike, overrides: Partial<TikTokClientOptions> = {}): TikTokClient {
  return createTikTokClient({
    clientKey: CLIENT_KEY,
    clientSecret: CLIENT_SECRET,
    apiBaseUrl: "https://api.test",
    authBaseUrl: "https://auth.test",
    oembedBaseUrl: "https://embed.test",
    fetch,
    now: () => FIXED_NOW,
    ...overrides,
  });
}

/** Resolves with what `promise` rejects with; fails if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}
