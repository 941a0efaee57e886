import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeUrl, display, exchangeCode, startSandbox, type TokenResponse } from "./test-support";
import type { SandboxCreator, SandboxVideo, TikTokSandbox } from "./types";

let sbx: TikTokSandbox;
beforeAll(async () => {
  sbx = await startSandbox();
});
afterAll(() => sbx.close());

async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sbx.url}/__sandbox${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe("control API", () => {
  it("describes the sandbox", async () => {
    const { body } = await control("GET", "/info");
    expect(body).toMatchObject({ url: sbx.url, clientKey: "sbx_client_key", clientSecret: "sbx_client_secret" });
  });

  it("adds creators and videos, changes videos and sets short pages", async () => {
    const created = await control<SandboxCreator>("POST", "/creators", {
      username: "remote.one",
      displayName: "Remote One",
    });
    expect(created.status).toBe(201);
    const openId = created.body.openId;
    const added = await control<{ videos: SandboxVideo[] }>("POST", `/creators/${openId}/videos`, { count: 3 });
    expect(added.body.videos).toHaveLength(3);
    const explicit = await control<{ videos: SandboxVideo[] }>("POST", `/creators/${openId}/videos`, {
      videos: [{ description: "hello #world", stats: { views: 10 }, growth: false }],
    });
    expect(explicit.body.videos[0]).toMatchObject({ description: "hello #world", viewCount: 10 });
    const id = explicit.body.videos[0]?.id;
    const patched = await control<SandboxVideo>("PATCH", `/videos/${id}`, { visibility: "private" });
    expect(patched.body.visibility).toBe("private");
    const listed = await control<{ videos: SandboxVideo[] }>("GET", `/creators/${openId}/videos`);
    expect(listed.body.videos).toHaveLength(4);
    expect((await control("PUT", `/creators/${openId}/short-pages`, { pageSizes: [1] })).status).toBe(200);
    const creators = await control<{ creators: SandboxCreator[] }>("GET", "/creators");
    expect(creators.body.creators.find((c) => c.openId === openId)?.videoCount).toBe(3);
  });

  it("authorizes, then expires, revokes and lists what was issued", async () => {
    const { body } = await control<{ location: string }>("POST", "/authorize", {
      authorizeUrl: authorizeUrl(sbx),
      grantedScopes: ["user.info.basic"],
    });
    const code = new URL(body.location).searchParams.get("code") ?? "";
    const tokens = (await (await exchangeCode(sbx, code)).json()) as TokenResponse;
    expect(tokens.scope).toBe("user.info.basic");
    const path = "/v2/user/info/?fields=open_id";
    expect((await display(sbx, tokens.access_token, path)).status).toBe(200);
    await control("POST", `/creators/${tokens.open_id}/expire-access-tokens`);
    expect((await display(sbx, tokens.access_token, path)).status).toBe(401);
    await control("POST", `/creators/${tokens.open_id}/revoke`);
    const issued = await control<{ tokens: string[] }>("GET", "/issued-tokens");
    expect(issued.body.tokens).toEqual(expect.arrayContaining([code, tokens.access_token, tokens.refresh_token]));
  });

  it("moves the clock for tests that cannot inject one", async () => {
    const before = (await control<{ now: number }>("GET", "/clock")).body.now;
    const after = (await control<{ now: number }>("POST", "/clock", { advanceMs: 86_400_000 })).body.now;
    expect(after - before).toBeGreaterThanOrEqual(86_400_000);
  });

  it("sets, reads and clears faults", async () => {
    const set = await control("PATCH", "/faults", { rateLimitStorm: { count: 1, endpoints: ["user.info"] } });
    expect(set.body).toMatchObject({ rateLimitStorm: { count: 1 } });
    expect((await display(sbx, "act.x", "/v2/user/info/?fields=open_id")).status).toBe(429);
    expect((await control("GET", "/faults")).body).toMatchObject({ rateLimitStorm: null });
    await control("PATCH", "/faults", { serverErrors: { count: 5 } });
    expect((await control("DELETE", "/faults")).body).toMatchObject({ serverErrors: null });
  });

  it("reads and clears the request log (control calls are not in it)", async () => {
    await fetch(`${sbx.url}/oembed?url=x`);
    const { body } = await control<{ requests: { endpoint: string; path: string }[] }>("GET", "/requests");
    expect(body.requests.at(-1)).toMatchObject({ endpoint: "oembed", path: "/oembed" });
    expect(body.requests.some((r) => r.path.startsWith("/__sandbox"))).toBe(false);
    await control("DELETE", "/requests");
    expect((await control<{ requests: unknown[] }>("GET", "/requests")).body.requests).toEqual([]);
  });

  it("sends webhooks and lists deliveries", async () => {
    const openId = sbx.scenario.creators()[0]?.openId;
    const sent = await control("POST", "/webhooks", {
      event: "authorization.removed",
      openId,
      content: { reason: 1 },
      url: `${sbx.url}/nowhere`,
    });
    expect(sent.body).toMatchObject({ status: 404 });
    expect((await control<{ deliveries: unknown[] }>("GET", "/webhooks")).body.deliveries).toHaveLength(1);
  });

  it("refuses bad input with a 400 naming the problem, unknown creators with a 404", async () => {
    const bad = await control<{ error: { message: string } }>("POST", "/creators", { followerCount: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("followerCount");
    expect((await control("PATCH", "/faults", { nonsense: true })).status).toBe(400);
    expect((await control("POST", "/creators/nobody/videos", { count: 1 })).status).toBe(404);
    const notJson = await fetch(`${sbx.url}/__sandbox/creators`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);
  });
});
