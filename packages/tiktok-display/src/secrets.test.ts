import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import type { TikTokClient } from "./client";
import {
  CLIENT_SECRET,
  fakeFetch,
  jsonResponse,
  type RecordedRequest,
  rejectionOf,
  testClient,
  textResponse,
} from "./test-support";
import type { FetchLike } from "./transport";

const ACCESS = "act.SECRETaccess0123456789";
const REFRESH = "rft.SECRETrefresh0123456789";
const CODE = "code_SECRET_0123456789";
const VERIFIER = "verifierSECRET".padEnd(64, "x");
const SECRETS = [CLIENT_SECRET, ACCESS, REFRESH, CODE, VERIFIER, "SECRET"];

// TikTok echoing back everything it was sent (form body, Authorization header, URL) is the worst case for leaking
// through its own messages; token-shaped strings it was never sent must be hidden too.
function echoOf(request: RecordedRequest): string {
  const form = [...new URLSearchParams(request.body ?? "").values()].join(" ");
  return `${form} ${request.body ?? ""} ${request.headers.authorization ?? ""} ${request.url} act.unknownOther rft.unknownOther`;
}

type Respond = (request: RecordedRequest) => Response | Promise<Response>;
const failures: Array<[string, Respond]> = [
  ["OAuth error", (r) => jsonResponse({ error: "invalid_grant", error_description: echoOf(r), log_id: "L" }, 400)],
  [
    "Display error",
    (r) => jsonResponse({ data: {}, error: { code: "access_token_invalid", message: echoOf(r) } }, 401),
  ],
  ["429", (r) => jsonResponse({ data: {}, error: { code: "rate_limit_exceeded", message: echoOf(r) } }, 429)],
  ["HTML error page", (r) => textResponse(`<html>${echoOf(r)}</html>`, 500)],
  ["HTML success page", (r) => textResponse(`<html>${echoOf(r)}</html>`, 200)],
  ["unexpected JSON", (r) => jsonResponse([{ open_id: 5, display_name: echoOf(r), access_token: 7 }])],
  ["network error", (r) => Promise.reject(new TypeError(`fetch failed ${echoOf(r)}`, { cause: new Error(echoOf(r)) }))],
];

const calls: Array<[string, (client: TikTokClient) => Promise<unknown>]> = [
  ["exchangeCode", (c) => c.exchangeCode({ code: CODE, redirectUri: "https://app/cb", codeVerifier: VERIFIER })],
  ["refreshAccessToken", (c) => c.refreshAccessToken(REFRESH)],
  ["revokeToken", (c) => c.revokeToken(ACCESS)],
  ["getUserInfo", (c) => c.getUserInfo(ACCESS, ["display_name"])],
  ["listVideos", (c) => c.listVideos(ACCESS, { fields: ["title"] })],
  ["queryVideos", (c) => c.queryVideos(ACCESS, ["1"], ["title"])],
  ["fetchOEmbed", (c) => c.fetchOEmbed("https://www.tiktok.com/@a/video/1")],
];

function renderings(error: unknown): string[] {
  const e = error as Error;
  return [String(e), e.message, e.stack ?? "", JSON.stringify(e), inspect(e, { depth: 10 })];
}

describe("no secret leaks out of errors", () => {
  for (const [callName, call] of calls) {
    it.each(failures)(`${callName}: %s`, async (_label, respond) => {
      const { fetch } = fakeFetch(respond);
      const error = await rejectionOf(call(testClient(fetch)));
      for (const text of renderings(error)) {
        for (const secret of SECRETS) expect(text).not.toContain(secret);
        expect(text).not.toContain("unknownOther");
      }
    });
  }

  it("timeouts carry no secret", async () => {
    const never: FetchLike = () => new Promise<Response>(() => {});
    const error = await rejectionOf(testClient(never, { timeoutMs: 10 }).refreshAccessToken(REFRESH));
    for (const text of renderings(error)) for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it("the client object itself renders no secret", () => {
    const client = testClient(fakeFetch(() => jsonResponse({})).fetch);
    for (const text of [JSON.stringify(client), String(client), inspect(client, { depth: 10 })]) {
      expect(text).not.toContain(CLIENT_SECRET);
    }
  });
});
