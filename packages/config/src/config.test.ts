import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  budgetEnv,
  ConfigError,
  checkClientSecret,
  mongoEnv,
  oauthEnv,
  parseApiKeys,
  parseEnv,
  resolveRedirectUri,
  tiktokClientEnv,
  workerJobsEnv,
} from "./index";

const secret = "s3cr3t-value-that-must-not-leak";

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseEnv", () => {
  it("applies the contract's defaults", () => {
    const env = parseEnv(budgetEnv.extend(workerJobsEnv.shape), {});
    expect(env).toMatchObject({
      TIKTOK_INGESTION_PAGE_SIZE: 20,
      TIKTOK_INGESTION_RATE_LIMIT_PER_MIN: 90,
      TIKTOK_INGESTION_RATE_LIMIT_PER_DAY: 5_000,
      TIKTOK_INGESTION_RATE_WINDOW_MS: 62_000,
      TIKTOK_INGESTION_MAX_IN_FLIGHT: 5,
      TIKTOK_INGESTION_RETRY_BACKOFF_MS: 5_000,
      TIKTOK_INGESTION_CONCURRENCY: 1,
      TIKTOK_REFRESH_CONCURRENCY: 1,
      TIKTOK_METRICS_REFRESH_INTERVAL_MS: 900_000,
      TIKTOK_INGESTION_METRICS_BATCH_SIZE: 20,
    });
    expect(parseEnv(tiktokClientEnv, { TIKTOK_CLIENT_KEY: "k" }).TIKTOK_DISPLAY_API_BASE_URL).toBe(
      "https://open.tiktokapis.com",
    );
  });

  it("treats empty strings as unset and coerces numbers", () => {
    const env = parseEnv(budgetEnv.extend(workerJobsEnv.shape), {
      TIKTOK_INGESTION_PAGE_SIZE: "  ",
      TIKTOK_INGESTION_RATE_LIMIT_PER_MIN: "60",
    });
    expect(env.TIKTOK_INGESTION_PAGE_SIZE).toBe(20);
    expect(env.TIKTOK_INGESTION_RATE_LIMIT_PER_MIN).toBe(60);
  });

  it("never lets the budget's window be shorter than TikTok's 60 s", () => {
    const error = configErrorOf(() => parseEnv(budgetEnv, { TIKTOK_INGESTION_RATE_WINDOW_MS: "59999" }));
    expect(error.issues.map((i) => i.variable)).toEqual(["TIKTOK_INGESTION_RATE_WINDOW_MS"]);
    expect(parseEnv(budgetEnv, { TIKTOK_INGESTION_RATE_WINDOW_MS: "65000" }).TIKTOK_INGESTION_RATE_WINDOW_MS).toBe(
      65_000,
    );
  });

  it("splits the space-separated scope bundle", () => {
    const env = parseEnv(oauthEnv, {
      TIKTOK_DISPLAY_SCOPES: "user.info.basic  video.list",
      TIKTOK_WEBHOOK_SECRET: "x".repeat(32),
    });
    expect(env.TIKTOK_DISPLAY_SCOPES).toEqual(["user.info.basic", "video.list"]);
  });

  it("names every offending variable at once and never echoes a value", () => {
    const schema = mongoEnv.extend(budgetEnv.shape).extend(workerJobsEnv.shape).extend(oauthEnv.shape);
    const error = configErrorOf(() =>
      parseEnv(schema, {
        MONGODB_URI: `http://${secret}`,
        TIKTOK_INGESTION_PAGE_SIZE: "21",
        TIKTOK_INGESTION_RATE_LIMIT_PER_MIN: "ninety",
        TIKTOK_WEBHOOK_SECRET: "short",
      }),
    );
    expect(error.issues.map((i) => i.variable).sort()).toEqual([
      "MONGODB_URI",
      "TIKTOK_INGESTION_PAGE_SIZE",
      "TIKTOK_INGESTION_RATE_LIMIT_PER_MIN",
      "TIKTOK_WEBHOOK_SECRET",
    ]);
    expect(error.message).toContain("TIKTOK_INGESTION_PAGE_SIZE: must be at most 20");
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain("short");
    expect(error.stack ?? "").not.toContain(secret);
  });

  it("reports missing required variables as such", () => {
    const error = configErrorOf(() => parseEnv(z.object({ TIKTOK_CLIENT_KEY: z.string() }), {}));
    expect(error.message).toContain("TIKTOK_CLIENT_KEY: is required but not set");
  });
});

describe("resolution rules", () => {
  it("prefers TIKTOK_DISPLAY_OAUTH_REDIRECT over TIKTOK_REDIRECT_URI", () => {
    expect(resolveRedirectUri({ TIKTOK_REDIRECT_URI: "https://a.example/cb" })).toBe("https://a.example/cb");
    expect(
      resolveRedirectUri({
        TIKTOK_REDIRECT_URI: "https://a.example/cb",
        TIKTOK_DISPLAY_OAUTH_REDIRECT: "https://b.example/cb",
      }),
    ).toBe("https://b.example/cb");
    expect(() => resolveRedirectUri({})).toThrow(ConfigError);
  });

  it("needs exactly one form of the client secret", () => {
    expect(() => checkClientSecret({})).toThrow(/TIKTOK_CLIENT_SECRET/);
    expect(() => checkClientSecret({ TIKTOK_CLIENT_SECRET: "a", TIKTOK_CLIENT_SECRET_ENCRYPTED: "YQ==" })).toThrow(
      /not be set together/,
    );
    expect(() => checkClientSecret({ TIKTOK_CLIENT_SECRET_ENCRYPTED: "YQ==" })).not.toThrow();
  });

  it("parses API keys and rejects malformed entries without echoing them", () => {
    const hash = "a".repeat(64);
    expect(parseApiKeys([`web:platform:${hash}`])).toEqual([{ name: "web", role: "platform", sha256: hash }]);
    const error = configErrorOf(() => parseApiKeys([`web:root:${hash}`, "plain-key-value"]));
    expect(error.issues).toHaveLength(2);
    expect(error.message).not.toContain("plain-key-value");
  });
});
