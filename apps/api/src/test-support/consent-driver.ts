import type { TestApp } from "./harness";

/** The cookies a response set, as a Cookie header value. */
export function cookiesOf(headers: Record<string, unknown>): string {
  const raw = headers["set-cookie"];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [String(raw)];
  return list.map((value) => String(value).split(";")[0]).join("; ");
}

/** A path and query of an absolute URL (what inject takes). */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

export async function createSession(t: TestApp, body: Record<string, unknown> = { userId: "user_1" }) {
  const response = await t.app.inject({
    method: "POST",
    url: "/v1/connect-sessions",
    headers: t.auth("platform"),
    payload: body,
  });
  return { response, body: response.json() as { id: string; connectUrl: string; expiresAt: string } };
}

/** Loads the hand-off page and submits Continue; returns TikTok's authorize URL and the browser's cookies. */
export async function startConsent(t: TestApp, sessionId: string) {
  const page = await t.app.inject({ method: "GET", url: `/connect/tiktok?session=${sessionId}` });
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
  const csrfCookie = cookiesOf(page.headers);
  const cont = await t.app.inject({
    method: "POST",
    url: "/connect/tiktok/continue",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    payload: new URLSearchParams({ session: sessionId, csrf }).toString(),
  });
  return { page, cont, authorizeUrl: String(cont.headers.location ?? ""), cookie: cookiesOf(cont.headers) };
}

/** The whole happy path up to the callback; `authorize` lets a test deny or grant a subset. */
export async function runConsent(
  t: TestApp,
  options: { userId?: string; returnUrl?: string; openId?: string; grantedScopes?: string[]; deny?: boolean } = {},
) {
  const { body } = await createSession(t, {
    userId: options.userId ?? "user_1",
    ...(options.returnUrl ? { returnUrl: options.returnUrl } : {}),
  });
  const started = await startConsent(t, body.id);
  const location = await t.sandbox.scenario.authorize({
    authorizeUrl: started.authorizeUrl,
    ...(options.openId ? { openId: options.openId } : {}),
    ...(options.grantedScopes ? { grantedScopes: options.grantedScopes } : {}),
    ...(options.deny ? { deny: true } : {}),
  });
  const callback = await t.app.inject({ method: "GET", url: pathOf(location), headers: { cookie: started.cookie } });
  return { sessionId: body.id, started, location, callback };
}
