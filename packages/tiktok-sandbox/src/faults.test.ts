import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { authorizeUrl, connect, display, exchangeCode, startSandbox } from "./test-support";
import type { TikTokSandbox } from "./types";

let sbx: TikTokSandbox;
let token: string;
beforeAll(async () => {
  sbx = await startSandbox({ rateLimit: { perMinute: 10_000 } });
  token = (await connect(sbx)).access_token;
});
afterEach(() => sbx.scenario.clearFaults());
afterAll(() => sbx.close());

const user = () => display(sbx, token, "/v2/user/info/?fields=open_id");
const list = () => display(sbx, token, "/v2/video/list/?fields=id", {});

async function freshCode(): Promise<string> {
  const location = await sbx.scenario.authorize({ authorizeUrl: authorizeUrl(sbx) });
  return new URL(location).searchParams.get("code") ?? "";
}

describe("5xx bursts", () => {
  it("fail the next N calls of one endpoint in the Display shape", async () => {
    sbx.scenario.setFaults({ serverErrors: { count: 2, status: 503, endpoints: ["video.list"] } });
    expect((await user()).status).toBe(200);
    const failed = await list();
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ data: {}, error: { code: "internal_error" } });
    expect(sbx.scenario.faults().serverErrors?.count).toBe(1);
    expect((await list()).status).toBe(503);
    expect((await list()).status).toBe(200);
    expect(sbx.scenario.faults().serverErrors).toBeNull();
    expect(sbx.scenario.requests().filter((r) => r.fault === "server_error")).toHaveLength(2);
  });

  it("hit the token endpoint in the flat OAuth shape", async () => {
    sbx.scenario.setFaults({ serverErrors: { count: 1 } });
    const failed = await exchangeCode(sbx, await freshCode());
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ error: "internal_error", error_description: expect.any(String) });
  });
});

describe("429 storm", () => {
  it("forces rate_limit_exceeded for the next N calls whatever the limiter says", async () => {
    sbx.scenario.setFaults({ rateLimitStorm: { count: 3 } });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await user()).status);
    expect(statuses).toEqual([429, 429, 429, 200]);
    expect(sbx.scenario.requests().filter((r) => r.fault === "rate_limit_storm")).toHaveLength(3);
  });
});

describe("malformed bodies", () => {
  it("non-json: an HTML gateway page with status 200", async () => {
    sbx.scenario.setFaults({ malformed: { count: 1, kind: "non-json" } });
    const response = await user();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
    expect((await user()).headers.get("content-type")).toMatch(/application\/json/);
  });

  it("truncated and empty bodies", async () => {
    sbx.scenario.setFaults({ malformed: { count: 2, kind: "truncated" } });
    for (const call of [user, list]) {
      const text = await (await call()).text();
      expect(text.length).toBeGreaterThan(0);
      expect(() => JSON.parse(text)).toThrow();
    }
    sbx.scenario.setFaults({ malformed: { count: 1, kind: "empty" } });
    expect(await (await user()).text()).toBe("");
  });

  it("missing-fields: Display without data, token without access_token (the code is spent all the same)", async () => {
    sbx.scenario.setFaults({ malformed: { count: 2, kind: "missing-fields" } });
    expect(await (await user()).json()).toEqual({ error: expect.objectContaining({ code: "ok" }) });
    const code = await freshCode();
    const body = (await (await exchangeCode(sbx, code)).json()) as Record<string, unknown>;
    expect(body.access_token).toBeUndefined();
    expect(body.refresh_token).toMatch(/^rft\./);
    expect(await (await exchangeCode(sbx, code)).json()).toMatchObject({ error: "invalid_grant" });
  });
});

describe("slow responses", () => {
  // The delay is a minute, so "was it delayed?" is answered by a client deadline far below it, not by a stopwatch.
  const userWithin = (ms: number) =>
    fetch(`${sbx.url}/v2/user/info/?fields=open_id`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(ms),
    });

  it("delay the chosen endpoint for the next N calls", async () => {
    sbx.scenario.setFaults({ slow: { ms: 60_000, count: 1, endpoints: ["user.info"] } });
    expect((await list()).status).toBe(200);
    await expect(userWithin(300)).rejects.toThrow(/timeout|aborted/i);
    expect(sbx.scenario.faults().slow).toBeNull();
    expect((await user()).status).toBe(200);
  });

  it("regression: a call its client gave up on takes none of the faults set after it", async () => {
    sbx.scenario.setFaults({ slow: { ms: 400, count: 1, endpoints: ["user.info"] } });
    await expect(userWithin(50)).rejects.toThrow(/timeout|aborted/i);
    sbx.scenario.setFaults({ malformed: { count: 1, endpoints: ["user.info"] } });
    // The abandoned call is logged once its delay is over (or, the bug, takes the fault): that, not a stopwatch,
    // says it has been through the hooks.
    const through = () => sbx.scenario.requests().some((r) => r.fault === "slow") || !sbx.scenario.faults().malformed;
    while (!through()) await new Promise((r) => setTimeout(r, 20));
    expect(sbx.scenario.faults().malformed).toMatchObject({ count: 1 });
    const next = await user();
    expect(next.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("without count, stay until cleared", async () => {
    sbx.scenario.setFaults({ slow: { ms: 60_000 } });
    await expect(userWithin(300)).rejects.toThrow(/timeout|aborted/i);
    await expect(userWithin(300)).rejects.toThrow(/timeout|aborted/i);
    sbx.scenario.clearFaults();
    expect((await user()).status).toBe(200);
  });
});
