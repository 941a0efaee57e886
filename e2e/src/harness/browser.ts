import { launchChromium, watchPageErrors } from "@trendpot/dev-services/browser";
import type { Browser } from "playwright-core";
import type { Stack } from "./stack";

/** Headless Debian Chromium (installed when missing), from dev-services. */
export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

export interface ConsentOutcome {
  sessionId: string;
  /** The result page's `<h1>`. */
  heading: string;
  /** The result page's visible text. */
  text: string;
  /** Console errors, page errors and 4xx/5xx responses seen on the way. */
  errors: string[];
}

/**
 * What a creator does: the platform makes a connect session, the creator opens its URL, presses Continue, logs in
 * as `openId` on TikTok's (the sandbox's) authorize page, unticks the scopes not in `grant`, and presses Authorize
 * (or Cancel with `deny`), and ends on the api's result page.
 */
export async function connectInBrowser(
  stack: Stack,
  browser: Browser,
  input: { userId: string; openId: string; grant?: string[]; deny?: boolean },
): Promise<ConsentOutcome> {
  const session = await stack.api.post<{ id: string; connectUrl: string }>("/v1/connect-sessions", {
    userId: input.userId,
  });
  if (session.status !== 201 && session.status !== 200) {
    throw new Error(`POST /v1/connect-sessions answered ${session.status}: ${session.text}`);
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  try {
    await page.goto(session.body.connectUrl);
    await page.getByRole("button", { name: "Continue to TikTok" }).click();
    await page.waitForURL((url) => url.origin === stack.sandbox.url);
    await page.locator("select[name=open_id]").selectOption(input.openId);
    if (input.grant) {
      for (const box of await page.locator("input[name=granted_scope]").all()) {
        const scope = await box.getAttribute("value");
        if (scope && !input.grant.includes(scope)) await box.uncheck();
      }
    }
    await page.getByRole("button", { name: input.deny ? "Cancel" : "Authorize" }).click();
    await page.waitForURL((url) => url.origin === stack.apiUrl && url.pathname === "/auth/tiktok/callback");
    const heading = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
    const text = (await page.locator("body").textContent()) ?? "";
    return { sessionId: session.body.id, heading, text, errors };
  } finally {
    await context.close();
  }
}
