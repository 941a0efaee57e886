import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import {
  authorizeUrl,
  connect,
  display,
  exchangeCode,
  postForm,
  REDIRECT_URI,
  refreshToken,
  startSandbox,
  type TokenResponse,
  testClock,
  VERIFIER,
} from "./test-support";
import type { TikTokSandbox } from "./types";

let sbx: TikTokSandbox | undefined;
afterEach(async () => {
  await sbx?.close();
  sbx = undefined;
});

async function codeFor(sandbox: TikTokSandbox, params: Record<string, string> = {}): Promise<string> {
  const location = await sandbox.scenario.authorize({ authorizeUrl: authorizeUrl(sandbox, params) });
  return new URL(location).searchParams.get("code") ?? "";
}

const USER = "/v2/user/info/?fields=open_id";

describe("token endpoint: authorization_code", () => {
  it("returns TikTok's flat token response", async () => {
    sbx = await startSandbox();
    const response = await exchangeCode(sbx, await codeFor(sbx));
    expect(response.status).toBe(200);
    const body = (await response.json()) as TokenResponse;
    expect(Object.keys(body).sort()).toEqual(
      ["access_token", "expires_in", "open_id", "refresh_expires_in", "refresh_token", "scope", "token_type"].sort(),
    );
    expect(body).toMatchObject({
      open_id: sbx.scenario.creators()[0]?.openId,
      scope: "user.info.basic,user.info.profile,user.info.stats,video.list",
      expires_in: 86_400,
      refresh_expires_in: 31_536_000,
      token_type: "Bearer",
    });
    expect(body.access_token).toMatch(/^act\./);
    expect(body.refresh_token).toMatch(/^rft\./);
  });

  it("takes configured lifetimes", async () => {
    sbx = await startSandbox({ accessTokenTtlSec: 7200, refreshTokenTtlSec: 15_552_000 });
    const body = await connect(sbx);
    expect([body.expires_in, body.refresh_expires_in]).toEqual([7200, 15_552_000]);
  });

  it("codes are single-use", async () => {
    sbx = await startSandbox();
    const code = await codeFor(sbx);
    expect((await exchangeCode(sbx, code)).status).toBe(200);
    const again = await exchangeCode(sbx, code);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("codes expire after 10 minutes", async () => {
    const clock = testClock();
    sbx = await startSandbox({ now: clock.now });
    const fresh = await codeFor(sbx);
    const stale = await codeFor(sbx);
    clock.advance(9 * 60_000 + 59_000);
    expect((await exchangeCode(sbx, fresh)).status).toBe(200);
    clock.advance(1_000);
    expect(await (await exchangeCode(sbx, stale)).json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses a verifier whose hex SHA-256 is not the challenge, with TikTok's text", async () => {
    sbx = await startSandbox();
    const code = await codeFor(sbx);
    const response = await exchangeCode(sbx, code, { code_verifier: "another-verifier-another-verifier-another-v" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toMatchObject({
      error: "invalid_request",
      error_description: "Code verifier or code challenge is invalid.",
    });
    expect(body.log_id).toMatch(/^\d{14}[0-9A-F]{20}$/);
    // The code survives a failed attempt, so the right verifier still works.
    expect((await exchangeCode(sbx, code)).status).toBe(200);
  });

  it("refuses a standard base64url (RFC 7636) challenge at the exchange, not on the page", async () => {
    sbx = await startSandbox();
    const base64url = createHash("sha256").update(VERIFIER).digest("base64url");
    expect((await fetch(authorizeUrl(sbx, { code_challenge: base64url }))).status).toBe(200);
    const response = await exchangeCode(sbx, await codeFor(sbx, { code_challenge: base64url }));
    expect(await response.json()).toMatchObject({ error_description: "Code verifier or code challenge is invalid." });
  });

  it("refuses a missing verifier, another redirect_uri, a still-encoded code and a wrong secret", async () => {
    sbx = await startSandbox();
    const code = await codeFor(sbx);
    const cases: [Record<string, string>, string, number][] = [
      [{ code_verifier: "" }, "invalid_request", 400],
      [{ redirect_uri: `${REDIRECT_URI}/other` }, "invalid_grant", 400],
      [{ code: code.replace("!", "%21") }, "invalid_grant", 400], // taken raw from the callback URL
      [{ client_secret: "wrong" }, "invalid_client", 401],
      [{ grant_type: "password" }, "unsupported_grant_type", 400],
    ];
    for (const [overrides, error, status] of cases) {
      const response = await exchangeCode(sbx, code, overrides);
      expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([status, error]);
    }
  });

  it("insists on a form body", async () => {
    sbx = await startSandbox();
    const response = await fetch(`${sbx.url}/v2/oauth/token/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_key: sbx.clientKey, client_secret: sbx.clientSecret, grant_type: "refresh_token" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });

  it("can send OAuth errors with HTTP 200 (TikTok's statuses are unverified)", async () => {
    sbx = await startSandbox();
    sbx.scenario.setFaults({ oauthErrorsWithStatus200: true });
    const response = await exchangeCode(sbx, "no-such-code");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
  });
});

describe("token endpoint: refresh_token", () => {
  it("rotates: a new pair each time, and the old refresh token then fails with invalid_grant", async () => {
    sbx = await startSandbox();
    const first = await connect(sbx, { grantedScopes: ["user.info.basic", "video.list"] });
    const refreshed = await refreshToken(sbx, first.refresh_token);
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as TokenResponse;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second).toMatchObject({ open_id: first.open_id, scope: "user.info.basic,video.list", token_type: "Bearer" });
    expect((await display(sbx, second.access_token, USER)).status).toBe(200);

    const reused = await refreshToken(sbx, first.refresh_token);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: "invalid_grant" });
    expect((await refreshToken(sbx, second.refresh_token)).status).toBe(200);
  });

  it("fails once the refresh token expired (clock or scenario)", async () => {
    const clock = testClock();
    sbx = await startSandbox({ now: clock.now, refreshTokenTtlSec: 3600 });
    const a = await connect(sbx);
    clock.advance(3600 * 1000);
    expect(await (await refreshToken(sbx, a.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
    const b = await connect(sbx);
    sbx.scenario.expireRefreshTokens(b.open_id);
    expect(await (await refreshToken(sbx, b.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
  });
});

describe("access token lifetime", () => {
  it("expires with the injected clock and via scenario.expireAccessTokens", async () => {
    const clock = testClock();
    sbx = await startSandbox({ now: clock.now, accessTokenTtlSec: 7200 });
    const tokens = await connect(sbx);
    clock.advance(7199 * 1000);
    expect((await display(sbx, tokens.access_token, USER)).status).toBe(200);
    clock.advance(1000);
    const expired = await display(sbx, tokens.access_token, USER);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { code: "access_token_invalid" } });

    const next = (await (await refreshToken(sbx, tokens.refresh_token)).json()) as TokenResponse;
    expect((await display(sbx, next.access_token, USER)).status).toBe(200);
    sbx.scenario.expireAccessTokens(next.open_id);
    expect((await display(sbx, next.access_token, USER)).status).toBe(401);
  });
});

describe("revoke", () => {
  const revoke = (sandbox: TikTokSandbox, token: string, secret = sandbox.clientSecret) =>
    postForm(`${sandbox.url}/v2/oauth/revoke/`, { client_key: sandbox.clientKey, client_secret: secret, token });

  it("answers {} and every token of the account stops working", async () => {
    sbx = await startSandbox();
    const a = await connect(sbx);
    const b = await connect(sbx); // a second grant for the same creator
    const response = await revoke(sbx, a.access_token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    for (const token of [a.access_token, b.access_token]) expect((await display(sbx, token, USER)).status).toBe(401);
    for (const token of [a.refresh_token, b.refresh_token]) {
      expect(await (await refreshToken(sbx, token)).json()).toMatchObject({ error: "invalid_grant" });
    }
    // Revoking again (or an unknown token) is not an error.
    expect((await revoke(sbx, a.access_token)).status).toBe(200);
    expect((await revoke(sbx, "act.unknown")).status).toBe(200);
  });

  it("checks the client credentials", async () => {
    sbx = await startSandbox();
    const a = await connect(sbx);
    const response = await revoke(sbx, a.access_token, "wrong");
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
    expect((await display(sbx, a.access_token, USER)).status).toBe(200);
  });

  it("scenario.revokeAuthorization has the same effect", async () => {
    sbx = await startSandbox();
    const a = await connect(sbx);
    sbx.scenario.revokeAuthorization(a.open_id);
    expect((await display(sbx, a.access_token, USER)).status).toBe(401);
  });
});

describe("issued tokens and the request log", () => {
  it("lists every code and token, and the log never contains them", async () => {
    sbx = await startSandbox();
    const a = await connect(sbx);
    await refreshToken(sbx, a.refresh_token);
    const issued = sbx.scenario.issuedTokens();
    expect(issued).toHaveLength(5); // a code, two pairs
    expect(issued).toContain(a.access_token);
    const log = JSON.stringify(sbx.scenario.requests());
    for (const secret of [...issued, sbx.clientSecret]) expect(log).not.toContain(secret);
    expect(sbx.scenario.requests().map((r) => [r.endpoint, r.grantType, r.openId])).toEqual([
      ["token", "authorization_code", a.open_id],
      ["token", "refresh_token", a.open_id],
    ]);
  });
});
