import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/harness";

describe("general rate limits fit the caller", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        RATE_LIMIT_PLATFORM_PER_MIN: "5",
        RATE_LIMIT_OPS_PER_MIN: "3",
        RATE_LIMIT_COMPLIANCE_PER_MIN: "2",
        RATE_LIMIT_GENERAL_PER_MIN: "1",
      },
    });
  });
  afterAll(() => t.close());

  const statuses = async (headers: Record<string, string>, count: number) => {
    const out: number[] = [];
    for (let i = 0; i < count; i += 1) {
      out.push((await t.app.inject({ method: "GET", url: "/v1/accounts", headers })).statusCode);
    }
    return out;
  };

  it("gives each key its role's limit, counted per key, and says which in the headers", async () => {
    const first = await t.app.inject({ method: "GET", url: "/v1/accounts", headers: t.auth("platform") });
    expect(first.headers["x-ratelimit-limit"]).toBe("5");
    expect(await statuses(t.auth("platform"), 5)).toEqual([200, 200, 200, 200, 429]);
    expect(await statuses(t.auth("ops"), 4)).toEqual([200, 200, 200, 429]);
    expect(await statuses(t.auth("compliance"), 3)).toEqual([200, 200, 429]);
  });

  it("defaults to a backend's limit for the platform and a browser's for callers without a key", async () => {
    const defaults = await createTestApp();
    try {
      expect(defaults.config.RATE_LIMIT_PLATFORM_PER_MIN).toBe(60_000);
      expect(defaults.config.RATE_LIMIT_OPS_PER_MIN).toBe(6_000);
      expect(defaults.config.RATE_LIMIT_COMPLIANCE_PER_MIN).toBe(1_200);
      expect(defaults.config.RATE_LIMIT_GENERAL_PER_MIN).toBe(600);
    } finally {
      await defaults.close();
    }
  });
});
