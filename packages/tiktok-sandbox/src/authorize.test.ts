import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeUrl, exchangeCode, postForm, REDIRECT_URI, startSandbox, type TokenResponse } from "./test-support";
import type { TikTokSandbox } from "./types";

let sbx: TikTokSandbox;
beforeAll(async () => {
  sbx = await startSandbox();
});
afterAll(() => sbx.close());

const decode = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** What a browser would submit: hidden fields, the selected creator and the checked boxes. */
function formOf(html: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form[decode(name as string)] = decode(value as string);
  }
  form.open_id = decode(/<option value="([^"]+)"[^>]* selected>/.exec(html)?.[1] ?? "");
  form.granted_scope = [...html.matchAll(/name="granted_scope" value="([^"]+)" checked>/g)].map((m) =>
    decode(m[1] as string),
  );
  return form;
}

async function page(params: Record<string, string | undefined> = {}) {
  const response = await fetch(authorizeUrl(sbx, params), { redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
}

async function submit(form: Record<string, string | string[]>, decision: "approve" | "deny") {
  const response = await postForm(`${sbx.url}/v2/auth/authorize/`, { ...form, decision });
  return { status: response.status, location: response.headers.get("location") ?? "", html: await response.text() };
}

describe("authorize page", () => {
  it("is an accessible form: every control labelled, named buttons, a lang, no script needed", async () => {
    const { status, html } = await page();
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<form method="post" action="\/v2\/auth\/authorize\/">/);
    expect(html).not.toMatch(/<script/i);
    const ids = [...html.matchAll(/<(?:input|select) (?:type="checkbox" )?id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(5); // the creator select and four scope boxes
    for (const id of ids) expect(html).toContain(`<label for="${id}">`);
    expect(html).toContain('<button type="submit" name="decision" value="approve">Authorize</button>');
    expect(html).toContain('<button type="submit" name="decision" value="deny">Cancel</button>');
    expect(html).toContain("<legend>Permissions to grant</legend>");
  });

  it("checks every requested scope by default and preselects the first creator", async () => {
    const form = formOf((await page()).html);
    expect(form.granted_scope).toEqual(["user.info.basic", "user.info.profile", "user.info.stats", "video.list"]);
    expect(form.open_id).toBe(sbx.scenario.creators()[0]?.openId);
  });

  it("approve redirects back with code and state, and the code is exchangeable", async () => {
    const { status, location } = await submit(formOf((await page()).html), "approve");
    expect(status).toBe(302);
    const url = new URL(location);
    expect(`${url.origin}${url.pathname}`).toBe(REDIRECT_URI);
    expect(url.searchParams.get("state")).toBe("state-123");
    const code = url.searchParams.get("code") ?? "";
    expect(location).toContain("%21"); // codes carry "!" and must be URL-decoded, as TikTok's
    expect((await exchangeCode(sbx, code)).status).toBe(200);
  });

  it("deny redirects back with access_denied, a description and the state", async () => {
    const { status, location } = await submit(formOf((await page()).html), "deny");
    expect(status).toBe(302);
    const params = new URL(location).searchParams;
    expect(params.get("error")).toBe("access_denied");
    expect(params.get("error_description")).toBeTruthy();
    expect(params.get("state")).toBe("state-123");
    expect(params.get("code")).toBeNull();
  });

  it("grants only the boxes left checked, for the creator picked via sandbox_open_id", async () => {
    const mei = sbx.scenario.creators().find((c) => c.username === "mei.runs");
    const { html } = await page({ sandbox_open_id: mei?.openId });
    const form = formOf(html);
    expect(form.open_id).toBe(mei?.openId);
    form.granted_scope = ["user.info.basic", "video.list"];
    const { location } = await submit(form, "approve");
    const token = (await (
      await exchangeCode(sbx, new URL(location).searchParams.get("code") ?? "")
    ).json()) as TokenResponse;
    expect(token.scope).toBe("user.info.basic,video.list");
    expect(token.open_id).toBe(mei?.openId);
  });

  it("asks again when no box is checked", async () => {
    const form = { ...formOf((await page()).html), granted_scope: [] };
    const { status, html } = await submit(form, "approve");
    expect(status).toBe(400);
    expect(html).toContain('role="alert"');
    expect(html).toContain("<form");
  });

  it.each([
    ["a wrong client_key", { client_key: "nope" }, "client_key"],
    ["client_id instead of client_key", { client_key: undefined, client_id: "sbx_client_key" }, "client_key"],
    ["a non-local redirect_uri", { redirect_uri: "https://evil.example/cb" }, "redirect_uri"],
    ["a redirect_uri with a fragment", { redirect_uri: `${REDIRECT_URI}#x` }, "redirect_uri"],
    ["no code_challenge", { code_challenge: undefined }, "code_challenge"],
    ["code_challenge_method=plain", { code_challenge_method: "plain" }, "code_challenge_method"],
    ["response_type=token", { response_type: "token" }, "response_type"],
    ["space-separated scopes", { scope: "user.info.basic video.list" }, "scope"],
    ["an unknown scope", { scope: "user.info.basic,video.data" }, "scope"],
    ["an unknown sandbox_open_id", { sandbox_open_id: "nobody" }, "sandbox_open_id"],
  ])("shows TikTok's error page (never a redirect) for %s", async (_name, params, problem) => {
    const { status, location, html } = await page(params);
    expect(status).toBe(400);
    expect(location).toBeNull();
    expect(html).toContain("We couldn't log in with TikTok");
    expect(html).toContain("correct the following and try again");
    expect(html).toContain(`<li><code>${problem}</code></li>`);
  });

  it("re-validates on POST, so a tampered redirect_uri is refused", async () => {
    const form = { ...formOf((await page()).html), redirect_uri: "https://evil.example/cb" };
    const { status, location, html } = await submit(form, "approve");
    expect(status).toBe(400);
    expect(location).toBe("");
    expect(html).toContain("<li><code>redirect_uri</code></li>");
  });

  it("scenario.authorize does what the page does and rejects what it rejects", async () => {
    const location = await sbx.scenario.authorize({ authorizeUrl: authorizeUrl(sbx), grantedScopes: ["video.list"] });
    expect(new URL(location).searchParams.get("code")).toBeTruthy();
    const denied = await sbx.scenario.authorize({ authorizeUrl: authorizeUrl(sbx), deny: true });
    expect(new URL(denied).searchParams.get("error")).toBe("access_denied");
    await expect(
      sbx.scenario.authorize({ authorizeUrl: authorizeUrl(sbx, { code_challenge: undefined }) }),
    ).rejects.toThrow(/code_challenge/);
    await expect(
      sbx.scenario.authorize({ authorizeUrl: authorizeUrl(sbx), grantedScopes: ["video.publish"] }),
    ).rejects.toThrow(/not requested/);
  });
});

describe("registered redirect URIs", () => {
  it("accepts only an exact match", async () => {
    const strict = await startSandbox({ redirectUris: ["https://app.example/tiktok/callback"] });
    try {
      const ok = await fetch(authorizeUrl(strict, { redirect_uri: "https://app.example/tiktok/callback" }));
      expect(ok.status).toBe(200);
      for (const uri of [
        "https://app.example/tiktok/callback/",
        REDIRECT_URI,
        "https://app.example/tiktok/callback?x=1",
      ]) {
        const refused = await fetch(authorizeUrl(strict, { redirect_uri: uri }));
        expect(refused.status).toBe(400);
        expect(await refused.text()).toContain("<li><code>redirect_uri</code></li>");
      }
    } finally {
      await strict.close();
    }
  });
});
