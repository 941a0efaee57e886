import type { Stack } from "./stack";

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((value) => value.split(";")[0] ?? "");
}

/**
 * The consent flow over plain HTTP, for suites that need connected creators but not a browser: the same requests
 * a browser sends (hand-off page, Continue with its CSRF token and cookie, TikTok's authorize decision through the
 * sandbox, the callback with the session cookie). Returns the callback's status and page.
 */
export async function connectOverHttp(
  stack: Pick<Stack, "api" | "apiUrl" | "sandbox">,
  input: { userId: string; openId: string; grantedScopes?: string[]; deny?: boolean },
): Promise<{ status: number; html: string }> {
  const session = await stack.api.post<{ id: string; connectUrl: string }>("/v1/connect-sessions", {
    userId: input.userId,
  });
  if (session.status !== 201) throw new Error(`POST /v1/connect-sessions answered ${session.status}: ${session.text}`);
  const page = await fetch(session.body.connectUrl);
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error(`the hand-off page has no CSRF field (status ${page.status})`);
  const cookies = cookiesOf(page);
  const cont = await fetch(`${stack.apiUrl}/connect/tiktok/continue`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ session: session.body.id, csrf }).toString(),
  });
  const authorizeUrl = cont.headers.get("location");
  if (cont.status !== 302 || !authorizeUrl) throw new Error(`Continue answered ${cont.status}, expected a redirect`);
  cookies.push(...cookiesOf(cont));
  const location = await stack.sandbox.scenario.authorize({
    authorizeUrl,
    openId: input.openId,
    ...(input.grantedScopes ? { grantedScopes: input.grantedScopes } : {}),
    ...(input.deny ? { deny: true } : {}),
  });
  const callback = await fetch(location, { redirect: "manual", headers: { cookie: cookies.join("; ") } });
  return { status: callback.status, html: await callback.text() };
}
