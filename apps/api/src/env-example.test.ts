import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

/** The repository's `.env.example` as the api would read it (values unquoted, comments dropped). */
function readEnvExample(): Record<string, string> {
  const text = readFileSync(new URL("../../../.env.example", import.meta.url), "utf8");
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=("[^"]*"|\S*)/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) env[match[1]] = match[2].replace(/^"|"$/g, "");
  }
  return env;
}

// The example ships no secret; the one value it cannot carry is filled in, the rest is taken as written.
const SECRET = { TIKTOK_CLIENT_SECRET: "example-secret-0123456789" };

describe(".env.example defaults to the safe choice", () => {
  it("loads, and keeps /status behind a key (NODE_ENV=production) and proxy headers untrusted", () => {
    const config = loadConfig({ ...readEnvExample(), ...SECRET });
    expect(config.NODE_ENV).toBe("production");
    expect(config.TRUST_PROXY).toBe(false);
  });

  // Regression: the example said development, which opens /status to anyone; so did an unset NODE_ENV.
  it("treats an unset NODE_ENV as production, never development", () => {
    const { NODE_ENV: _unset, ...rest } = readEnvExample();
    expect(loadConfig({ ...rest, ...SECRET }).NODE_ENV).toBe("production");
  });

  // Regression: the api validated the worker's knobs too, so a worker-only typo stopped the api from booting.
  it("does not read the worker's variables: one only the worker would refuse leaves the api booting", () => {
    const config = loadConfig({ ...readEnvExample(), ...SECRET, TIKTOK_INGESTION_PAGE_SIZE: "21" });
    expect(config).not.toHaveProperty("TIKTOK_INGESTION_PAGE_SIZE");
  });
});
