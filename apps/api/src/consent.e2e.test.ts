import { freePort } from "@trendpot/dev-services";
import { launchChromium, watchPageErrors } from "@trendpot/dev-services/browser";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "./test-support/consent-driver";
import { createTestApp, type TestApp } from "./test-support/harness";

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  const port = await freePort();
  t = await createTestApp({ baseUrl: `http://127.0.0.1:${port}` });
  await t.app.listen({ port, host: "127.0.0.1" });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("consent in a real browser", () => {
  it("goes from the hand-off page through TikTok's authorize page to the result page, without console errors", async () => {
    const { body } = await createSession(t, { userId: "user_browser" });
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors = watchPageErrors(page);

    await page.goto(`${body.connectUrl}`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Connect your TikTok account");
    expect(await page.getByText("ingest approved TikTok videos and refresh their metrics periodically").count()).toBe(
      1,
    );
    const overflow = await page.evaluate("document.documentElement.scrollWidth > window.innerWidth");
    expect(overflow).toBe(false);

    await page.getByRole("button", { name: "Continue to TikTok" }).click();
    await page.waitForURL((url) => url.origin === new URL(t.sandbox.url).origin);
    await page.getByRole("button", { name: "Authorize" }).click();

    await page.waitForURL((url) => url.pathname === "/auth/tiktok/callback");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Your TikTok account is connected",
    );
    expect(errors).toEqual([]);
    const account = await t.deps.accounts.getByUserId("user_browser");
    expect(account?.status).toBe("active");
    await page.close();
  });

  it("serves the API docs under their CSP without console errors", async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await page.goto(`${t.config.PUBLIC_BASE_URL}/docs/`);
    await page.getByText("TrendPot TikTok ingestion API").first().waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
