import { afterEach, describe, expect, it } from "vitest";
import { authorizeUrl, connect, display, startSandbox, testClock } from "./test-support";
import type { TikTokSandbox } from "./types";

const FIELDS = "/v2/user/info/?fields=open_id";
let sbx: TikTokSandbox | undefined;
afterEach(async () => {
  await sbx?.close();
  sbx = undefined;
});

async function calls(sandbox: TikTokSandbox, token: string, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 1) statuses.push((await display(sandbox, token, FIELDS)).status);
  return statuses;
}

describe("rate limit", () => {
  it("is a true sliding 60 s window: a burst either side of a minute boundary is not let through twice", async () => {
    const clock = testClock(Date.UTC(2026, 0, 15, 11, 58, 0));
    sbx = await startSandbox({ now: clock.now, rateLimit: { perMinute: 10, perDay: 1000 } });
    const { access_token: token } = await connect(sbx);

    clock.set(Date.UTC(2026, 0, 15, 12, 0, 50));
    expect(await calls(sbx, token, 10)).toEqual(Array(10).fill(200));

    // 12:01:00.500: a fixed per-minute counter would have reset and let 10 more through (20 within 11 s).
    clock.set(Date.UTC(2026, 0, 15, 12, 1, 0, 500));
    expect(await calls(sbx, token, 3)).toEqual([429, 429, 429]);

    // The burst leaves the window exactly 60 s after it entered.
    clock.set(Date.UTC(2026, 0, 15, 12, 1, 49, 999));
    expect(await calls(sbx, token, 1)).toEqual([429]);
    clock.set(Date.UTC(2026, 0, 15, 12, 1, 50, 0));
    expect(await calls(sbx, token, 11)).toEqual([...Array(10).fill(200), 429]);

    const accepted = sbx.scenario.requests().filter((r) => r.endpoint === "user.info" && r.status === 200);
    for (const first of accepted) {
      const inWindow = accepted.filter((r) => r.at >= first.at && r.at < first.at + 60_000);
      expect(inWindow.length).toBeLessThanOrEqual(10);
    }
  });

  it("answers 429 in the Display shape, counts only accepted calls, and logs them", async () => {
    const clock = testClock();
    sbx = await startSandbox({ now: clock.now, rateLimit: { perMinute: 2 } });
    const { access_token: token } = await connect(sbx);
    await display(sbx, token, FIELDS);
    const limited = await display(sbx, token, FIELDS);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeNull();
    expect(limited.headers.get("x-ratelimit-reset")).toBeNull();
    const body = (await limited.json()) as { data: unknown; error: { code: string; log_id: string } };
    expect(body.data).toEqual({});
    expect(body.error.code).toBe("rate_limit_exceeded");
    expect(body.error.log_id).toMatch(/^\d{14}[0-9A-F]{20}$/);
    // Hammering while limited does not extend the wait.
    await calls(sbx, token, 5);
    clock.advance(60_000);
    expect((await display(sbx, token, FIELDS)).status).toBe(200);
    const statuses = sbx.scenario
      .requests()
      .filter((r) => r.endpoint === "user.info")
      .map((r) => r.status);
    expect(statuses).toEqual([200, 429, 429, 429, 429, 429, 429, 200]);
  });

  it("caps calls per UTC day and resets at midnight", async () => {
    const clock = testClock(Date.UTC(2026, 0, 15, 23, 50));
    sbx = await startSandbox({ now: clock.now, rateLimit: { perMinute: 100, perDay: 4 } });
    const { access_token: token } = await connect(sbx); // call 1
    expect(await calls(sbx, token, 3)).toEqual([200, 200, 200]);
    clock.advance(5 * 60_000); // the minute window is empty again, the day is not
    expect(await calls(sbx, token, 1)).toEqual([429]);
    clock.set(Date.UTC(2026, 0, 16, 0, 0, 1));
    expect(await calls(sbx, token, 1)).toEqual([200]);
  });

  it("sends Retry-After and x-ratelimit-reset when configured", async () => {
    const clock = testClock();
    sbx = await startSandbox({ now: clock.now, rateLimit: { perMinute: 1, resetHeaders: true } });
    const { access_token: token } = await connect(sbx);
    clock.advance(20_000);
    const limited = await display(sbx, token, FIELDS);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("40");
    expect(limited.headers.get("x-ratelimit-reset")).toBe(String(Date.UTC(2026, 0, 15, 12, 1, 0) / 1000));
  });

  it("counts the token endpoint with the same per-app budget, or each endpoint apart when perEndpoint", async () => {
    const clock = testClock();
    sbx = await startSandbox({ now: clock.now, rateLimit: { perMinute: 1 } });
    const tokens = await connect(sbx);
    expect((await display(sbx, tokens.access_token, FIELDS)).status).toBe(429);
    await sbx.close();

    sbx = await startSandbox({ now: clock.now, rateLimit: { perMinute: 1, perEndpoint: true } });
    const again = await connect(sbx);
    expect((await display(sbx, again.access_token, FIELDS)).status).toBe(200);
    expect((await display(sbx, again.access_token, FIELDS)).status).toBe(429);
  });

  it("does not count the authorize page or oEmbed", async () => {
    const clock = testClock();
    sbx = await startSandbox({ now: clock.now, rateLimit: { perMinute: 1 } });
    const video = sbx.scenario.videos(sbx.scenario.creators()[0]?.openId ?? "")[0];
    for (let i = 0; i < 3; i += 1) {
      expect((await fetch(`${sbx.url}/oembed?url=${encodeURIComponent(video?.url ?? "")}`)).status).toBe(200);
      expect((await fetch(authorizeUrl(sbx))).status).toBe(200);
    }
    const { access_token: token } = await connect(sbx);
    expect(token).toMatch(/^act\./);
  });
});
